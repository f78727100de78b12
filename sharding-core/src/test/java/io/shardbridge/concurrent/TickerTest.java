package io.shardbridge.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TickerTest {

    @Test
    void manualTickerMovesOnlyWhenTold() throws InterruptedException {
        ManualTicker ticker = new ManualTicker();
        long start = ticker.nanoTime();
        long wall = ticker.currentTimeMillis();
        assertThat(ticker.nanoTime()).isEqualTo(start);
        ticker.advance(Duration.ofMillis(250));
        assertThat(ticker.nanosSince(start)).isEqualTo(250_000_000L);
        assertThat(ticker.currentTimeMillis()).isEqualTo(wall + 250);
        ticker.sleep(Duration.ofSeconds(3));
        assertThat(ticker.nanosSince(start)).isEqualTo(3_250_000_000L);
        assertThat(ticker.slept()).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> ticker.advance(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manualSleepHonoursInterruption() {
        ManualTicker ticker = new ManualTicker();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> ticker.sleepNanos(1)).isInstanceOf(InterruptedException.class);
        assertThat(ticker.slept()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aManualTimedWaitRunsToItsEndAtOnce() throws InterruptedException {
        ManualTicker ticker = new ManualTicker();
        long start = ticker.nanoTime();
        Object monitor = new Object();
        synchronized (monitor) {
            ticker.waitNanos(monitor, 40_000_000L);
            ticker.waitNanos(monitor, -1);
        }
        assertThat(ticker.nanosSince(start)).isEqualTo(40_000_000L);
        assertThat(ticker.slept()).isEqualTo(Duration.ofMillis(40));
        assertThatThrownBy(() -> ticker.waitNanos(monitor, 1)).as("without the monitor's lock").isInstanceOf(IllegalMonitorStateException.class);
    }

    @Test
    @Timeout(10) // a wait that ignored the notify would sit out its 30 s
    void aSystemTimedWaitEndsWhenNotified() throws Exception {
        Object monitor = new Object();
        boolean[] done = {false};
        Thread notifier = new Thread(() -> {
            synchronized (monitor) {
                done[0] = true;
                monitor.notifyAll();
            }
        });
        synchronized (monitor) {
            notifier.start();
            while (!done[0]) {
                Ticker.system().waitNanos(monitor, Duration.ofSeconds(30).toNanos());
            }
        }
        notifier.join();
        assertThat(done[0]).isTrue();
    }

    @Test
    void systemTickerSleepsForReal() throws InterruptedException {
        Ticker system = Ticker.system();
        long start = system.nanoTime();
        system.sleep(Duration.ofMillis(20));
        assertThat(system.nanosSince(start)).isGreaterThanOrEqualTo(20_000_000L);
        system.sleepNanos(0);
        system.sleepNanos(-5);
    }

    @Test
    void daemonThreadsAreNamedByRole() {
        Thread first = DaemonThreads.named("mirror").newThread(() -> { });
        assertThat(first.isDaemon()).isTrue();
        assertThat(first.getName()).isEqualTo("shardbridge-mirror-1");
        assertThatThrownBy(() -> DaemonThreads.named(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
