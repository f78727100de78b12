package io.shardbridge.bridge.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The order a unit's tables are backfilled in: every table after the tables its foreign keys reference,
 * as legacy's catalog declares them (the shards carry no foreign keys; legacy does, and the way back
 * writes into it). Why this is enough for the way back: a chunk of a child table inserts rows whose
 * parents the authoritative side holds; the parent table was copied completely before, and parents
 * written since are mirrored by the dual writes, so each referenced row exists on legacy when the
 * child row arrives. Among tables with no order between them the unit's own list order is kept;
 * a cycle of foreign keys (which no insert order satisfies without deferred constraints) keeps the
 * list order for the tables on it and is logged.
 */
final class ForeignKeyOrder {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ForeignKeyOrder.class);
    private static final String REFERENCES = """
            SELECT child.relname, parent.relname FROM pg_constraint c
              JOIN pg_class child ON child.oid = c.conrelid JOIN pg_class parent ON parent.oid = c.confrelid
              JOIN pg_namespace n ON n.oid = child.relnamespace
             WHERE c.contype = 'f' AND n.nspname = current_schema() AND child.oid <> parent.oid""";

    private ForeignKeyOrder() {
    }

    /** {@code tables} reordered parents first, from legacy's catalog. */
    static List<String> parentsFirst(DataSource legacy, List<String> tables) throws SQLException {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        tables.forEach(t -> parents.put(t, new LinkedHashSet<>()));
        try (Connection c = legacy.getConnection(); PreparedStatement ps = c.prepareStatement(REFERENCES); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String child = rs.getString(1);
                String parent = rs.getString(2);
                if (parents.containsKey(child) && parents.containsKey(parent)) {
                    parents.get(child).add(parent);
                }
            }
        }
        return sort(tables, parents);
    }

    /** Kahn's order, taking the first ready table of the list each time (so the list order breaks ties). */
    static List<String> sort(List<String> tables, Map<String, Set<String>> parents) {
        List<String> out = new ArrayList<>();
        List<String> left = new ArrayList<>(tables);
        while (!left.isEmpty()) {
            String ready = left.stream().filter(t -> out.containsAll(parents.getOrDefault(t, Set.of()))).findFirst().orElse(null);
            if (ready == null) {
                LOG.warn("tables {} reference each other in a cycle of foreign keys: they are backfilled in the unit's list order, and a "
                        + "backfill into legacy needs those constraints DEFERRABLE", left);
                out.addAll(left);
                break;
            }
            out.add(ready);
            left.remove(ready);
        }
        return out;
    }
}
