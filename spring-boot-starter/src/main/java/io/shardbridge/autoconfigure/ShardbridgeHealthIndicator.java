package io.shardbridge.autoconfigure;

import io.shardbridge.bridge.jdbc.Bridge;
import io.shardbridge.bridge.status.UnitStatus;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/** UP with each unit's phase, epoch and pending intents; DOWN when the control store cannot be read. */
public class ShardbridgeHealthIndicator extends AbstractHealthIndicator {
    private final Bridge bridge;

    public ShardbridgeHealthIndicator(Bridge bridge) {
        super("shardbridge health check failed");
        this.bridge = bridge;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        builder.up().withDetail("instance", bridge.instanceId());
        for (String unit : bridge.unitNames()) {
            UnitStatus s = bridge.status(unit);
            builder.withDetail(unit, java.util.Map.of("phase", s.phase().name(), "epoch", s.epoch(), "pendingIntents", s.pendingIntents()));
        }
    }
}
