package io.shardbridge.schema;

import java.util.Optional;

/**
 * One column of a logical table as PostgreSQL describes it.
 *
 * @param pgType         the type as {@code format_type()} prints it, e.g. {@code numeric(12,2)}: what the column is declared as
 * @param defaultExpr    the column default as PostgreSQL prints it, if any (sequence defaults excluded)
 * @param sequenceFilled true for serial, identity and {@code DEFAULT nextval(...)} columns
 * @param valueType      the type its values have: {@code pgType}, or for a column of a domain the domain's base type
 *                       (a domain only adds checks), so values are read, mapped and compared as that type
 */
public record ColumnDefinition(String name, String pgType, boolean notNull, Optional<String> defaultExpr, boolean sequenceFilled,
                               String valueType) {
    /** A column whose declared type is its values' type (no domain). */
    public ColumnDefinition(String name, String pgType, boolean notNull, Optional<String> defaultExpr, boolean sequenceFilled) {
        this(name, pgType, notNull, defaultExpr, sequenceFilled, pgType);
    }

    /**
     * The values' type without modifiers, as {@code format_type()} names it: {@code numeric}, {@code character varying},
     * {@code timestamptz} (for {@code timestamp with time zone}), {@code timestamp}, {@code jsonb}, …; an array
     * type is {@code <element>[]} ({@code integer[]}), and a type without modifiers (an enum, {@code int4range})
     * is its own name.
     */
    public String baseType() {
        return BASE_TYPES.computeIfAbsent(valueType, t -> {
            PgType parsed = PgType.parse(t, "?", name);
            return parsed.array() ? parsed.base() + "[]" : parsed.base();
        });
    }

    /** Parsed once per type text: row images ask for every column of every row they read. */
    private static final java.util.Map<String, String> BASE_TYPES = new java.util.concurrent.ConcurrentHashMap<>();
}
