package io.shardbridge.schema;

import io.shardbridge.config.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL shards keep the legacy types as they are, arrays, ranges, enums, domains and composites
 * included: the user-defined ones are created first ({@link #createTypes}). Sequence-filled columns become
 * plain columns: per-shard sequences would collide, so keys come from the authoritative side (DESIGN §5).
 */
final class PostgresPhysicalDdl implements PhysicalDdl {
    private static final int MAX_IDENTIFIER = 63;

    @Override
    public List<String> createTable(TableDefinition table, String physicalName, String indexSuffix) {
        List<String> columns = new ArrayList<>();
        for (ColumnDefinition column : table.columns()) {
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

    /**
     * PostgreSQL has no {@code CREATE TYPE IF NOT EXISTS}: each type is created inside a DO block that
     * first asks {@code to_regtype}, so a second run (or a type created by hand) is left as it is. An enum
     * that exists already gets the labels legacy has and it lacks, each after its predecessor, so the
     * label order (which sorting and comparisons use) stays legacy's.
     */
    @Override
    public List<String> createTypes(List<UserType> types) {
        List<String> ddl = new ArrayList<>();
        for (UserType type : types) {
            if (type.kind() == UserType.Kind.EXTENSION) {
                ddl.add("CREATE EXTENSION IF NOT EXISTS " + quote(type.definition()));
                continue;
            }
            if (type.name().contains(".")) {
                ddl.add("CREATE SCHEMA IF NOT EXISTS " + quote(type.schema()));
            }
            String create = switch (type.kind()) {
                case ENUM -> "CREATE TYPE " + type.name() + " AS ENUM (" + String.join(", ", type.labels().stream().map(PostgresPhysicalDdl::literal).toList()) + ")";
                case DOMAIN -> "CREATE DOMAIN " + type.name() + " " + type.definition();
                default -> "CREATE TYPE " + type.name() + " " + type.definition();
            };
            ddl.add("DO $shardbridge$ BEGIN IF to_regtype(" + literal(type.name()) + ") IS NULL THEN " + create + "; END IF; END $shardbridge$");
            for (int i = 1; type.kind() == UserType.Kind.ENUM && i < type.labels().size(); i++) {
                ddl.add("ALTER TYPE " + type.name() + " ADD VALUE IF NOT EXISTS " + literal(type.labels().get(i)) + " AFTER " + literal(type.labels().get(i - 1)));
            }
        }
        return ddl;
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String quote(String identifier) {
        return Dialect.POSTGRESQL.quote(identifier);
    }

    private static String quoteAll(List<String> identifiers) {
        return Dialect.POSTGRESQL.quoteAll(identifiers);
    }
}
