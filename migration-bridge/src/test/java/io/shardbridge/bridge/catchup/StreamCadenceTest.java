package io.shardbridge.bridge.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.concurrent.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The catch-up stream's timed decisions, on a clock the test moves. */
class StreamCadenceTest {
    private final ManualTicker ticker = new ManualTicker();
    private final StreamCadence cadence = new StreamCadence(ticker, Duration.ofSeconds(2)); // lease renewed every 500 ms

    @Test
    void afterAFailureNothingIsTriedUntilTheRetryDelayHasPassed() {
        assertThat(cadence.mayStep()).isTrue();
        cadence.failed();
        ticker.advance(StreamCadence.RETRY.minusMillis(1));
        assertThat(cadence.mayStep()).isFalse();
        ticker.advance(Duration.ofMillis(1));
        assertThat(cadence.mayStep()).isTrue();
    }

    @Test
    void anOpenStreamOnlyReadsBetweenChecksOfThePhase() {
        leaseTaken();
        assertThat(cadence.onlyRead(true)).isFalse(); // a check, noted now
        ticker.advance(StreamCadence.CHECK.minusMillis(1));
        assertThat(cadence.onlyRead(true)).isTrue();
        ticker.advance(Duration.ofMillis(1));
        assertThat(cadence.onlyRead(true)).isFalse();
        assertThat(cadence.onlyRead(true)).isTrue(); // the check just made counts
    }

    @Test
    void withoutAStreamEveryStepChecks() {
        leaseTaken();
        assertThat(cadence.onlyRead(false)).isFalse();
        assertThat(cadence.onlyRead(false)).isFalse();
    }

    @Test
    void theLeaseIsWrittenOnceAQuarterOfItHasPassedAndAlwaysWithoutAStream() {
        leaseTaken();
        ticker.advance(Duration.ofMillis(499));
        assertThat(cadence.leaseDue(true)).isFalse();
        assertThat(cadence.leaseDue(false)).isTrue();
        ticker.advance(Duration.ofMillis(1));
        assertThat(cadence.leaseDue(true)).isTrue();
    }

    @Test
    void aLeaseDueEndsTheReadOnlyStepsBeforeThePhaseCheckIsDue() {
        StreamCadence shortLease = new StreamCadence(ticker, Duration.ofMillis(400)); // renewed every 100 ms, checked every 200
        assertThat(shortLease.leaseDue(false)).isTrue();
        shortLease.leaseRenewed();
        assertThat(shortLease.onlyRead(true)).isFalse();
        ticker.advance(Duration.ofMillis(99));
        assertThat(shortLease.onlyRead(true)).isTrue();
        ticker.advance(Duration.ofMillis(1));
        assertThat(shortLease.onlyRead(true)).isFalse();
    }

    @Test
    void aLeaseWriteThatFailedLeavesTheLeaseDue() {
        leaseTaken();
        ticker.advance(Duration.ofMillis(500));
        assertThat(cadence.leaseDue(true)).isTrue(); // another holder's lease runs: not renewed
        ticker.advance(Duration.ofMillis(10));
        assertThat(cadence.leaseDue(true)).isTrue();
    }

    @Test
    void theLeaseCountsFromWhenItWasAskedFor() {
        assertThat(cadence.leaseDue(false)).isTrue();
        ticker.advance(Duration.ofMillis(300)); // a slow write to the control store
        cadence.leaseRenewed();
        ticker.advance(Duration.ofMillis(200));
        assertThat(cadence.leaseDue(true)).isTrue();
    }

    @Test
    void anIdleStreamAsksForItsPositionAtMostEveryStatusInterval() {
        assertThat(cadence.statusDue()).isTrue();
        assertThat(cadence.statusDue()).isFalse();
        ticker.advance(StreamCadence.STATUS);
        assertThat(cadence.statusDue()).isFalse();
        ticker.advance(Duration.ofNanos(1));
        assertThat(cadence.statusDue()).isTrue();
    }

    @Test
    void aReadRoundLastsItsLength() {
        long end = cadence.readRoundEnd();
        ticker.advance(StreamCadence.READ_ROUND.minusNanos(1));
        assertThat(cadence.before(end)).isTrue();
        ticker.advance(Duration.ofNanos(1));
        assertThat(cadence.before(end)).isFalse();
    }

    private void leaseTaken() {
        assertThat(cadence.leaseDue(false)).isTrue();
        cadence.leaseRenewed();
    }
}
