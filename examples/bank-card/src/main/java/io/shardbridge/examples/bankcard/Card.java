package io.shardbridge.examples.bankcard;

import java.math.BigDecimal;

/** A bank card. */
public record Card(long cardId, long userId, String panLast4, String status, BigDecimal balance) {
}
