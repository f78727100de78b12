package io.shardbridge.bridge.verify;

import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.schema.TableDefinition;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Re-reads a walk's suspects until they settle (DESIGN §7): a suspect may be a write in flight, so
 * after {@code recheckAfter} every suspect is read again on both sides and reported only if it still
 * differs — and still differs on two more reads, a quarter of that later each — with the differing
 * columns.
 *
 * <p>Why the extra reads: a row written again while it is re-read can differ on that read too, since
 * the mirror commits just after the authoritative side and the two reads can fall either side of one
 * write. A real difference stays put; a write in flight does not line up with the reads again and
 * again. A row that no longer differs on any read was in flight (or repaired meanwhile), never lost.
 */
final class Recheck {
    private static final int EXTRA_RECHECKS = 2;

    private final Ticker ticker;
    private final Duration recheckAfter;

    Recheck(Ticker ticker, Duration recheckAfter) {
        this.ticker = ticker;
        this.recheckAfter = recheckAfter;
    }

    /** Reads each suspect again on both sides, after a pause, and keeps what still differs. */
    List<VerifyReport.Difference> settle(TableDefinition table, ChecksumSide auth, ChecksumSide mirror, List<RowImage> suspects)
            throws SQLException {
        if (suspects.isEmpty()) {
            return List.of();
        }
        pause(recheckAfter);
        List<VerifyReport.Difference> found = RowDifferences.between(table, suspects, auth.rowsByKey(suspects), mirror.rowsByKey(suspects));
        for (int again = 0; again < EXTRA_RECHECKS && !found.isEmpty(); again++) {
            Duration quarter = recheckAfter.dividedBy(4);
            pause(quarter.isZero() ? Duration.ZERO : Duration.ofMillis(Math.max(100, quarter.toMillis())));
            List<RowImage> still = stillDiffering(table, suspects, found);
            found = RowDifferences.between(table, still, auth.rowsByKey(still), mirror.rowsByKey(still));
        }
        return found;
    }

    /** Waits; an interrupt ends the wait early and stays set (the reads still run: a report is better than none). */
    private void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            ticker.sleep(Duration.ofMillis(duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<RowImage> stillDiffering(TableDefinition table, List<RowImage> suspects, List<VerifyReport.Difference> found) {
        Set<List<Object>> keys = new HashSet<>();
        found.forEach(d -> keys.add(table.primaryKey().stream().map(c -> RowImage.normalize(d.key().get(c))).toList()));
        return suspects.stream().filter(s -> keys.contains(s.keyValues(table.primaryKey()))).toList();
    }
}
