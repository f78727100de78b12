package io.shardbridge.sql;

import java.util.Set;

/**
 * A DDL statement.
 *
 * @param tables           the tables it changes (ALTER/CREATE/DROP/TRUNCATE TABLE, CREATE INDEX), lower case
 * @param createdIfMissing the relation a {@code CREATE TABLE/INDEX … IF NOT EXISTS} creates, lower case; null for other DDL
 */
public record DdlFacts(Set<String> tables, String createdIfMissing) {
    public DdlFacts {
        tables = Set.copyOf(tables);
    }
}
