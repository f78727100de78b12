package io.shardbridge.bridge.catchup;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Empties the target's copy of a unit table after legacy's copy was TRUNCATEd (pgoutput sends the
 * TRUNCATE as one message, in commit order with the row changes). A {@code DELETE} through the target's
 * router rather than a {@code TRUNCATE}: it is transactional on both engines and takes row locks, so the
 * writes that reach the target concurrently (a dual write's mirror, a backfill chunk) serialize with it.
 *
 * <p>Why emptying late loses nothing: every row legacy holds after the TRUNCATE was written after it, so
 * its change is in the stream after the TRUNCATE. The catch-up re-applies, by a locked re-read on legacy,
 * every change of the table committed up to legacy's WAL position taken after this delete committed —
 * its own mirrored ones too (see {@link CatchUpStream}) — and anything committed later is mirrored (or
 * streamed) after the delete. A backfill chunk the delete wiped had read rows written after the TRUNCATE
 * (its share locks kept the TRUNCATE out while it ran), so those rows are re-applied the same way.
 *
 * <p>One window is not closed: a dual write (statement capture) that committed on legacy just before the
 * TRUNCATE and whose mirror commit reaches the target only after this delete leaves its pre-TRUNCATE row
 * there (the delete did not see the uncommitted insert). The interval is the gap between a legacy commit
 * and its mirror commit against the stream's delay to reach the TRUNCATE; a verification reports such a
 * row as extra and repair removes it. Under {@code capture: logical} the service's writes have no mirror
 * commit of their own, so only the key-assigning UPDATEs that keep statement capture could fall in it.
 */
final class TargetTruncation {
    private final DataSource target;

    TargetTruncation(DataSource target) {
        this.target = target;
    }

    void empty(String table) throws SQLException {
        try (Connection c = target.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.executeUpdate("DELETE FROM " + table);
        }
    }
}
