package io.shardbridge.pool;

import com.zaxxer.hikari.HikariDataSource;
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

    /** Opens every shard's pool; if one shard cannot be reached, closes the others and names it. */
    public static ShardPools open(TargetConfig target) {
        Map<String, HikariDataSource> pools = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, DatabaseEndpoint> shard : target.shards().entrySet()) {
                pools.put(shard.getKey(), ConnectionPools.open("shard " + shard.getKey(), shard.getValue(), target.connectTimeoutSeconds()));
            }
        } catch (RuntimeException e) {
            pools.values().forEach(HikariDataSource::close);
            throw e;
        }
        return new ShardPools(pools);
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
