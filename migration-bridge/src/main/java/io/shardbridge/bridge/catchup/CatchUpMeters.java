package io.shardbridge.bridge.catchup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The safety net's metrics: {@code shardbridge.outside.writes{unit,table}} (writes made outside
 * shardbridge, as reported in the control store), {@code shardbridge.outside.writes.alarms{unit,table}}
 * (of those, written on legacy while the target was authoritative), {@code shardbridge.catchup.applied{unit}}
 * (rows the catch-up re-applied), {@code shardbridge.catchup.slot.retained.bytes{unit}} and
 * {@code shardbridge.catchup.slot.lag.bytes{unit}} (WAL the slot keeps on legacy, and how far behind
 * legacy's WAL its confirmed position is; -1 without a slot), {@code shardbridge.catchup.enabled{unit}}.
 */
final class CatchUpMeters {
    private final MeterRegistry registry;
    private final Map<List<String>, AtomicLong> values = new ConcurrentHashMap<>();
    private final Map<String, Counter> applied = new ConcurrentHashMap<>();

    CatchUpMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void applied(String unit, int rows) {
        applied.computeIfAbsent(unit, u -> Counter.builder("shardbridge.catchup.applied").tag("unit", u)
                .description("rows written outside shardbridge that the catch-up re-applied to the target").register(registry)).increment(rows);
    }

    /** Counts outside writes seen by this instance now; {@link #report} sets the totals from the control store. */
    void outside(String unit, String table, long count, boolean alarm) {
        gauge("shardbridge.outside.writes", unit, table).addAndGet(count);
        if (alarm) {
            gauge("shardbridge.outside.writes.alarms", unit, table).addAndGet(count);
        }
    }

    /** The control store's totals for the unit (every instance reports the same numbers). */
    void report(String unit, List<OutsideWrites> writes) {
        Map<String, long[]> byTable = new java.util.HashMap<>();
        for (OutsideWrites w : writes) {
            long[] sum = byTable.computeIfAbsent(w.table(), t -> new long[2]);
            sum[0] += w.count();
            sum[1] += w.alarms();
        }
        byTable.forEach((table, sum) -> {
            gauge("shardbridge.outside.writes", unit, table).set(sum[0]);
            gauge("shardbridge.outside.writes.alarms", unit, table).set(sum[1]);
        });
    }

    void slot(String unit, boolean enabled, long retainedBytes, long lagBytes) {
        gauge("shardbridge.catchup.enabled", unit, null).set(enabled ? 1 : 0);
        gauge("shardbridge.catchup.slot.retained.bytes", unit, null).set(retainedBytes);
        gauge("shardbridge.catchup.slot.lag.bytes", unit, null).set(lagBytes);
    }

    private AtomicLong gauge(String name, String unit, String table) {
        return values.computeIfAbsent(table == null ? List.of(name, unit) : List.of(name, unit, table), k -> {
            AtomicLong value = new AtomicLong(name.contains("slot") ? -1 : 0);
            Gauge.Builder<AtomicLong> builder = Gauge.builder(name, value, AtomicLong::get).tag("unit", unit);
            if (table != null) {
                builder.tag("table", table).description("writes to the table made outside shardbridge");
            }
            builder.register(registry);
            return value;
        });
    }
}
