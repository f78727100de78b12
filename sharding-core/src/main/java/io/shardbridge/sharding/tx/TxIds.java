package io.shardbridge.sharding.tx;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Cross-shard transaction ids: {@code sb:<32 hex of a random UUID>:<anchor database>}. The random part makes an
 * id unique across every instance and cluster; the anchor database says where the decision is recorded, and
 * lets a recovery tell its own target's prepared branches from those of any other service on the same server
 * (it never touches an id whose anchor is not one of its shards).
 */
final class TxIds {
    static final String PREFIX = "sb:";
    /** MariaDB/MySQL limit an xid's gtrid to 64 bytes. */
    static final int MAX_BYTES = 64;

    private TxIds() {
    }

    static String next(String anchorDb) {
        UUID u = UUID.randomUUID();
        return PREFIX + String.format("%016x%016x", u.getMostSignificantBits(), u.getLeastSignificantBits()) + ":" + anchorDb;
    }

    static String anchorOf(String txId) {
        int colon = txId.indexOf(':', PREFIX.length());
        return colon < 0 ? "" : txId.substring(colon + 1);
    }

    /** Null when ids anchored on {@code database} fit every engine's limit, else why not. */
    static String tooLong(String database) {
        int bytes = PREFIX.length() + 33 + database.getBytes(StandardCharsets.UTF_8).length;
        return bytes <= MAX_BYTES ? null : "database name '" + database + "' makes transaction ids of " + bytes + " bytes; XA allows "
                + MAX_BYTES + " (use a database name of at most " + (MAX_BYTES - PREFIX.length() - 33) + " bytes)";
    }
}
