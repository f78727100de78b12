package io.shardbridge.bridge.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.concurrent.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MirrorCircuitTest {
    private final ManualTicker clock = new ManualTicker();
    private final MirrorCircuit circuit = new MirrorCircuit(3, Duration.ofMillis(500), clock);

    @Test
    void opensAfterConsecutiveFailuresAndLetsOneTrialThroughAfterTheCoolDown() {
        circuit.failure();
        circuit.failure();
        assertThat(circuit.allow()).isTrue();
        circuit.success(); // a success resets the count
        circuit.failure();
        circuit.failure();
        assertThat(circuit.state()).isEqualTo(MirrorCircuit.State.CLOSED);
        circuit.failure();
        assertThat(circuit.state()).isEqualTo(MirrorCircuit.State.OPEN);
        assertThat(circuit.allow()).isFalse();

        clock.advance(Duration.ofMillis(499));
        assertThat(circuit.allow()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(circuit.allow()).as("the trial call").isTrue();
        assertThat(circuit.state()).isEqualTo(MirrorCircuit.State.HALF_OPEN);
        assertThat(circuit.allow()).as("only one trial at a time").isFalse();

        circuit.failure(); // the trial failed: open again, for a full cool-down
        assertThat(circuit.state()).isEqualTo(MirrorCircuit.State.OPEN);
        clock.advance(Duration.ofMillis(500));
        assertThat(circuit.allow()).isTrue();
        circuit.success();
        assertThat(circuit.state()).isEqualTo(MirrorCircuit.State.CLOSED);
        assertThat(circuit.allow()).isTrue();
    }

    @Test
    void lookingAtTheBreakerLeavesTheTrialCallToTheNextWriter() {
        for (int i = 0; i < 3; i++) {
            circuit.failure();
        }
        assertThat(circuit.isOpen()).isTrue();
        clock.advance(Duration.ofMillis(500));
        assertThat(circuit.isOpen()).as("the cool-down is over").isFalse(); // the background repair looks, and goes ahead
        assertThat(circuit.state()).isEqualTo(MirrorCircuit.State.OPEN);
        assertThat(circuit.allow()).as("the writer still gets the trial call").isTrue();
        circuit.success();
        assertThat(circuit.allow()).isTrue();
    }

    @Test
    void aFailedTrialOpensForAFullCoolDownCountedFromTheTrial() {
        for (int i = 0; i < 3; i++) {
            circuit.failure();
        }
        clock.advance(Duration.ofMillis(800)); // the first writer after the cool-down comes late
        assertThat(circuit.allow()).as("the trial call").isTrue();
        circuit.failure();
        clock.advance(Duration.ofMillis(499));
        assertThat(circuit.isOpen()).isTrue();
        assertThat(circuit.allow()).as("499 ms after the failed trial").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(circuit.isOpen()).isFalse();
        assertThat(circuit.allow()).as("500 ms after the failed trial").isTrue();
    }

    @Test
    void aFailureReportedWhileOpenRestartsTheCoolDown() {
        for (int i = 0; i < 3; i++) {
            circuit.failure();
        }
        clock.advance(Duration.ofMillis(300));
        circuit.failure(); // a mirror call that was already running when the breaker opened
        clock.advance(Duration.ofMillis(300));
        assertThat(circuit.allow()).as("600 ms after opening, 300 ms after the late failure").isFalse();
        clock.advance(Duration.ofMillis(200));
        assertThat(circuit.allow()).isTrue();
    }

    @Test
    void noTimePassingKeepsItOpenHoweverOftenItIsAsked() {
        for (int i = 0; i < 3; i++) {
            circuit.failure();
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(circuit.allow()).isFalse();
        }
        assertThat(circuit.state()).isEqualTo(MirrorCircuit.State.OPEN);
    }
}
