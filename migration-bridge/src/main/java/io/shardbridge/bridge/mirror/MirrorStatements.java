package io.shardbridge.bridge.mirror;

import io.shardbridge.config.Dialect;
import io.shardbridge.schema.TableDefinition;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Dialect-correct upsert and delete-by-key SQL for one physical table.
 *
 * <p>PostgreSQL: {@code ON CONFLICT (primary key) DO UPDATE}: only a primary-key conflict updates; a
 * clash on another unique index is an error (counted and left for repair), never a silent overwrite of
 * a different row. MySQL: {@code ON DUPLICATE KEY UPDATE}, which fires on any unique key; mirror writes
 * arrive in authoritative commit order, so a unique value has already left its old row when the new
 * row's image arrives.
 */
final class MirrorStatements {
    private MirrorStatements() {
    }

    static String upsert(Dialect dialect, TableDefinition table, String physicalTable, List<String> columns) {
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        List<String> nonKey = columns.stream().filter(c -> !table.primaryKey().contains(c)).toList();
        String insert = "INSERT INTO " + dialect.quote(physicalTable) + " (" + dialect.quoteAll(columns) + ") VALUES (" + marks + ")";
        if (dialect == Dialect.POSTGRESQL) {
            String conflict = " ON CONFLICT (" + dialect.quoteAll(table.primaryKey()) + ")";
            return nonKey.isEmpty() ? insert + conflict + " DO NOTHING"
                    : insert + conflict + " DO UPDATE SET " + nonKey.stream()
                    .map(c -> dialect.quote(c) + " = EXCLUDED." + dialect.quote(c)).collect(Collectors.joining(", "));
        }
        List<String> assigned = nonKey.isEmpty() ? List.of(table.primaryKey().get(0)) : nonKey;
        return insert + " ON DUPLICATE KEY UPDATE " + assigned.stream()
                .map(c -> dialect.quote(c) + " = VALUES(" + dialect.quote(c) + ")").collect(Collectors.joining(", "));
    }

    static String deleteByKey(Dialect dialect, TableDefinition table, String physicalTable) {
        return "DELETE FROM " + dialect.quote(physicalTable) + " WHERE "
                + table.primaryKey().stream().map(c -> dialect.quote(c) + " = ?").collect(Collectors.joining(" AND "));
    }
}
