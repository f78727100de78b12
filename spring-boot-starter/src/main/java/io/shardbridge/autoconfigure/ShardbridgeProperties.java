package io.shardbridge.autoconfigure;

import io.shardbridge.config.MigrationPhase;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code shardbridge.*} tree (DESIGN §3, docs/configuration.md), typed for IDE completion and documentation:
 * every key of the YAML contract ({@link io.shardbridge.config.ConfigKeys#ALL}) has its component here, and
 * {@code ShardbridgePropertiesContractTest} fails when one is missing. The starter reads the configuration
 * through the same strict reader as the YAML file ({@link ShardbridgePropertyTree}), so a misspelled key fails
 * start-up with a suggestion instead of being ignored; these records serve the IDE and the starter's own
 * settings ({@code enabled}, {@code refresh-ms}).
 *
 * @param enabled    Whether the starter configures the migration layer at all
 * @param refreshMs  How often (ms) the migration phases in the environment are re-read and requested; 0 turns it off
 * @param legacy     The PostgreSQL database the tables move off; default: spring.datasource.url, username and password
 * @param target     The sharded destination
 * @param control    Where phases, heartbeats, checkpoints and reports live; default: legacy
 * @param migrations Migration units: tables that move together, and the phase each should be in
 */
@ConfigurationProperties(prefix = "shardbridge")
public record ShardbridgeProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5000") long refreshMs, Endpoint legacy,
                                    Target target, Control control, Map<String, Unit> migrations) {
    /**
     * A database: legacy or one shard.
     *
     * @param url         JDBC URL (jdbc:postgresql:, jdbc:mysql: or jdbc:mariadb:)
     * @param username    User name; default: empty
     * @param password    Password; never appears in logs or errors; default: empty
     * @param maxPoolSize Connections in this database's pool; default: 10 for legacy, target.max-pool-size for a shard
     */
    public record Endpoint(String url, String username, String password, Integer maxPoolSize) {
    }

    /**
     * The control store.
     *
     * @param url                 JDBC URL of the control store; default: legacy
     * @param username            User name; default: empty
     * @param password            Password; default: empty
     * @param maxPoolSize         Connections in the control store's pool (when it is not legacy)
     * @param heartbeatMs         How often each instance heartbeats to the control store (ms)
     * @param instanceDeadAfterMs After how long without a heartbeat an instance counts as dead (ms); at least four heartbeats
     */
    public record Control(String url, String username, String password, @DefaultValue("4") int maxPoolSize,
                          @DefaultValue("100") int heartbeatMs, @DefaultValue("10000") int instanceDeadAfterMs) {
    }

    /**
     * The sharded destination.
     *
     * @param dialect                Postgresql or mysql (MariaDB counts as mysql); default: the engine of the first shard's URL
     * @param sqlDialect             The dialect the service's own SQL is written in, which ShardingSphere parses for routing
     * @param shards                 Physical shard databases, in order
     * @param maxPoolSize            The default pool size of every shard
     * @param connectTimeoutSeconds  How long start-up waits for each shard before failing and naming it
     * @param tables                 Logical table to shard rule
     * @param bindingTables          Groups of sharded tables that share a layout, so their joins stay on one shard, e.g. [[orders, order_item]]
     * @param broadcastTables        Tables copied whole to every shard
     * @param fastPath               Whether prepared statements that pin one shard-key value skip ShardingSphere's pipeline (docs/fast-path.md)
     * @param subqueryGuard          Whether SELECTs with a subquery shape ShardingSphere answers wrongly are refused (docs/sharding.md)
     * @param crossShardTransactions What a transaction that writes more than one shard gets: atomic (two-phase commit, recovered by
     *                               any instance) or refuse (the statement that would write a second shard fails before it runs);
     *                               unset: atomic when every shard can prepare transactions, else a start-up error (docs/sharding.md)
     * @param lockTimeoutMs          How long a statement on a shard waits for a row lock before it fails with a retryable error;
     *                               0: the server's setting
     */
    public record Target(String dialect, @DefaultValue("postgresql") String sqlDialect, Map<String, Endpoint> shards,
                         @DefaultValue("10") int maxPoolSize, @DefaultValue("10") int connectTimeoutSeconds, Map<String, TableRule> tables,
                         List<List<String>> bindingTables, List<String> broadcastTables, @DefaultValue("true") boolean fastPath,
                         @DefaultValue("true") boolean subqueryGuard, String crossShardTransactions,
                         @DefaultValue("5000") int lockTimeoutMs) {
    }

    /**
     * How one logical table is sharded.
     *
     * @param shardKey       The column whose value picks the shard
     * @param tablesPerShard Physical tables per shard
     * @param algorithm      Mod, hash-mod, range (with boundaries) or interval (with interval-start)
     * @param boundaries     Range only: ascending split points, exactly shards × tables-per-shard − 1 of them
     * @param intervalStart  Interval only: the first day of interval 0, YYYY-MM-DD
     * @param intervalUnit   Interval only: days, months or years
     * @param intervalAmount Interval only: units per interval
     * @param keyGenerate    Fills a column with a Snowflake id when an INSERT leaves it out (tables with no legacy sequence)
     * @param columnTypes    MySQL shards only: column name to json or text, overriding how the column's PostgreSQL type is held (docs/schema.md)
     */
    public record TableRule(String shardKey, @DefaultValue("1") int tablesPerShard, String algorithm, List<BigDecimal> boundaries,
                            String intervalStart, @DefaultValue("months") String intervalUnit, @DefaultValue("1") int intervalAmount,
                            KeyGenerate keyGenerate, Map<String, String> columnTypes) {
    }

    /**
     * A generated key.
     *
     * @param column The column to fill
     * @param type   The generator; only snowflake
     */
    public record KeyGenerate(String column, @DefaultValue("snowflake") String type) {
    }

    /**
     * A migration unit.
     *
     * @param tables                 The tables that move together
     * @param phase                  The desired phase; moves are requested one step at a time and coordinated across instances
     * @param shadowReadPercent      In SHADOW and LIVE, the share (0-100) of reads also run on the other side and compared
     * @param mirrorFailure          What a failed mirror write does: record-for-repair commits the caller's work and leaves the keys
     *                               for the repairer; fail rolls the caller's transaction back and throws
     * @param mirrorTimeoutMs        Longest one mirror call may take (ms); a slower call counts as a mirror failure
     * @param circuitBreakerFailures Consecutive mirror failures that open the circuit breaker
     * @param circuitBreakerOpenMs   How long an open breaker skips the mirror (ms), writes recorded for repair, before one trial call
     * @param keyBlockSize           Once the sharded target is authoritative, how many sequence keys (serial, identity, DEFAULT nextval)
     *                               an instance reserves at a time from the shared allocator in the control store
     * @param fenceTimeoutMs         Longest a phase move waits for in-flight transactions of the unit, and the deadline of an authority
     *                               flip across instances (ms); on timeout the move is abandoned and nothing changes
     * @param catchUp                Whether a logical-replication slot on legacy feeds the target every change shardbridge did not
     *                               mirror itself, from DUAL_WRITE to RAMP_DOWN (needs wal_level = logical)
     * @param outsideWritesQuietMs   A move that makes the target authoritative is refused while rows of the unit's tables were written
     *                               outside shardbridge within this window (ms)
     * @param catchUpWarnMb          WAL the unit's slot may keep on legacy (MB) before status, the log and a metric warn
     * @param capture                How the service's own writes reach the target while legacy is authoritative: statement (row images
     *                               mirrored on the caller's path before its commit returns) or logical (not on the caller's path:
     *                               legacy's logical-replication stream applies every change, and the flip to LIVE waits for it;
     *                               needs wal_level = logical on legacy)
     */
    public record Unit(List<String> tables, @DefaultValue("LEGACY_ONLY") MigrationPhase phase, @DefaultValue("0") int shadowReadPercent,
                       @DefaultValue("record-for-repair") String mirrorFailure, @DefaultValue("2000") int mirrorTimeoutMs,
                       @DefaultValue("5") int circuitBreakerFailures, @DefaultValue("5000") int circuitBreakerOpenMs,
                       @DefaultValue("1000") int keyBlockSize, @DefaultValue("5000") int fenceTimeoutMs, @DefaultValue("true") boolean catchUp,
                       @DefaultValue("300000") int outsideWritesQuietMs, @DefaultValue("1024") int catchUpWarnMb,
                       @DefaultValue("statement") String capture) {
    }
}
