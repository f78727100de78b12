package io.shardbridge.bridge.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafetyNetStatusTest {
    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void withoutLogicalDecodingTheStatusSaysTheSafetyNetIsOffAndWhy() {
        SafetyNetStatus off = new SafetyNetStatus("bank", "legacy runs with wal_level = replica; logical decoding needs wal_level = logical", "s",
                false, false, null, -1, -1, 1L << 30, Duration.ofMinutes(5), List.of(), null, null);
        assertThat(off.on()).isFalse();
        assertThat(off.describe()).contains("safety net     OFF: legacy runs with wal_level = replica").contains("verify and repair");
    }

    @Test
    void outsideWritesAreListedPerTableWithTheirWriterAndAlarms() {
        OutsideWrites recent = new OutsideWrites("account", "another transaction (not through shardbridge)", 12, T, T.plusSeconds(5), true, 0, null,
                List.of("id=7", "id=9"));
        OutsideWrites alarm = new OutsideWrites("ledger", "a trigger or cascade inside a transaction shardbridge mirrored", 3, T, T, false, 2,
                T.plusSeconds(9), List.of("id=1"));
        SafetyNetStatus status = new SafetyNetStatus("bank", null, "sb_legacy_bank_123456", true, true, "i-1", 3L << 30, 4096, 1L << 30,
                Duration.ofMinutes(5), List.of(recent, alarm), null, null);
        assertThat(status.outsideWritesRecent()).isTrue();
        assertThat(status.alarms()).isEqualTo(2);
        assertThat(status.slotWarning()).isTrue();
        assertThat(status.describe())
                .contains("account: 12 row write(s) written outside shardbridge by another transaction")
                .contains("a flip to LIVE waits")
                .contains("ALARM: 2 written while the target was authoritative")
                .contains("keys e.g. id=7 id=9")
                .contains("consumed by i-1, retains 3,072 MB of WAL")
                .contains("WARNING: past catch-up-warn-mb");
    }
}
