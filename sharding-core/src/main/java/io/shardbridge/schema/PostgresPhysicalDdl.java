package io.shardbridge.schema;

import io.shardbridge.config.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL shards keep the legacy types as they are. Sequence-filled columns become plain columns:
 * per-shard sequences would collide, so keys come from the authoritative side (DESIGN §5).
 */
final class PostgresPhysicalDdl implements PhysicalDdl {
    private static final int MAX_IDENTIFIER = 63;

    @Override
    public List<String> createTable(TableDefinition table, String physicalName, String indexSuffix) {
        List<String> columns = new ArrayList<>();
        for (ColumnDefinition column : table.columns()) {
            PgType.parse(column.pgType(), table.name(), column.name());
            StringBuilder c = new StringBuilder(quote(column.name())).append(' ').append(column.pgType());
            if (column.notNull()) {
                c.append(" NOT NULL");
            }
            column.defaultExpr().ifPresent(d -> c.append(" DEFAULT ").append(d));
            columns.add(c.toString());
        }
        columns.add("PRIMARY KEY (" + quoteAll(table.primaryKey()) + ")");
        List<String> ddl = new ArrayList<>();
        ddl.add("CREATE TABLE IF NOT EXISTS " + quote(physicalName) + " (\n  " + String.join(",\n  ", columns) + "\n)");
        for (IndexDefinition index : table.indexes()) {
            ddl.add("CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX IF NOT EXISTS "
                    + quote(PhysicalDdl.indexName(index.name(), indexSuffix, MAX_IDENTIFIER))
                    + " ON " + quote(physicalName) + " (" + quoteAll(index.columns()) + ")");
        }
        return ddl;
    }

    private static String quote(String identifier) {
        return Dialect.POSTGRESQL.quote(identifier);
    }

    private static String quoteAll(List<String> identifiers) {
        return Dialect.POSTGRESQL.quoteAll(identifiers);
    }
}
