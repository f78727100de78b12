package io.shardbridge.bridge.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.unit.MigrationUnits;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.pool.ConnectionPools;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An instance waiting to adopt a recorded phase (its fence closed, a long transaction of the unit still
 * running) keeps its contact with the control store: the drain may take longer than half the dead-after
 * time without the instance refusing its own writers with 55000 "lost contact" or being counted dead by
 * the others. (The control store is PostgreSQL whatever the target, so this runs once.)
 */
class ContactWhileAdoptingIT {
    private static final Duration HEARTBEAT = Duration.ofMillis(50);
    private static final Duration DEAD_AFTER = Duration.ofMillis(600);

    @Test
    void aDrainLongerThanHalfTheDeadAfterTimeKeepsTheInstanceInContact() throws Exception {
        ShardbridgeConfig config = CoordinatedCluster.config(); // fence-timeout-ms 4000: far longer than dead-after / 2
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            io.shardbridge.bridge.testing.BridgeFixture.forgetUnits(st, CoordinatedCluster.UNIT);
        }
        try (var control = ConnectionPools.open("control", config.legacy().orElseThrow(), 5)) {
            MigrationUnits unitsA = new MigrationUnits(config.migrations().values(), Map.of());
            MigrationUnits unitsB = new MigrationUnits(config.migrations().values(), Map.of());
            try (ControlPlane a = new ControlPlane(control, unitsA, "adopting", HEARTBEAT, DEAD_AFTER, false, (unit, side) -> { }).start();
                 ControlPlane b = new ControlPlane(control, unitsB, "coordinating", HEARTBEAT, DEAD_AFTER, false, (unit, side) -> { }).start()) {
                UnitState unitA = unitsA.named(CoordinatedCluster.UNIT).orElseThrow();
                UnitState unitB = unitsB.named(CoordinatedCluster.UNIT).orElseThrow();
                assertThat(unitA.enter()).isEqualTo(MigrationPhase.LEGACY_ONLY); // a long transaction of the unit on instance A
                CompletableFuture<Void> move = CompletableFuture.runAsync(() -> {
                    try {
                        b.move(unitB, MigrationPhase.DUAL_WRITE, (from, to) -> { }, p -> { });
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(DEAD_AFTER.toMillis() / 2); // A now waits for its transaction to adopt DUAL_WRITE
                CompletableFuture<MigrationPhase> writer = CompletableFuture.supplyAsync(() -> {
                    try {
                        MigrationPhase pinned = unitA.enter(); // waits at A's closed fence, as a new transaction should
                        unitA.exit();
                        return pinned;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(DEAD_AFTER.toMillis() * 2);
                assertThat(b.store().instances(CoordinatedCluster.UNIT, DEAD_AFTER))
                        .as("instance A while it drains").anySatisfy(i -> {
                            assertThat(i.instance()).isEqualTo("adopting");
                            assertThat(i.alive()).isTrue();
                        });
                unitA.exit(); // the long transaction ends: A adopts, the waiting writer enters at the new phase
                assertThat(writer.get(10, TimeUnit.SECONDS)).as("the writer that waited at A's fence").isEqualTo(MigrationPhase.DUAL_WRITE);
                move.get(10, TimeUnit.SECONDS);
            }
        }
    }
}
