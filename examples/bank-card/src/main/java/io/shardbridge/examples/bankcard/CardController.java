package io.shardbridge.examples.bankcard;

import java.math.BigDecimal;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The service's HTTP API. */
@RestController
public class CardController {
    private final CardRepository cards;

    public CardController(CardRepository cards) {
        this.cards = cards;
    }

    @PostMapping("/cards")
    public Card issue(@RequestBody Card card) {
        cards.issue(card);
        return card;
    }

    @PostMapping("/cards/{cardId}/top-up")
    public ResponseEntity<String> topUp(@PathVariable long cardId, @RequestParam long userId, @RequestParam BigDecimal amount) {
        java.util.OptionalLong movement = cards.topUp(cardId, userId, amount);
        return movement.isPresent() ? ResponseEntity.ok("{\"movementId\":" + movement.getAsLong() + "}") : ResponseEntity.notFound().build();
    }

    @GetMapping("/cards/{cardId}")
    public ResponseEntity<Card> find(@PathVariable long cardId, @RequestParam long userId) {
        return ResponseEntity.of(cards.find(cardId, userId));
    }
}
