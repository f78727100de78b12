package io.shardbridge.bridge.verify;

import io.shardbridge.config.MigrationPhase.Side;
import java.util.Locale;

/**
 * A PostgreSQL table of a unit whose dead row versions outnumber its live rows ({@link DeadTuples}),
 * and what the operator should do about it.
 *
 * @param side         the side the table is on
 * @param database     {@code legacy}, or the shard's name
 * @param table        the physical table (a sharded table's {@code name_N} on a shard)
 * @param logicalTable the unit's table it holds rows of
 */
public record VacuumAdvice(Side side, String database, String table, String logicalTable, long deadRows, long liveRows) {
    /** One line for a person: the table, the numbers, why it matters, the command. */
    public String message() {
        String where = database.equals("legacy") ? "legacy" : "shard " + database;
        return String.format(Locale.ROOT, "%s on %s%s holds %,d dead row versions against %,d live rows (after an upsert-heavy pass): every "
                        + "key range verified or copied there reads through them. Run VACUUM (ANALYZE) %s on %s, then verify.", table, where,
                table.equals(logicalTable) ? "" : " (" + logicalTable + ")", deadRows, liveRows, table, where);
    }
}
