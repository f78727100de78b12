package io.shardbridge.bridge.backfill;

import io.shardbridge.bridge.mirror.MirrorTransaction;
import io.shardbridge.bridge.row.KeyBound;
import io.shardbridge.bridge.row.MirrorValues;
import io.shardbridge.bridge.row.RoutedNames;
import io.shardbridge.bridge.row.RowChange;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.bridge.row.RowImageReader;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Makes a copied key range of the mirror hold exactly the source's rows (DESIGN §6, §12): rows the
 * mirror has in the range that the chunk did not find on the source — deleted on the target while
 * legacy received nothing (TARGET_ONLY), or left from an earlier, abandoned run — are deleted from the
 * mirror, instead of being left for a verification to report as EXTRA.
 *
 * <p>It runs after the chunk has committed and released its source locks, in two steps:
 * <ol>
 *   <li>in a mirror transaction, delete the mirror's keys in the range that the chunk did not read;</li>
 *   <li>then read those keys again on the source, {@code FOR SHARE NOWAIT} in one transaction, and
 *   write the rows found to the mirror before that transaction commits; while a key is locked, step 2
 *   is tried again after a pause.</li>
 * </ol>
 * Why a concurrent dual write cannot be lost: a writer of key k writes k on the source, then its image
 * to the mirror, then commits the source, then the mirror (§5). If its mirror write came before the
 * delete, the delete waited for the writer's mirror commit, so the writer had committed on the source
 * first and step 2 reads k and writes its current image, under the share lock (the §6 argument). If
 * its mirror write came after the delete, the writer's image is the newer one and stays. A key that
 * step 2 finds locked is held by a writer whose mirror write comes after the delete (it could not have
 * written the mirror earlier without the delete having waited for its whole commit); step 2 tries again
 * once it is free and writes the same image or a newer one. The delete holds no source lock while it may wait for a mirror row lock,
 * and step 2 never waits, so neither step can close a cycle with the service.
 *
 * <p>The range is read on the mirror in the mirror's own key order; where a text key collates
 * differently there, the read may take in keys of a neighbouring chunk: those exist on the source, so
 * step 2 writes them back. The cost is one index range read of keys on the mirror per chunk.
 */
final class StaleRows {
    private final DualWriteUnit unit;
    private final TableDefinition table;
    private final Side from;
    private final DataSource source;
    private final Dialect sourceDialect;
    private final DataSource mirror;
    private final Dialect mirrorDialect;
    private final Ticker ticker;

    StaleRows(DualWriteUnit unit, TableDefinition table, Side from, DataSource source, Dialect sourceDialect, DataSource mirror,
              Dialect mirrorDialect, Ticker ticker) {
        this.ticker = ticker;
        this.unit = unit;
        this.table = table;
        this.from = from;
        this.source = source;
        this.sourceDialect = sourceDialect;
        this.mirror = mirror;
        this.mirrorDialect = mirrorDialect;
    }

    /** Deletes the mirror's rows in {@code lower < key <= upper} (either open) that are not in {@code copied}; returns how many. */
    int prune(RowImage lower, RowImage upper, List<RowImage> copied) throws SQLException {
        Set<List<Object>> onSource = new HashSet<>();
        copied.forEach(r -> onSource.add(r.keyValues(table.primaryKey())));
        List<RowImage> stale = new ArrayList<>();
        for (RowImage key : mirrorKeys(lower, upper)) {
            if (!onSource.contains(key.keyValues(table.primaryKey()))) {
                stale.add(key);
            }
        }
        if (stale.isEmpty()) {
            return 0;
        }
        try (MirrorTransaction tx = unit.mirrorFor(from).beginWithoutKeyLocks()) {
            tx.apply(stale.stream().<RowChange>map(RowChange.Delete::new).toList());
            tx.commit();
        }
        rewriteThoseStillOnTheSource(stale);
        return stale.size();
    }

    /**
     * {@link #prune} for a range whose chunk is long committed: the source's keys are read again (without
     * locks: a key deleted here that the source has is written back by step 2, as above).
     */
    int pruneReadingTheSource(RowImage lower, RowImage upper) throws SQLException {
        return prune(lower, upper, keys(source, sourceDialect, lower, upper));
    }

    private List<RowImage> mirrorKeys(RowImage lower, RowImage upper) throws SQLException {
        return keys(mirror, mirrorDialect, lower, upper);
    }

    private List<RowImage> keys(DataSource side, Dialect dialect, RowImage lower, RowImage upper) throws SQLException {
        Dialect mirrorDialect = dialect;
        DataSource mirror = side;
        List<KeyBound> bounds = new ArrayList<>(2);
        if (lower != null) {
            bounds.add(KeyBound.of(mirrorDialect, table.primaryKey(), lower, true));
        }
        if (upper != null) {
            bounds.add(KeyBound.of(mirrorDialect, table.primaryKey(), upper, false));
        }
        String sql = "SELECT " + RoutedNames.names(mirrorDialect, table.primaryKey()) + " FROM " + RoutedNames.name(mirrorDialect, table.name())
                + (bounds.isEmpty() ? "" : " WHERE " + bounds.stream().map(KeyBound::sql).collect(Collectors.joining(" AND ")));
        List<RowImage> out = new ArrayList<>();
        try (Connection c = mirror.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int position = 1;
            for (KeyBound bound : bounds) {
                position = bound.bind(ps, position, mirrorDialect, table.name());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(RowImageReader.keyImage(rs, table, table.primaryKey(), mirrorDialect));
                }
            }
        }
        return out;
    }

    /** Step 2, tried again after a pause while one of the keys is locked (the router does not take SKIP LOCKED). */
    private void rewriteThoseStillOnTheSource(List<RowImage> keys) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                rewriteOnce(keys);
                return;
            } catch (SQLException e) {
                if (!LockContention.isLockNotAvailable(e) || attempt >= 50) {
                    throw e;
                }
                try {
                    ticker.sleep(Duration.ofMillis(Math.min(200, 5L * attempt)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("backfill of " + table.name() + " interrupted; its progress is saved", "57014", interrupted);
                }
            }
        }
    }

    private void rewriteOnce(List<RowImage> keys) throws SQLException {
        String one = table.primaryKey().stream().map(k -> RoutedNames.name(sourceDialect, k) + " = ?").collect(Collectors.joining(" AND ", "(", ")"));
        try (Connection c = source.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<RowImage> found = new ArrayList<>();
                for (int at = 0; at < keys.size(); at += 200) {
                    List<RowImage> batch = keys.subList(at, Math.min(keys.size(), at + 200));
                    String sql = "SELECT * FROM " + RoutedNames.name(sourceDialect, table.name()) + " WHERE "
                            + String.join(" OR ", Collections.nCopies(batch.size(), one))
                            + (sourceDialect == Dialect.POSTGRESQL ? " FOR SHARE NOWAIT" : " FOR UPDATE NOWAIT");
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        int position = 1;
                        for (RowImage key : batch) {
                            for (String k : table.primaryKey()) {
                                MirrorValues.bind(ps, position++, key.get(k), sourceDialect, table.name(), k);
                            }
                        }
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                found.add(RowImageReader.image(rs, table, sourceDialect));
                            }
                        }
                    }
                }
                if (!found.isEmpty()) {
                    try (MirrorTransaction tx = unit.mirrorFor(from).beginWithoutKeyLocks()) {
                        tx.copyUpserts(found);
                        tx.commit();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
