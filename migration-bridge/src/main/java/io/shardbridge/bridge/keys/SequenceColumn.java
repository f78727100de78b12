package io.shardbridge.bridge.keys;

import java.sql.Types;

/**
 * A column that legacy fills from a sequence ({@code serial}, {@code bigserial}, identity, or
 * {@code DEFAULT nextval(…)}), as found in the legacy catalog.
 *
 * @param table    the unit table (lower case, unqualified)
 * @param column   the column (lower case)
 * @param sequence the sequence as a {@code regclass} text, e.g. {@code public.bw_account_account_id_seq}
 * @param sqlType  {@link Types#SMALLINT}, {@link Types#INTEGER} or {@link Types#BIGINT}
 * @param maxValue the largest key the column and the sequence both accept
 */
record SequenceColumn(String table, String column, String sequence, int sqlType, long maxValue) {
    /** The key as the legacy driver returns such a column (Integer for smallint and integer, Long for bigint). */
    public Object typed(long key) {
        return sqlType == Types.BIGINT ? (Object) key : (Object) Math.toIntExact(key);
    }

    /** The largest value of the column's type alone (the whole space a flip measures what is left of). */
    public long typeMax() {
        return switch (sqlType) {
            case Types.SMALLINT -> Short.MAX_VALUE;
            case Types.INTEGER -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE - 1; // one short of the top, so "next = max + 1" never overflows
        };
    }

    /** "table.column" for messages. */
    public String qualified() {
        return table + "." + column;
    }
}
