package io.shardbridge.schema;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.config.Dialect;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MySQL/MariaDB shards: PostgreSQL types mapped to their closest exact MySQL equivalent, tables in
 * utf8mb4 with a binary collation (PostgreSQL compares text case-sensitively; a case-insensitive
 * collation would turn distinct legacy keys into duplicates). Indexes are declared inside CREATE TABLE,
 * so {@code IF NOT EXISTS} makes the whole statement idempotent.
 */
final class MysqlPhysicalDdl implements PhysicalDdl {
    private static final Logger LOG = LoggerFactory.getLogger(MysqlPhysicalDdl.class);
    private static final int MAX_IDENTIFIER = 64;
    private static final Pattern STRING_LITERAL = Pattern.compile("^'((?:[^']|'')*)'(?:::[a-z ]+(?:\\(\\d+\\))?)?$");
    private static final Pattern NUMBER_LITERAL = Pattern.compile("^\\(?(-?\\d+(?:\\.\\d+)?)\\)?(?:::[a-z ]+)?$");

    @Override
    public List<String> createTable(TableDefinition table, String physicalName, String indexSuffix) {
        return createTable(table, physicalName, indexSuffix, java.util.Map.of());
    }

    @Override
    public List<String> createTable(TableDefinition table, String physicalName, String indexSuffix, java.util.Map<String, String> columnTypes) {
        Set<String> keyColumns = new HashSet<>(table.primaryKey());
        table.indexes().forEach(i -> keyColumns.addAll(i.columns()));
        List<String> parts = new ArrayList<>();
        for (ColumnDefinition column : table.columns()) {
            String type = mysqlType(table, column, keyColumns.contains(column.name()), Optional.ofNullable(columnTypes.get(column.name())));
            StringBuilder c = new StringBuilder(quote(column.name())).append(' ').append(type);
            c.append(column.notNull() ? " NOT NULL" : " NULL");
            boolean sameText = !column.baseType().endsWith("[]") && !List.of("interval", "money").contains(column.baseType()); // else the form differs
            column.defaultExpr().flatMap(d -> sameText ? mysqlDefault(table.name(), column, type, d) : leftOff(table.name(), column, d))
                    .ifPresent(d -> c.append(" DEFAULT ").append(d));
            parts.add(c.toString());
        }
        parts.add("PRIMARY KEY (" + quoteAll(table.primaryKey()) + ")");
        for (IndexDefinition index : table.indexes()) {
            parts.add((index.unique() ? "UNIQUE KEY " : "KEY ") + quote(PhysicalDdl.indexName(index.name(), indexSuffix, MAX_IDENTIFIER))
                    + " (" + quoteAll(index.columns()) + ")");
        }
        return List.of("CREATE TABLE IF NOT EXISTS " + quote(physicalName) + " (\n  " + String.join(",\n  ", parts)
                + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
    }

    static String mysqlType(TableDefinition definition, ColumnDefinition column, boolean inKey, Optional<String> override) {
        String table = definition.name();
        PgType t = PgType.parse(column.valueType(), table, column.name());
        if (t.array() || override.isPresent() || !MysqlTypeMapping.NativeTypes.holdsNatively(t.base())
                || List.of("inet", "cidr", "macaddr", "macaddr8", "interval", "money").contains(t.base())) {
            return MysqlTypeMapping.map(definition, column, t, inKey, override);
        }
        String mapped = switch (t.base()) {
            case "smallint" -> "SMALLINT";
            case "integer" -> "INT";
            case "bigint" -> "BIGINT";
            case "numeric" -> numeric(table, column, t);
            case "real" -> "FLOAT";
            case "double precision" -> "DOUBLE";
            case "character varying" -> t.arg1() == null ? text(table, column, inKey) : varchar(t.arg1(), table, column, inKey);
            case "text" -> text(table, column, inKey);
            case "character" -> {
                int n = t.arg1() == null ? 1 : t.arg1();
                if (n > 255) {
                    throw unmappable(table, column, "MySQL CHAR holds at most 255 characters; declare it varchar(" + n + ") on legacy");
                }
                yield "CHAR(" + n + ")";
            }
            case "boolean" -> "BOOLEAN";
            case "date" -> "DATE";
            case "time" -> "TIME(" + fraction(t) + ")";
            case "timestamp" -> "DATETIME(" + fraction(t) + ")";
            case "timestamptz" -> "DATETIME(" + fraction(t) + ")"; // holds the UTC instant; see docs/schema.md
            case "bytea" -> inKey ? refuseKey(table, column) : "LONGBLOB";
            case "json", "jsonb" -> inKey ? refuseKey(table, column) : "JSON";
            case "uuid" -> "CHAR(36)";
            default -> throw new IllegalStateException(t.base() + " is mapped by MysqlTypeMapping");
        };
        return mapped;
    }

    private static String numeric(String table, ColumnDefinition column, PgType t) {
        if (t.arg1() == null) {
            throw unmappable(table, column, "unconstrained numeric has no MySQL equivalent (DECIMAL needs a precision, and has no NaN or "
                    + "infinity); declare it numeric(p,s) on legacy with the precision your data needs, or keep this table on PostgreSQL shards");
        }
        int precision = t.arg1();
        int scale = t.arg2() == null ? 0 : t.arg2();
        if (precision > 65 || scale > 30) {
            throw unmappable(table, column, "numeric(" + precision + "," + scale + ") exceeds MySQL DECIMAL(65,30)");
        }
        return "DECIMAL(" + precision + "," + scale + ")";
    }

    private static int fraction(PgType t) {
        return t.arg1() == null ? 6 : Math.min(6, t.arg1());
    }

    private static String varchar(int length, String table, ColumnDefinition column, boolean inKey) {
        if (length <= 16383) {
            return "VARCHAR(" + length + ")";
        }
        return text(table, column, inKey);
    }

    private static String text(String table, ColumnDefinition column, boolean inKey) {
        return inKey ? refuseKey(table, column) : "LONGTEXT";
    }

    private static String refuseKey(String table, ColumnDefinition column) {
        throw unmappable(table, column, "it is part of the primary key or an index, and MySQL cannot index " + column.pgType()
                + " without a length; declare it varchar(n) on legacy (n ≤ 768 for a key)");
    }

    private static Optional<String> leftOff(String table, ColumnDefinition column, String pgDefault) {
        LOG.warn("table {}, column {}: default '{}' is left off the MySQL shards (the column holds another form of the value there); "
                + "mirrored rows carry the value legacy computed", table, column.name(), pgDefault);
        return Optional.empty();
    }

    private static Optional<String> mysqlDefault(String table, ColumnDefinition column, String mysqlType, String pgDefault) {
        String d = pgDefault.trim();
        String lower = d.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("now()") || lower.equals("current_timestamp") || lower.startsWith("current_timestamp(")) {
            if (mysqlType.startsWith("DATETIME")) {
                return Optional.of("CURRENT_TIMESTAMP" + mysqlType.substring("DATETIME".length()));
            }
        } else if (lower.equals("true") || lower.equals("false")) {
            return Optional.of(lower.toUpperCase(java.util.Locale.ROOT));
        } else {
            Matcher s = STRING_LITERAL.matcher(d);
            if (s.matches() && !mysqlType.equals("LONGTEXT") && !mysqlType.equals("JSON") && !mysqlType.equals("LONGBLOB")) {
                return Optional.of("'" + s.group(1).replace("\\", "\\\\") + "'");
            }
            Matcher n = NUMBER_LITERAL.matcher(d);
            if (n.matches()) {
                return Optional.of(n.group(1));
            }
        }
        LOG.warn("table {}, column {}: default '{}' has no MySQL equivalent and is left off the shards; "
                + "mirrored rows carry the value legacy computed", table, column.name(), pgDefault);
        return Optional.empty();
    }

    private static ShardbridgeException unmappable(String table, ColumnDefinition column, String why) {
        return new ShardbridgeException("table " + table + ", column " + column.name() + " (" + column.pgType()
                + "): cannot be provisioned on MySQL shards: " + why + ".");
    }

    private static String quote(String identifier) {
        return Dialect.MYSQL.quote(identifier);
    }

    private static String quoteAll(List<String> identifiers) {
        return Dialect.MYSQL.quoteAll(identifiers);
    }
}
