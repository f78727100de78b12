package io.shardbridge.pool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import com.zaxxer.hikari.HikariDataSource;
import io.shardbridge.concurrent.DaemonThreads;
import io.shardbridge.config.DatabaseEndpoint;
import io.shardbridge.config.TargetConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One pool per shard of a target, opened together (all or none) and closed together. */
public final class ShardPools implements AutoCloseable {
    private final Map<String, HikariDataSource> pools;

    private ShardPools(Map<String, HikariDataSource> pools) {
        this.pools = Collections.unmodifiableMap(pools);
    }

    /**
     * Opens every shard's pool (each connection with the target's row-lock wait bound, {@link LockTimeouts}), all at once (each waits for its first connection, so a target with many
     * shards starts in the time of the slowest, not of the sum); if one shard cannot be reached, closes
     * the others and names it.
     */
    public static ShardPools open(TargetConfig target) {
        Map<String, CompletableFuture<HikariDataSource>> opening = new LinkedHashMap<>();
        ExecutorService openers = Executors.newFixedThreadPool(Math.min(8, Math.max(1, target.shards().size())),
                DaemonThreads.named("pool-open"));
        try {
            for (Map.Entry<String, DatabaseEndpoint> shard : target.shards().entrySet()) {
                opening.put(shard.getKey(), CompletableFuture.supplyAsync(
                        () -> ConnectionPools.open("shard " + shard.getKey(), shard.getValue(), target.connectTimeoutSeconds(),
                                LockTimeouts.initSql(target.dialect(), target.lockTimeoutMillis())), openers));
            }
            Map<String, HikariDataSource> pools = new LinkedHashMap<>();
            RuntimeException failure = null;
            for (Map.Entry<String, CompletableFuture<HikariDataSource>> e : opening.entrySet()) {
                try {
                    pools.put(e.getKey(), e.getValue().join());
                } catch (CompletionException ex) {
                    if (failure == null) {
                        failure = ex.getCause() instanceof RuntimeException re ? re : ex;
                    }
                }
            }
            if (failure != null) {
                pools.values().forEach(HikariDataSource::close);
                throw failure;
            }
            return new ShardPools(pools);
        } finally {
            openers.shutdown();
        }
    }

    /** The pool of each shard, in configuration order. */
    public Map<String, HikariDataSource> byShard() {
        return pools;
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
    }
}
