package io.shardbridge.config;

import java.util.List;

/**
 * Every key of the configuration contract (DESIGN §3, docs/configuration.md), as the path from the root of
 * the YAML file (the Spring starter puts the same tree under {@code shardbridge.}). A {@code *} stands for a
 * name the user chooses: a shard, a table, a column, a migration unit. Only leaves are listed: the keys that
 * take a value or a list.
 *
 * <p>This list is the one place the contract is written down for code: {@code ConfigKeysTest} proves that
 * {@link ConfigReader} asks for exactly these keys, and the starter's tests prove that each one is bound
 * (and so documented) by its typed properties. A key added to the reader and not here fails the first test;
 * a key added here and not to the starter fails the second.
 */
public final class ConfigKeys {
    /** The keys, in the order of docs/configuration.md. */
    public static final List<String> ALL = List.of(
            "legacy.url", "legacy.username", "legacy.password", "legacy.max-pool-size",
            "target.dialect", "target.sql-dialect", "target.max-pool-size", "target.connect-timeout-seconds", "target.subquery-guard",
            "target.cross-shard-transactions", "target.lock-timeout-ms", "target.fast-path",
            "target.shards.*.url", "target.shards.*.username", "target.shards.*.password", "target.shards.*.max-pool-size",
            "target.tables.*.shard-key", "target.tables.*.tables-per-shard", "target.tables.*.algorithm", "target.tables.*.boundaries",
            "target.tables.*.interval-start", "target.tables.*.interval-unit", "target.tables.*.interval-amount",
            "target.tables.*.key-generate.column", "target.tables.*.key-generate.type", "target.tables.*.column-types.*",
            "target.binding-tables", "target.broadcast-tables",
            "control.url", "control.username", "control.password", "control.max-pool-size", "control.heartbeat-ms",
            "control.instance-dead-after-ms",
            "migrations.*.tables", "migrations.*.phase", "migrations.*.shadow-read-percent", "migrations.*.mirror-failure",
            "migrations.*.mirror-timeout-ms", "migrations.*.circuit-breaker-failures", "migrations.*.circuit-breaker-open-ms",
            "migrations.*.key-block-size", "migrations.*.fence-timeout-ms", "migrations.*.catch-up", "migrations.*.outside-writes-quiet-ms",
            "migrations.*.catch-up-warn-mb", "migrations.*.capture");

    private ConfigKeys() {
    }

    /** Whether a concrete path ({@code target.tables.card.shard-key}) is the contract key {@code pattern} ({@code target.tables.*.shard-key}). */
    public static boolean matches(String pattern, String path) {
        String[] want = pattern.split("\\.");
        String[] have = path.split("\\.");
        if (want.length != have.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (!want[i].equals("*") && !want[i].equals(have[i])) {
                return false;
            }
        }
        return true;
    }
}
