package io.shardbridge.bridge.unit;

import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationUnitConfig;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every migration unit of one DataSource, found by name or by one of its tables. */
public final class MigrationUnits {
    private final Map<String, UnitState> byName = new LinkedHashMap<>();
    private final Map<String, UnitState> byTable = new HashMap<>();

    /** As {@link #MigrationUnits(Collection, Map, Ticker)} on the system clock. */
    public MigrationUnits(Collection<MigrationUnitConfig> units, Map<String, String> unmirrorable) {
        this(units, unmirrorable, Ticker.system());
    }

    /**
     * @param unmirrorable table -> why it cannot be mirrored (no primary key, unknown on legacy, …)
     * @param ticker       the clock of the units' fence timeouts and contact deadlines
     */
    public MigrationUnits(Collection<MigrationUnitConfig> units, Map<String, String> unmirrorable, Ticker ticker) {
        for (MigrationUnitConfig config : units) {
            Map<String, String> reasons = new HashMap<>();
            config.tables().stream().filter(unmirrorable::containsKey).forEach(t -> reasons.put(t, unmirrorable.get(t)));
            UnitState state = new UnitState(config, reasons, ticker);
            byName.put(config.name(), state);
            config.tables().forEach(t -> byTable.put(t, state));
        }
    }

    /** The unit a table belongs to, or null for a table that is not migrating (it stays on legacy). */
    public UnitState ofTable(String table) {
        return byTable.get(table);
    }

    public Optional<UnitState> named(String unit) {
        return Optional.ofNullable(byName.get(unit));
    }

    public Collection<UnitState> all() {
        return byName.values();
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** See {@link UnitState#moveTo}. */
    public void move(String unit, MigrationPhase wanted, UnitState.FencedAction whileFenced) throws SQLException {
        UnitState state = named(unit).orElseThrow(() -> new io.shardbridge.ShardbridgeException(
                "no migration unit named '" + unit + "'; configured units: " + byName.keySet()));
        state.moveTo(wanted, whileFenced);
    }
}
