package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.shadow.ShadowReads;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.schema.TableDefinition;
import java.util.List;
import java.util.Map;

/** The router's facts about the units, read from a data source's dual-write units, its target configuration and its shadow reader. */
final class RuntimeUnitFacts implements StatementRouter.UnitFacts {
    private final Map<UnitState, DualWriteUnit> dualWrite;
    private final ShadowReads shadow;
    private final TargetConfig target;

    RuntimeUnitFacts(Map<UnitState, DualWriteUnit> dualWrite, ShadowReads shadow, TargetConfig target) {
        this.dualWrite = dualWrite;
        this.shadow = shadow;
        this.target = target;
    }

    @Override
    public List<String> primaryKey(UnitState unit, String table) {
        TableDefinition definition = dualWrite.get(unit).table(table);
        return definition == null ? List.of() : definition.primaryKey();
    }

    @Override
    public String shardKey(String table) {
        return target.table(table).map(rule -> rule.shardKey()).orElse(null);
    }

    @Override
    public boolean sampleShadowRead(UnitState unit, MigrationPhase phase) {
        return shadow != null && shadow.sample(dualWrite.get(unit), phase);
    }
}
