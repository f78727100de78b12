package io.shardbridge.bridge.jdbc;

import io.shardbridge.config.DatabaseEndpoint;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.pool.ConnectionPools;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The pools the layer needs on legacy and the control database, and which of them it shares. The
 * service's own pool is never one the layer's background work waits on: the repairer drains at a flip
 * while the unit's new transactions hold the service's connections at the fence, the control plane's
 * heartbeats must not queue behind the service's statements ("lost contact"), and a key reservation is
 * made while callers wait for it; each gets connections of its own. Only a legacy DataSource handed in
 * by the application, whose password is not known here, is shared. Every pool opened here is added to
 * {@code owned} (closed with the bridge).
 */
final class BridgePools {
    /** Connections of the control plane's own pool when the control store is legacy, and of the repairer's on legacy. */
    private static final int CONTROL_POOL_SIZE = 4;
    /** Connections of the key allocator's pool. */
    private static final int KEYS_POOL_SIZE = 2;

    private final ShardbridgeConfig config;
    private final List<AutoCloseable> owned;
    private final DataSource legacy;
    private final boolean legacyHandedIn;

    /** @param handedIn the application's legacy DataSource, or null to open a pool from {@code legacy:} */
    BridgePools(ShardbridgeConfig config, DataSource handedIn, List<AutoCloseable> owned) {
        this.config = config;
        this.owned = owned;
        this.legacyHandedIn = handedIn != null;
        this.legacy = handedIn != null ? handedIn : own(ConnectionPools.open("legacy", legacyEndpoint(), timeout()));
    }

    /** The pool the service's statements use on legacy. */
    DataSource legacy() {
        return legacy;
    }

    /** The repairer's connections to legacy: a pool of its own unless legacy was handed in. */
    DataSource forRepair() {
        if (legacyHandedIn) {
            return legacy;
        }
        return own(ConnectionPools.open("repair", sized(legacyEndpoint(), CONTROL_POOL_SIZE), timeout()));
    }

    /** The control plane's connections: its own pool, on the control database when that is not legacy. */
    DataSource forControl() {
        boolean separate = config.control().isPresent() && !config.control().get().url().equals(legacyEndpoint().url());
        if (!separate && legacyHandedIn) {
            return legacy;
        }
        DatabaseEndpoint endpoint = separate ? config.control().get() : legacyEndpoint();
        return own(ConnectionPools.open("control", sized(endpoint, separate ? endpoint.maxPoolSize() : CONTROL_POOL_SIZE), timeout()));
    }

    /**
     * The key allocator's connections, opened only when some unit needs keys: a pool of its own on the
     * control database unless the control plane shares the application's legacy DataSource.
     */
    Supplier<DataSource> forKeys(DataSource controlPool) {
        return () -> {
            if (controlPool == legacy && legacyHandedIn) {
                return controlPool;
            }
            DatabaseEndpoint endpoint = config.control().orElse(legacyEndpoint());
            return own(ConnectionPools.open("keys", sized(endpoint, KEYS_POOL_SIZE), timeout()));
        };
    }

    private DatabaseEndpoint legacyEndpoint() {
        return config.legacy().orElseThrow();
    }

    private int timeout() {
        return config.target().connectTimeoutSeconds();
    }

    private static DatabaseEndpoint sized(DatabaseEndpoint endpoint, int size) {
        return new DatabaseEndpoint(endpoint.url(), endpoint.username(), endpoint.password(), size);
    }

    private <T extends AutoCloseable> T own(T pool) {
        owned.add(pool);
        return pool;
    }
}
