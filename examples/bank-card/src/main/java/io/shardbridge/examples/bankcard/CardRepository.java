package io.shardbridge.examples.bankcard;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Plain JdbcTemplate SQL, as the service had before the migration; it does not change during it. */
@Repository
public class CardRepository {
    private final JdbcTemplate jdbc;

    public CardRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void issue(Card card) {
        jdbc.update("INSERT INTO bank_card (card_id, user_id, pan_last4, status, balance) VALUES (?, ?, ?, ?, ?)",
                card.cardId(), card.userId(), card.panLast4(), card.status(), card.balance());
    }

    /**
     * Adds to the balance and records the movement, in one transaction (both tables move together as one
     * unit); returns the movement's id, which its {@code bigserial} fills, or empty when there is no such card.
     */
    @Transactional
    public OptionalLong topUp(long cardId, long userId, BigDecimal amount) {
        int updated = jdbc.update("UPDATE bank_card SET balance = balance + ? WHERE card_id = ? AND user_id = ?", amount, cardId, userId);
        if (updated != 1) {
            return OptionalLong.empty();
        }
        KeyHolder movement = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("INSERT INTO card_movement (card_id, user_id, amount) VALUES (?, ?, ?)",
                    new String[] {"movement_id"});
            ps.setLong(1, cardId);
            ps.setLong(2, userId);
            ps.setBigDecimal(3, amount);
            return ps;
        }, movement);
        return OptionalLong.of(Objects.requireNonNull(movement.getKey(), "no movement_id came back").longValue());
    }

    public Optional<Card> find(long cardId, long userId) {
        return jdbc.query("SELECT card_id, user_id, pan_last4, status, balance FROM bank_card WHERE card_id = ? AND user_id = ?",
                (rs, i) -> new Card(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5)), cardId, userId)
                .stream().findFirst();
    }
}
