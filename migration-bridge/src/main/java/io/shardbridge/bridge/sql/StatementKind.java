package io.shardbridge.bridge.sql;

/** What a statement does, as far as routing and mirroring care. */
public enum StatementKind {
    SELECT, INSERT, UPDATE, DELETE,
    /** CREATE/ALTER/DROP/TRUNCATE and the like: never mirrored, refused on a migrating table. */
    DDL,
    /** Anything else that parsed (SET, SHOW, transaction control, …): touches no table rows. */
    OTHER,
    /** The parser could not read it: refused on a migrating table, passed through elsewhere. */
    UNPARSEABLE;

    public boolean writesRows() {
        return this == INSERT || this == UPDATE || this == DELETE;
    }
}
