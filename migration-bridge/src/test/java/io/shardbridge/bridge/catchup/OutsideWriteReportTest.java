package io.shardbridge.bridge.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.row.RowImage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which decoded changes count as writes made outside shardbridge. */
class OutsideWriteReportTest {
    private static final Instant MOVED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration DEAD_AFTER = Duration.ofSeconds(10);
    private static final WalTransaction.OutsideChange ROW = new WalTransaction.OutsideChange("account",
            new RowImage("account", Map.of("id", 7L)), "id=7", WalTransaction.Writer.OTHER_TRANSACTION);
    private static final WalTransaction.OutsideChange TRUNCATE = new WalTransaction.OutsideChange("account", null, "TRUNCATE",
            WalTransaction.Writer.OTHER_TRANSACTION);

    @Test
    void aRowWrittenWithoutIntentsWithinTheDeadAfterTimeOfTheMoveIsTheServicesOwn() {
        Instant until = OutsideWriteReport.ownUnmirroredUntil(true, MOVED, DEAD_AFTER);
        assertThat(until).isEqualTo(MOVED.plus(DEAD_AFTER));
        assertThat(OutsideWriteReport.reports(ROW, MOVED.plusSeconds(9), false, until)).isFalse();
        assertThat(OutsideWriteReport.reports(ROW, MOVED.plus(DEAD_AFTER), false, until)).isTrue();
    }

    @Test
    void withoutAMoveToMirroringOrOnceTheTargetIsAuthoritativeEveryUnmirroredRowCounts() {
        assertThat(OutsideWriteReport.ownUnmirroredUntil(true, null, DEAD_AFTER)).isEqualTo(Instant.MIN);
        assertThat(OutsideWriteReport.ownUnmirroredUntil(false, MOVED, DEAD_AFTER)).isEqualTo(Instant.MIN);
        assertThat(OutsideWriteReport.reports(ROW, MOVED, false, Instant.MIN)).isTrue();
    }

    @Test
    void whenTheStreamAppliesEveryChangeNoRowCountsButATruncateDoes() {
        assertThat(OutsideWriteReport.reports(ROW, MOVED.plusSeconds(60), true, Instant.MIN)).isFalse();
        assertThat(OutsideWriteReport.reports(TRUNCATE, MOVED.plusSeconds(60), true, Instant.MIN)).isTrue();
    }

    @Test
    void aTruncateRightAfterTheMoveIsReported() {
        assertThat(OutsideWriteReport.reports(TRUNCATE, MOVED.plusSeconds(1), false, MOVED.plus(DEAD_AFTER))).isTrue();
    }
}
