package io.shardbridge.autoconfigure;

import io.shardbridge.config.MigrationPhase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code shardbridge.*} tree (DESIGN §3), typed for IDE completion and documentation. The starter
 * reads the configuration through the same strict reader as the YAML file ({@link ShardbridgePropertyTree}),
 * so a misspelled key fails start-up with a suggestion instead of being ignored.
 */
@ConfigurationProperties(prefix = "shardbridge")
public class ShardbridgeProperties {
    /** Whether the starter configures the migration layer at all. */
    private boolean enabled = true;
    /** How often (ms) the migration phases in the environment are re-read and requested; 0 turns it off. */
    private long refreshMs = 5000;
    /** The PostgreSQL database the tables move off; default: spring.datasource.url, username and password. */
    private Endpoint legacy = new Endpoint();
    /** The sharded destination. */
    private Target target = new Target();
    /** Where phases, heartbeats, checkpoints and reports live; default: legacy. */
    private Control control = new Control();
    /** Migration units: tables that move together, and the phase each should be in. */
    private Map<String, Unit> migrations = new LinkedHashMap<>();

    public static class Endpoint {
        /** JDBC URL. */
        private String url;
        private String username;
        private String password;
        /** Connections in this database's pool. */
        private Integer maxPoolSize;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public Integer getMaxPoolSize() {
            return maxPoolSize;
        }

        public void setMaxPoolSize(Integer maxPoolSize) {
            this.maxPoolSize = maxPoolSize;
        }
    }

    public static class Control extends Endpoint {
        /** How often each instance heartbeats to the control store (ms). */
        private int heartbeatMs = 100;
        /** After how long without a heartbeat an instance counts as dead (ms). */
        private int instanceDeadAfterMs = 10000;

        public int getHeartbeatMs() {
            return heartbeatMs;
        }

        public void setHeartbeatMs(int heartbeatMs) {
            this.heartbeatMs = heartbeatMs;
        }

        public int getInstanceDeadAfterMs() {
            return instanceDeadAfterMs;
        }

        public void setInstanceDeadAfterMs(int instanceDeadAfterMs) {
            this.instanceDeadAfterMs = instanceDeadAfterMs;
        }
    }

    public static class Target {
        /** postgresql or mysql; default: from the first shard's URL. */
        private String dialect;
        /** Physical shard databases, in order. */
        private Map<String, Endpoint> shards = new LinkedHashMap<>();
        /** Logical table to shard rule. */
        private Map<String, TableRule> tables = new LinkedHashMap<>();
        /** Tables copied whole to every shard. */
        private List<String> broadcastTables = new ArrayList<>();
        /** Whether prepared statements that pin one shard-key value skip ShardingSphere's pipeline (docs/fast-path.md). */
        private boolean fastPath = true;
        /** Whether SELECTs with a subquery shape ShardingSphere answers wrongly are refused (docs/sharding.md). */
        private boolean subqueryGuard = true;
        /**
         * What a transaction that writes more than one shard gets: atomic (two-phase commit, recovered by any
         * instance) or refuse (the statement that would write a second shard fails before it runs). Unset: atomic
         * when every shard can prepare transactions, else a start-up error (docs/sharding.md).
         */
        private String crossShardTransactions;
        /** How long a statement on a shard waits for a row lock before it fails with a retryable error; 0: the server's setting. */
        private int lockTimeoutMs = 5000;

        public String getCrossShardTransactions() {
            return crossShardTransactions;
        }

        public void setCrossShardTransactions(String crossShardTransactions) {
            this.crossShardTransactions = crossShardTransactions;
        }

        public int getLockTimeoutMs() {
            return lockTimeoutMs;
        }

        public void setLockTimeoutMs(int lockTimeoutMs) {
            this.lockTimeoutMs = lockTimeoutMs;
        }

        public boolean isSubqueryGuard() {
            return subqueryGuard;
        }

        public void setSubqueryGuard(boolean subqueryGuard) {
            this.subqueryGuard = subqueryGuard;
        }

        public boolean isFastPath() {
            return fastPath;
        }

        public void setFastPath(boolean fastPath) {
            this.fastPath = fastPath;
        }

