package io.shardbridge.autoconfigure;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.status.UnitStatus;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/** UP with each unit's phase, epoch and pending intents; DOWN when the control store cannot be read. */
public class ShardbridgeHealthIndicator extends AbstractHealthIndicator {
    private final BridgeDataSource dataSource;

    public ShardbridgeHealthIndicator(BridgeDataSource dataSource) {
        super("shardbridge health check failed");
        this.dataSource = dataSource;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        builder.up().withDetail("instance", dataSource.instanceId());
        for (String unit : dataSource.unitNames()) {
            UnitStatus s = dataSource.status(unit);
            builder.withDetail(unit, java.util.Map.of("phase", s.phase().name(), "epoch", s.epoch(), "pendingIntents", s.pendingIntents()));
        }
    }
}
