package io.shardbridge.bridge.verify;

import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Finds the PostgreSQL tables of a unit where dead row versions dominate (issue #20). A backfill over
 * rows the mirror already holds (a restarted pass, or the way back at RAMP_DOWN, where legacy received
 * every write) upserts each row again, leaving one dead version per row until VACUUM removes it; a
 * key-range read — the verifier's checksum, the next backfill's chunk — then visits every dead version
 * its index points at: verification crawled at ~2 s a range over ~1M dead tuples. Rather than read
 * around it, say so: from PostgreSQL's own counters ({@code pg_stat_user_tables}: no scan, cheap on any
 * size), every table whose dead versions outnumber its live rows, and at least {@link #MIN_DEAD_ROWS}.
 * MySQL/MariaDB shards need nothing: InnoDB's purge removes old versions by itself.
 */
public final class DeadTuples {
    /** Fewer dead versions than this read fast whatever the ratio: no advice. */
    public static final long MIN_DEAD_ROWS = 1000;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeadTuples.class);

    private final DataSource legacy;
    private final Map<String, ? extends DataSource> shards;
    private final TargetConfig target;

    public DeadTuples(DataSource legacy, Map<String, ? extends DataSource> shards, TargetConfig target) {
        this.legacy = legacy;
        this.shards = shards;
        this.target = target;
    }

    /** Advice for the tables on the given sides (a table whose counters cannot be read gets none: this is advice, not a check). */
    public List<VacuumAdvice> advise(Collection<String> tables, Set<Side> sides) {
        List<VacuumAdvice> out = new ArrayList<>();
        for (String table : tables) {
            if (sides.contains(Side.LEGACY)) {
                read(Side.LEGACY, "legacy", legacy, table, table, out);
            }
            if (sides.contains(Side.TARGET) && target.dialect() == Dialect.POSTGRESQL) {
                for (PhysicalTable physical : physicalTables(table)) {
                    read(Side.TARGET, physical.shard(), shards.get(physical.shard()), physical.table(), table, out);
                }
            }
        }
        return out;
    }

    private List<PhysicalTable> physicalTables(String table) {
        return target.table(table).map(rule -> new ShardLayout(rule, target.shardNames()).physicalTables())
                .orElseGet(() -> target.shardNames().stream().map(s -> new PhysicalTable(s, table)).toList()); // a broadcast table
    }

    private static void read(Side side, String database, DataSource source, String table, String logical, List<VacuumAdvice> out) {
        if (source == null) {
            return;
        }
        try (Connection c = source.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT n_dead_tup, n_live_tup FROM pg_stat_user_tables WHERE relid = to_regclass(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && dominate(rs.getLong(1), rs.getLong(2))) {
                    out.add(new VacuumAdvice(side, database, table, logical, rs.getLong(1), rs.getLong(2)));
                }
            }
        } catch (SQLException e) {
            LOG.debug("could not read the dead row versions of {} on {}: {}", table, database, e.toString());
        }
    }

    /** Dead versions outnumber live rows, and there are enough of them to slow a read down. */
    static boolean dominate(long dead, long live) {
        return dead >= MIN_DEAD_ROWS && dead > live;
    }
}
