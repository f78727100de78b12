package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.bridge.sql.StatementShape;
import java.util.List;

/**
 * What routing needs to know about one SQL text, computed once and cached: its shape, the migration
 * units whose tables it touches, and whether it also touches tables that stay on legacy.
 *
 * @param units             the units of the migrating tables it reads or writes (distinct, in order)
 * @param touchesLegacyOnly true when it also names a table that is in no unit
 * @param unclassifiable    a migrating table named by SQL the parser could not read, or null
 */
record StatementPlan(String sql, StatementShape shape, List<UnitState> units, boolean touchesLegacyOnly, String unclassifiable, String routerSql) {
    StatementPlan(String sql, StatementShape shape, List<UnitState> units, boolean touchesLegacyOnly, String unclassifiable) {
        this(sql, shape, units, touchesLegacyOnly, unclassifiable, RouterSql.forRouter(sql, shape));
    }

    /** The text to send to {@code side}: the caller's on legacy, {@link RouterSql}'s through the target's router. */
    String sqlFor(io.shardbridge.config.MigrationPhase.Side side) {
        return side == io.shardbridge.config.MigrationPhase.Side.TARGET ? routerSql : sql;
    }

    /** True when the statement touches no migrating table: it goes to legacy as it is, with no further work. */
    boolean legacyOnly() {
        return units.isEmpty() && unclassifiable == null;
    }

    /** The unit of the table an INSERT, UPDATE or DELETE writes, or null. */
    UnitState writtenUnit() {
        if (shape.writtenTable() == null) {
            return null;
        }
        for (UnitState unit : units) {
            if (unit.tables().contains(shape.writtenTable())) {
                return unit;
            }
        }
        return null;
    }
}
