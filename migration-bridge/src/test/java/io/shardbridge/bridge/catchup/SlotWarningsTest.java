package io.shardbridge.bridge.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.concurrent.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A slot that keeps too much WAL is warned about at most once a minute per unit. */
class SlotWarningsTest {
    private final ManualTicker ticker = new ManualTicker();
    private final SlotWarnings warnings = new SlotWarnings(ticker);

    @Test
    void aUnitIsWarnedAboutAgainOnlyAfterAMinute() {
        assertThat(warnings.due("card")).isTrue();
        ticker.advance(SlotWarnings.EVERY);
        assertThat(warnings.due("card")).isFalse();
        ticker.advance(Duration.ofNanos(1));
        assertThat(warnings.due("card")).isTrue();
        assertThat(warnings.due("card")).isFalse();
    }

    @Test
    void eachUnitHasItsOwnMinute() {
        assertThat(warnings.due("card")).isTrue();
        assertThat(warnings.due("ledger")).isTrue();
        assertThat(warnings.due("card")).isFalse();
    }
}
