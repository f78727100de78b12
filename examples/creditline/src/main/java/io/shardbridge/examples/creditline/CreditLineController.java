package io.shardbridge.examples.creditline;

import java.math.BigDecimal;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The service's HTTP API. */
@RestController
public class CreditLineController {
    private final CreditLines lines;
    private final Drawdowns drawdowns;

    public CreditLineController(CreditLines lines, Drawdowns drawdowns) {
        this.lines = lines;
        this.drawdowns = drawdowns;
    }

    @PostMapping("/lines")
    public CreditLine open(@RequestParam long customerId, @RequestParam BigDecimal limit) {
        return lines.save(new CreditLine(customerId, limit));
    }

    /** Draws on a line: the line and the drawdown row change in one transaction. 409 when over the limit. */
    @PostMapping("/lines/{id}/draw")
    @Transactional
    public ResponseEntity<CreditLine> draw(@PathVariable long id, @RequestParam long customerId, @RequestParam BigDecimal amount) {
        return lines.findByIdAndCustomerId(id, customerId).map(line -> {
            if (!line.draw(amount)) {
                return ResponseEntity.status(409).body(line);
            }
            drawdowns.save(new Drawdown(id, customerId, amount));
            return ResponseEntity.ok(line);
        }).orElse(ResponseEntity.notFound().build());
    }

    @GetMapping("/lines/{id}")
    public ResponseEntity<CreditLine> find(@PathVariable long id, @RequestParam long customerId) {
        return ResponseEntity.of(lines.findByIdAndCustomerId(id, customerId));
    }
}