        public String getDialect() {
            return dialect;
        }

        public void setDialect(String dialect) {
            this.dialect = dialect;
        }

        public Map<String, Endpoint> getShards() {
            return shards;
        }

        public void setShards(Map<String, Endpoint> shards) {
            this.shards = shards;
        }

        public Map<String, TableRule> getTables() {
            return tables;
        }

        public void setTables(Map<String, TableRule> tables) {
            this.tables = tables;
        }

        public List<String> getBroadcastTables() {
            return broadcastTables;
        }

        public void setBroadcastTables(List<String> broadcastTables) {
            this.broadcastTables = broadcastTables;
        }
    }

    public static class TableRule {
        /** The column whose value picks the shard. */
        private String shardKey;
        /** Physical tables per shard. */
        private Integer tablesPerShard;
        /** mod, hash-mod, range or interval. */
        private String algorithm;
        /** MySQL shards only: column name to json or text, overriding how the column's PostgreSQL type is held (docs/schema.md). */
        private Map<String, String> columnTypes = new LinkedHashMap<>();

        public Map<String, String> getColumnTypes() {
            return columnTypes;
        }

        public void setColumnTypes(Map<String, String> columnTypes) {
            this.columnTypes = columnTypes;
        }

        public String getShardKey() {
            return shardKey;
        }

        public void setShardKey(String shardKey) {
            this.shardKey = shardKey;
        }

        public Integer getTablesPerShard() {
            return tablesPerShard;
        }

        public void setTablesPerShard(Integer tablesPerShard) {
            this.tablesPerShard = tablesPerShard;
        }

        public String getAlgorithm() {
            return algorithm;
        }

        public void setAlgorithm(String algorithm) {
            this.algorithm = algorithm;
        }
    }

    public static class Unit {
        /** The tables that move together. */
        private List<String> tables = new ArrayList<>();
        /** The desired phase; moves are requested one step at a time and coordinated across instances. */
        private MigrationPhase phase = MigrationPhase.LEGACY_ONLY;
        /** In SHADOW and LIVE, the share (0-100) of reads also run on the other side and compared. */
        private int shadowReadPercent;
        /**
         * Once the sharded target is authoritative, how many sequence keys (serial, identity, DEFAULT nextval)
         * an instance reserves at a time from the shared allocator in the control store.
         */
        private int keyBlockSize = 1000;
        /**
         * How writes reach the target while legacy is authoritative: {@code statement} (mirrored on the caller's
         * path before its commit returns) or {@code logical} (not on the caller's path: legacy's logical-replication
         * stream applies every change, and the flip to LIVE waits for it; needs wal_level = logical on legacy).
         */
        private String capture = "statement";

        public String getCapture() {
            return capture;
        }

        public void setCapture(String capture) {
            this.capture = capture;
        }

        public int getKeyBlockSize() {
            return keyBlockSize;
        }

        public void setKeyBlockSize(int keyBlockSize) {
            this.keyBlockSize = keyBlockSize;
        }

        public List<String> getTables() {
            return tables;
        }

        public void setTables(List<String> tables) {
            this.tables = tables;
        }

        public MigrationPhase getPhase() {
            return phase;
        }

        public void setPhase(MigrationPhase phase) {
            this.phase = phase;
        }

        public int getShadowReadPercent() {
            return shadowReadPercent;
        }

        public void setShadowReadPercent(int shadowReadPercent) {
            this.shadowReadPercent = shadowReadPercent;
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public long getRefreshMs() {
        return refreshMs;
    }

    public void setRefreshMs(long refreshMs) {
        this.refreshMs = refreshMs;
    }

    public Endpoint getLegacy() {
        return legacy;
    }

    public void setLegacy(Endpoint legacy) {
        this.legacy = legacy;
    }

    public Target getTarget() {
        return target;
    }

    public void setTarget(Target target) {
        this.target = target;
    }

    public Control getControl() {
        return control;
    }

    public void setControl(Control control) {
        this.control = control;
    }

    public Map<String, Unit> getMigrations() {
        return migrations;
    }

    public void setMigrations(Map<String, Unit> migrations) {
        this.migrations = migrations;
    }
}
