package io.shardbridge.bridge.types;

import io.shardbridge.config.Dialect;
import io.shardbridge.config.ShardbridgeConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One engine's type corpus for {@link TypeCorpusContract}: the legacy table with a column of each type, its rows of
 * edge values, the smallest change of each, and how each side's rows read back to be compared.
 */
abstract class TypeCorpus {
    static final String TABLE = "tc_row";

    abstract Dialect dialect();

    /** DDL for legacy: the types and the table (dropped first). */
    abstract String legacyDdl();

    /** Drops the corpus table and the types on one shard. */
    abstract void dropOnShard(Statement st) throws SQLException;

    /** The corpus rows as column → SQL literal, each with an "id". */
    abstract List<Map<String, String>> rows();

    /** Per damaged column, the literal that changes row 2 by the smallest step (on the shard). */
    abstract Map<String, String> smallestChanges();

    /** Every row of the corpus on the shard side, by id, in a text both sides can be compared in. */
    abstract Map<Long, String> targetRows(ShardbridgeConfig config) throws SQLException;

    /** Every row of the corpus on legacy, by id, in the text {@link #targetRows} uses. */
    abstract Map<Long, String> legacyRows() throws SQLException;

    /** The row LIVE inserts through the target, in the target's SQL: equal in value to {@code rows().get(2)}. */
    abstract Map<String, String> liveRow();

    /** Extra keys of the corpus table's shard rule (column-types on MySQL). */
    String ruleExtras() {
        return "";
    }

    /** Whether the target answers a read of the corpus with the same values as legacy (same engine: yes). */
    boolean shadowReadsMatch() {
        return true;
    }

    /** Checks after the backfill, on the target as it stores the values. */
    void afterBackfill(ShardbridgeConfig config) throws SQLException {
    }

    /**
     * The columns a read through the router may ask for. ShardingSphere 5.5.2 loads a merged result through
     * {@code getBigDecimal}/{@code getDouble}/{@code getTime} per column, which fails on numeric NaN and on
     * money above 999.99, drops the microseconds of {@code time} and a {@code timetz}'s offset, and prints
     * intervals and geometric values in the driver's object format rather than the server's (docs/schema.md): a service reading those through the router on several shards gets that, with or
     * without shardbridge; single-shard reads take the fast path and are exact.
     */
    String routedColumns() {
        return "*";
    }

    /** {@code id → text} for every row of a query's result (column 1 the id, column 2 the text). */
    static Map<Long, String> byId(Connection c, String sql, Map<Long, String> into) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                into.put(rs.getLong(1), rs.getString(2));
            }
        }
        return into;
    }

    static Map<Long, String> sorted() {
        return new TreeMap<>();
    }

    static List<String> list(String... items) {
        return new ArrayList<>(List.of(items));
    }
}
