package io.shardbridge.sql;

/**
 * A column reference.
 *
 * @param name  the column's name as the parser reads it (quotes removed, case as written)
 * @param owner the table name or alias that qualifies it ({@code a.id} → {@code a}), or null
 */
public record ColumnRef(String name, String owner) implements SqlTerm {
}
