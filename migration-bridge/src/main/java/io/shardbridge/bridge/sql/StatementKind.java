package io.shardbridge.bridge.sql;

/** What a statement does, as far as routing and mirroring care. */
public enum StatementKind {
    SELECT, INSERT, UPDATE, DELETE,
    /** CREATE/ALTER/DROP/TRUNCATE and the like: never mirrored, refused on a migrating table. */
    DDL,
    /**
     * {@code CREATE TABLE/INDEX … IF NOT EXISTS}: a no-op where the relation exists (schema scripts run on every
     * start), DDL otherwise. The relation's name is the shape's {@code writtenTable}.
     */
    CREATE_IF_MISSING,
    /** Anything else that parsed (SET, SHOW, transaction control, …): touches no table rows. */
    OTHER,
    /** The parser could not read it: refused on a migrating table, passed through elsewhere. */
    UNPARSEABLE;

    /** Changes the schema: refused on a table while its unit mirrors writes (unless a no-op there). */
    public boolean changesSchema() {
        return this == DDL || this == CREATE_IF_MISSING;
    }

    public boolean writesRows() {
        return this == INSERT || this == UPDATE || this == DELETE;
    }
}
