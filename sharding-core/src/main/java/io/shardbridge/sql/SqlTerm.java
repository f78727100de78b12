package io.shardbridge.sql;

/** One side of a comparison: a {@link ColumnRef} or a {@link SqlValue}. */
public sealed interface SqlTerm permits ColumnRef, SqlValue {
}
