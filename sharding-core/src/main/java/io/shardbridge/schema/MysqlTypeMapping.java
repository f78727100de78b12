package io.shardbridge.schema;

import io.shardbridge.ShardbridgeException;
import java.util.Optional;

/**
 * The MySQL/MariaDB column for a PostgreSQL type MySQL has no native equivalent of, where a faithful one
 * exists; every other type is refused here, at {@code schema} time, naming the column, its type and the
 * choices. Faithful means: the value goes over and comes back to PostgreSQL unchanged, and verification
 * compares it exactly (docs/schema.md has the whole table):
 * <ul>
 *   <li>an enum → {@code ENUM(labels)} (same labels, same order);</li>
 *   <li>{@code inet}, {@code cidr} → {@code VARCHAR(43)}, {@code macaddr(8)} → {@code VARCHAR(17/23)}: PostgreSQL's own text;</li>
 *   <li>{@code interval} → {@code VARCHAR(64)} holding {@code P<months>M<days>DT<seconds>S}, PostgreSQL's three fields apart
 *       (an ISO 8601 duration PostgreSQL reads back as the same interval);</li>
 *   <li>{@code money} → {@code DECIMAL(19,2)};</li>
 *   <li>an array → {@code JSON} (nested per dimension, NULL elements as null, numbers as numbers);</li>
 *   <li>with {@code column-types: { c: text }}, any other type → {@code LONGTEXT} holding PostgreSQL's text form of the value.</li>
 * </ul>
 */
final class MysqlTypeMapping {
    static final String CHOICES = "choices: change the column on legacy to a type MySQL holds, keep this table on PostgreSQL shards, or set "
            + "target.tables.%s.column-types: { %s: text } to hold PostgreSQL's text form of each value in a LONGTEXT (docs/schema.md)";

    private MysqlTypeMapping() {
    }

    /** The MySQL type of a column whose values' type has no native MySQL counterpart, or a refusal. */
    static String map(TableDefinition table, ColumnDefinition column, PgType type, boolean inKey, Optional<String> override) {
        String base = type.base();
        if (override.isPresent()) {
            return overridden(table, column, type, inKey, override.get());
        }
        if (type.array()) {
            if (inKey) {
                throw refused(table, column, "it is part of the primary key or an index, and MySQL cannot index a JSON array", false);
            }
            return "JSON";
        }
        Optional<UserType> user = table.userType(base);
        if (user.isPresent() && user.get().kind() == UserType.Kind.ENUM) {
            return "ENUM(" + String.join(", ", user.get().labels().stream().map(l -> "'" + l.replace("\\", "\\\\").replace("'", "''") + "'").toList()) + ")";
        }
        return switch (base) {
            case "inet", "cidr" -> "VARCHAR(43)";
            case "macaddr" -> "VARCHAR(17)";
            case "macaddr8" -> "VARCHAR(23)";
            case "interval" -> "VARCHAR(64)";
            case "money" -> "DECIMAL(19,2)";
            case "timetz" -> throw refused(table, column, "MySQL TIME has no offset, and the instant alone would lose it", true);
            default -> throw refused(table, column, describe(user, column), true);
        };
    }

    private static String overridden(TableDefinition table, ColumnDefinition column, PgType type, boolean inKey, String override) {
        if (override.equals("json")) {
            if (!type.array()) {
                throw refused(table, column, "column-types json holds arrays; for this type use text", false);
            }
            if (inKey) {
                throw refused(table, column, "it is part of the primary key or an index, and MySQL cannot index a JSON array", false);
            }
            return "JSON";
        }
        if (type.array()) {
            throw refused(table, column, "arrays go to MySQL as JSON (column-types json, or no override); text is for other types", false);
        }
        if (NativeTypes.holdsNatively(type.base()) || table.userType(type.base()).map(u -> u.kind() == UserType.Kind.ENUM).orElse(false)) {
            throw refused(table, column, "it has a native MySQL mapping already (remove its column-types entry)", false);
        }
        if (inKey) {
            throw refused(table, column, "it is part of the primary key or an index, and MySQL cannot index LONGTEXT; declare it varchar(n) on legacy", false);
        }
        return "LONGTEXT";
    }

    private static String describe(Optional<UserType> user, ColumnDefinition column) {
        if (user.isPresent()) {
            return switch (user.get().kind()) {
                case COMPOSITE -> "a composite type has no MySQL equivalent";
                case RANGE -> "a range type has no MySQL equivalent";
                default -> "type " + column.valueType() + " has no exact MySQL equivalent";
            };
        }
        return "PostgreSQL type '" + column.valueType() + "' has no exact MySQL equivalent";
    }

    static ShardbridgeException refused(TableDefinition table, ColumnDefinition column, String why, boolean withChoices) {
        return new ShardbridgeException("table " + table.name() + ", column " + column.name() + " (" + column.pgType()
                + "): cannot be provisioned on MySQL shards: " + why + (withChoices ? "; " + CHOICES.formatted(table.name(), column.name()) : "") + ".");
    }

    /** The types {@link MysqlPhysicalDdl} maps itself. */
    static final class NativeTypes {
        private static final java.util.Set<String> NATIVE = java.util.Set.of("smallint", "integer", "bigint", "numeric", "real", "double precision",
                "character varying", "text", "character", "boolean", "date", "time", "timestamp", "timestamptz", "bytea", "json", "jsonb", "uuid",
                "inet", "cidr", "macaddr", "macaddr8", "interval", "money");

        private NativeTypes() {
        }

        static boolean holdsNatively(String base) {
            return NATIVE.contains(base);
        }
    }
}
