package io.shardbridge.planbench;

import io.shardbridge.config.CandidatePlans;
import io.shardbridge.sharding.ShardLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;

/**
 * One pass over every row of the legacy table: each row's size ({@code pg_column_size}) is added to the
 * physical table each candidate plan would put it in, with the plan's own slot function — the one the
 * router, backfill and verification use. Rows whose key a plan cannot place (NULL, a type its algorithm
 * refuses) are counted apart.
 */
final class TableScan {
    /** Rows and bytes per physical table of one plan. */
    /** @param whyUnplaceable the first reason a row had no place under the plan, or null */
    record Placement(Skew rows, Skew bytes, long unplaceable, String whyUnplaceable) {
    }

    private TableScan() {
    }

    static List<Placement> place(Connection legacy, String table, List<CandidatePlans.Plan> plans, LongConsumer progress) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        plans.forEach(p -> keys.add(p.rule().shardKey()));
        List<String> keyList = List.copyOf(keys);
        List<ShardLayout> layouts = plans.stream().map(p -> new ShardLayout(p.rule(), shardNames(p.shards()))).toList();
        int[] keyOfPlan = plans.stream().mapToInt(p -> keyList.indexOf(p.rule().shardKey())).toArray();
        long[][] rows = new long[plans.size()][];
        long[][] bytes = new long[plans.size()][];
        long[] unplaceable = new long[plans.size()];
        String[] why = new String[plans.size()];
        for (int p = 0; p < plans.size(); p++) {
            rows[p] = new long[layouts.get(p).slotCount()];
            bytes[p] = new long[layouts.get(p).slotCount()];
        }
        String sql = "SELECT " + String.join(", ", keyList.stream().map(k -> "t." + quote(k)).toList()) + ", pg_column_size(t.*) FROM " + quote(table) + " t";
        boolean autoCommit = legacy.getAutoCommit();
        legacy.setAutoCommit(false); // a cursor: the table is streamed, not held in memory
        try (PreparedStatement ps = legacy.prepareStatement(sql)) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                long seen = 0;
                Object[] values = new Object[keyList.size()];
                while (rs.next()) {
                    for (int k = 0; k < values.length; k++) {
                        values[k] = rs.getObject(k + 1);
                    }
                    long size = rs.getLong(values.length + 1);
                    for (int p = 0; p < plans.size(); p++) {
                        Object key = values[keyOfPlan[p]];
                        int slot;
                        try {
                            slot = key == null ? -1 : layouts.get(p).slotFunction().slotOf(key);
                            if (key == null && why[p] == null) {
                                why[p] = "a NULL " + plans.get(p).rule().shardKey();
                            }
                        } catch (RuntimeException e) {
                            slot = -1;
                            if (why[p] == null) {
                                why[p] = e.getMessage();
                            }
                        }
                        if (slot < 0) {
                            unplaceable[p]++;
                        } else {
                            rows[p][slot]++;
                            bytes[p][slot] += size;
                        }
                    }
                    if (++seen % 100_000 == 0) {
                        progress.accept(seen);
                    }
                }
                progress.accept(seen);
            }
        } finally {
            legacy.commit();
            legacy.setAutoCommit(autoCommit);
        }
        return IntStream.range(0, plans.size()).mapToObj(p -> new Placement(Skew.of(rows[p]), Skew.of(bytes[p]), unplaceable[p], why[p])).toList();
    }

    static List<String> shardNames(int shards) {
        List<String> names = new ArrayList<>(shards);
        for (int s = 0; s < shards; s++) {
            names.add("ds" + s);
        }
        return names;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
