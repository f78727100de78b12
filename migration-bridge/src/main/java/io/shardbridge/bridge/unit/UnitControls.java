package io.shardbridge.bridge.unit;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The control plane's handles on every unit of one DataSource ({@link MigrationUnits#takeControl}), by name. */
public final class UnitControls {
    private final Map<String, UnitControl> byName = new LinkedHashMap<>();

    UnitControls(Collection<UnitState> units) {
        units.forEach(u -> byName.put(u.name(), new ControlledUnit(u)));
    }

    public Optional<UnitControl> named(String unit) {
        return Optional.ofNullable(byName.get(unit));
    }

    public Collection<UnitControl> all() {
        return byName.values();
    }
}
