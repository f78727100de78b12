package io.shardbridge.bridge.unit;

import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.MigrationUnitConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every migration unit of one DataSource, found by name or by one of its tables. */
public final class MigrationUnits {
    private final Map<String, UnitState> byName = new LinkedHashMap<>();
    private final Map<String, UnitState> byTable = new HashMap<>();
    private boolean controlTaken;

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

    /**
     * The control plane's handles on these units ({@link UnitControl}): given once, to the control plane the
     * wiring builds, so that nothing else can move a unit's phase or hold its fence.
     */
    public synchronized UnitControls takeControl() {
        if (controlTaken) {
            throw new IllegalStateException("the control plane already holds these units " + byName.keySet());
        }
        controlTaken = true;
        return new UnitControls(byName.values());
    }
}
