package io.shardbridge.sql;

/** Where a value in the SQL comes from. */
public sealed interface SqlValue extends SqlTerm {
    /** A parameter marker; {@code index} counts from 0. */
    record Parameter(int index) implements SqlValue {
    }

    /** A literal in the SQL text ({@code value} null for {@code NULL}). */
    record Literal(Object value) implements SqlValue {
    }

    /** Anything computed (a function call, arithmetic, a column reference, DEFAULT), with its text. */
    record Expression(String text) implements SqlValue {
    }
}
