package io.shardbridge.bridge.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MirrorCircuitTest {
    private final AtomicLong now = new AtomicLong();
    private final MirrorCircuit circuit = new MirrorCircuit(3, Duration.ofMillis(500), now::get);

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

        now.addAndGet(Duration.ofMillis(499).toNanos());
        assertThat(circuit.allow()).isFalse();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(circuit.allow()).as("the trial call").isTrue();
        assertThat(circuit.state()).isEqualTo(MirrorCircuit.State.HALF_OPEN);
        assertThat(circuit.allow()).as("only one trial at a time").isFalse();

        circuit.failure(); // the trial failed: open again, for a full cool-down
        assertThat(circuit.state()).isEqualTo(MirrorCircuit.State.OPEN);
        now.addAndGet(Duration.ofMillis(500).toNanos());
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
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(circuit.isOpen()).as("the cool-down is over").isFalse(); // the background repair looks, and goes ahead
        assertThat(circuit.state()).isEqualTo(MirrorCircuit.State.OPEN);
        assertThat(circuit.allow()).as("the writer still gets the trial call").isTrue();
        circuit.success();
        assertThat(circuit.allow()).isTrue();
    }
}
