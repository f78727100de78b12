package io.shardbridge.config;

import java.util.Locale;

/**
 * What a transaction that writes more than one shard gets ({@code target.cross-shard-transactions}, DESIGN §12).
 * Unset, a target is {@link #ATOMIC} when every shard can prepare transactions and refuses to start otherwise,
 * so a service is never silently exposed to a half-committed transaction.
 */
public enum CrossShardTransactions {
    /** Two-phase commit across the shards written, with the decision recorded durably and a recovery any instance runs. */
    ATOMIC,
    /** The first statement that would make a transaction write a second shard fails before it runs. */
    REFUSE;

    static CrossShardTransactions parse(String path, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "atomic" -> ATOMIC;
            case "refuse" -> REFUSE;
            default -> throw new ConfigException(path, "unknown value '" + text + "'; use atomic (two-phase commit across shards) "
                    + "or refuse (a transaction may write one shard only)");
        };
    }

    /** The YAML spelling. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
