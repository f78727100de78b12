package io.shardbridge.config;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns the strict YAML tree into validated config records; every error names its YAML path. */
final class ConfigReader {
    private static final int MAX_SLOTS = 4096;

    private ConfigReader() {
    }

    static ShardbridgeConfig read(YamlNode root, String source) {
        Optional<DatabaseEndpoint> legacy = root.has("legacy") ? Optional.of(endpoint(root.child("legacy"), 10)) : Optional.empty();
        if (!root.has("target")) {
            root.raw("target");
            root.raw("control");
            root.raw("migrations");
            root.rejectUnknownKeys();
            throw new ConfigException("target", "missing in " + source + "; describe the shards and the sharded tables (see README, quick start)");
        }
        TargetConfig target = target(root.child("target"));
        Optional<DatabaseEndpoint> control = Optional.empty();
        ShardbridgeConfig.ControlTiming timing = ShardbridgeConfig.ControlTiming.DEFAULT;
        if (root.has("control")) {
            YamlNode node = root.child("control");
            int heartbeat = node.optionalInt("heartbeat-ms", 100, 10, 60_000);
            int deadAfter = node.optionalInt("instance-dead-after-ms", 10_000, 100, 3_600_000);
            if (deadAfter < 4 * heartbeat) {
                throw new ConfigException(node.childPath("instance-dead-after-ms"), "is " + deadAfter + " ms, less than four heartbeats ("
                        + 4 * heartbeat + " ms): a live instance would be counted dead after a single late heartbeat; raise it");
            }
            timing = new ShardbridgeConfig.ControlTiming(java.time.Duration.ofMillis(heartbeat), java.time.Duration.ofMillis(deadAfter));
            if (node.has("url")) {
                control = Optional.of(endpoint(node, 4));
            } else {
                node.rejectUnknownKeys();
            }
        }
        Map<String, MigrationUnitConfig> migrations = migrations(root.child("migrations"), target, legacy.isPresent());
        root.rejectUnknownKeys();
        return new ShardbridgeConfig(legacy, target, control, migrations, timing);
    }

    static DatabaseEndpoint endpoint(YamlNode node, int defaultPoolSize) {
        String url = node.requireString("url", "give the JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/app");
        String username = node.optionalString("username").orElse("");
        String password = node.optionalString("password").orElse("");
        int pool = node.optionalInt("max-pool-size", defaultPoolSize, 1, 1000);
        node.rejectUnknownKeys();
        try {
            Dialect.fromJdbcUrl(url);
        } catch (ConfigException e) {
            throw new ConfigException(node.childPath("url"), e.getMessage());
        }
        return new DatabaseEndpoint(url, username, password, pool);
    }

    private static TargetConfig target(YamlNode node) {
        YamlNode shardsNode = node.child("shards");
        shardsNode.consumeAll();
        if (shardsNode.keys().isEmpty()) {
            throw new ConfigException(node.childPath("shards"), "missing or empty; list the physical shard databases, e.g. ds0: { url: jdbc:postgresql://host/shard0 }");
        }
        int poolSize = node.optionalInt("max-pool-size", 10, 1, 1000);
        Map<String, DatabaseEndpoint> shards = new LinkedHashMap<>();
        Map<String, String> shardByUrl = new HashMap<>();
        for (String name : shardsNode.keys()) {
            requireIdentifier(shardsNode.childPath(name), name, "shard name");
            DatabaseEndpoint endpoint = endpoint(shardsNode.child(name), poolSize);
            String other = shardByUrl.put(endpoint.url(), name);
            if (other != null) {
                throw new ConfigException(shardsNode.childPath(name) + ".url", "is the same database as shard '" + other
                        + "'; every shard needs its own database, or rows would be stored twice");
            }
            shards.put(name, endpoint);
        }
        Dialect dialect = node.optionalString("dialect").map(d -> Dialect.parse(node.childPath("dialect"), d))
                .orElse(shards.values().iterator().next().dialect());
        for (Map.Entry<String, DatabaseEndpoint> shard : shards.entrySet()) {
            if (shard.getValue().dialect() != dialect) {
                throw new ConfigException(shardsNode.childPath(shard.getKey()) + ".url", "is a " + shard.getValue().dialect().name().toLowerCase()
                        + " URL but target.dialect is " + dialect.name().toLowerCase() + "; all shards must use one engine");
            }
        }
        Dialect sqlDialect = node.optionalString("sql-dialect").map(d -> Dialect.parse(node.childPath("sql-dialect"), d)).orElse(Dialect.POSTGRESQL);
        int connectTimeout = node.optionalInt("connect-timeout-seconds", 10, 1, 600);
        boolean fastPath = node.optionalBoolean("fast-path", true);
        boolean subqueryGuard = node.optionalBoolean("subquery-guard", true);
        CrossShardTransactions crossShard = node.optionalString("cross-shard-transactions")
                .map(v -> CrossShardTransactions.parse(node.childPath("cross-shard-transactions"), v)).orElse(null);
        int lockTimeout = node.optionalInt("lock-timeout-ms", TargetConfig.DEFAULT_LOCK_TIMEOUT_MILLIS, 0, 3_600_000);

        YamlNode tablesNode = node.child("tables");
        tablesNode.consumeAll();
        Map<String, TableRule> tables = new LinkedHashMap<>();
        for (String name : tablesNode.keys()) {
            tables.put(name, tableRule(tablesNode.child(name), name, shards.size()));
        }
        List<String> broadcast = node.stringList("broadcast-tables");
        Set<String> seenBroadcast = new HashSet<>();
        for (String table : broadcast) {
            requireIdentifier(node.childPath("broadcast-tables"), table, "table name");
            if (!seenBroadcast.add(table)) {
                throw new ConfigException(node.childPath("broadcast-tables"), "lists '" + table + "' twice; list each table once");
            }
            if (tables.containsKey(table)) {
                throw new ConfigException(node.childPath("broadcast-tables"), "'" + table + "' is also under target.tables; a table is either sharded or broadcast, not both");
            }
        }
        List<List<String>> binding = bindingGroups(node, tables);
        node.rejectUnknownKeys();
        return new TargetConfig(dialect, sqlDialect, shards, tables, broadcast, binding, connectTimeout, fastPath, subqueryGuard, crossShard, lockTimeout);
    }

    static TableRule tableRule(YamlNode node, String name, int shardCount) {
        requireIdentifier(node.path(), name, "table name");
        String shardKey = node.requireString("shard-key", "name the column whose value picks the shard, e.g. shard-key: user_id");
        requireIdentifier(node.childPath("shard-key"), shardKey, "column name");
        int tablesPerShard = node.optionalInt("tables-per-shard", 1, 1, MAX_SLOTS);
        if ((long) tablesPerShard * shardCount > MAX_SLOTS) {
            throw new ConfigException(node.childPath("tables-per-shard"), "gives " + (tablesPerShard * shardCount) + " physical tables; at most " + MAX_SLOTS + " are supported");
        }
        ShardAlgorithm algorithm = ShardAlgorithm.parse(node.childPath("algorithm"),
                node.requireString("algorithm", "choose mod, hash-mod, range or interval"));
        List<BigDecimal> boundaries = List.of();
        LocalDate intervalStart = null;
        IntervalUnit unit = null;
        int amount = 1;
        int slots = tablesPerShard * shardCount;
        switch (algorithm) {
            case RANGE -> boundaries = boundaries(node, slots);
            case INTERVAL -> {
                String start = node.requireString("interval-start", "give the first day of interval 0, e.g. interval-start: 2024-01-01");
                try {
                    intervalStart = LocalDate.parse(start.trim());
                } catch (DateTimeParseException e) {
                    throw new ConfigException(node.childPath("interval-start"), "'" + start + "' is not a date; write it as YYYY-MM-DD");
                }
                unit = IntervalUnit.parse(node.childPath("interval-unit"), node.optionalString("interval-unit").orElse("months"));
                amount = node.optionalInt("interval-amount", 1, 1, 10_000);
            }
            default -> {
            }
        }
        for (String key : List.of("boundaries", "interval-start", "interval-unit", "interval-amount")) {
            if (node.has(key) && !appliesTo(key, algorithm)) {
                throw new ConfigException(node.childPath(key), "only applies to algorithm " + (key.equals("boundaries") ? "range" : "interval")
                        + " but this table uses " + algorithm.configName() + "; remove it");
            }
        }
        Optional<String> generatedKey = Optional.empty();
        if (node.has("key-generate")) {
            YamlNode keyGen = node.child("key-generate");
            String column = keyGen.requireString("column", "name the column to fill with a Snowflake id, e.g. column: id");
            requireIdentifier(keyGen.childPath("column"), column, "column name");
            String type = keyGen.optionalString("type").orElse("snowflake");
            if (!type.equalsIgnoreCase("snowflake")) {
                throw new ConfigException(keyGen.childPath("type"), "unknown key generator '" + type + "'; only snowflake is supported");
            }
            keyGen.rejectUnknownKeys();
            generatedKey = Optional.of(column);
        }
        java.util.Map<String, String> columnTypes = columnTypes(node);
        node.rejectUnknownKeys();
        return new TableRule(name, shardKey, tablesPerShard, algorithm, boundaries, intervalStart, unit, amount, generatedKey, columnTypes);
    }

    /** The names {@code column-types} takes: how a MySQL shard holds a column (docs/schema.md). */
    static final List<String> COLUMN_TYPES = List.of("json", "text");

    /** {@code column-types: { tags: json, span: text }}: per-column overrides of the MySQL mapping. */
    private static java.util.Map<String, String> columnTypes(YamlNode rule) {
        if (!rule.has("column-types")) {
            return java.util.Map.of();
        }
        YamlNode node = rule.child("column-types");
        node.consumeAll();
        java.util.Map<String, String> out = new LinkedHashMap<>();
        for (String column : node.keys()) {
            requireIdentifier(node.childPath(column), column, "column name");
            String type = node.requireString(column, "give json or text").trim().toLowerCase(java.util.Locale.ROOT);
            if (!COLUMN_TYPES.contains(type)) {
                throw new ConfigException(node.childPath(column), "unknown column type '" + type + "'; choose json (arrays, as a JSON array) "
                        + "or text (any type, as PostgreSQL prints it)");
            }
            out.put(column, type);
        }
        return out;
    }

    /** A plan-bench file: {@code table:} and {@code plans:} of named table rules, each with {@code shards:}. */
    static CandidatePlans candidatePlans(YamlNode root) {
        String table = root.requireString("table", "name the legacy table the plans shard, e.g. table: card");
        requireIdentifier(root.childPath("table"), table, "table name");
        YamlNode plansNode = root.child("plans");
        plansNode.consumeAll();
        if (plansNode.keys().isEmpty()) {
            throw new ConfigException(root.childPath("plans"), "missing; list at least one plan, e.g. plans: { by-id: { shards: 4, shard-key: id, "
                    + "tables-per-shard: 2, algorithm: hash-mod } }");
        }
        List<CandidatePlans.Plan> plans = new ArrayList<>();
        for (String name : plansNode.keys()) {
            YamlNode plan = plansNode.child(name);
            int shards = plan.optionalInt("shards", 2, 1, MAX_SLOTS);
            plans.add(new CandidatePlans.Plan(name, shards, tableRule(plan, table, shards)));
        }
        root.rejectUnknownKeys();
        return new CandidatePlans(table, plans);
    }

    private static boolean appliesTo(String key, ShardAlgorithm algorithm) {
        return key.equals("boundaries") ? algorithm == ShardAlgorithm.RANGE : algorithm == ShardAlgorithm.INTERVAL;
    }

    private static List<BigDecimal> boundaries(YamlNode node, int slots) {
        String path = node.childPath("boundaries");
        if (!node.has("boundaries")) {
            throw new ConfigException(path, "missing; algorithm range needs " + (slots - 1) + " ascending split points (one fewer than the "
                    + slots + " physical tables), e.g. boundaries: [1000000, 2000000]");
        }
        List<BigDecimal> out = new ArrayList<>();
        for (Object item : node.list("boundaries")) {
            try {
                out.add(new BigDecimal(String.valueOf(item).trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException(path, "'" + item + "' is not a number; range boundaries are numeric key values");
            }
        }
        if (out.size() != slots - 1) {
            throw new ConfigException(path, "has " + out.size() + " split points but " + slots + " physical tables need exactly " + (slots - 1));
        }
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).compareTo(out.get(i - 1)) <= 0) {
                throw new ConfigException(path, "must be strictly ascending, but " + out.get(i) + " follows " + out.get(i - 1));
            }
        }
        return out;
    }

    private static List<List<String>> bindingGroups(YamlNode node, Map<String, TableRule> tables) {
        String path = node.childPath("binding-tables");
        List<List<String>> groups = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Object item : node.list("binding-tables")) {
            if (!(item instanceof List<?> members) || members.size() < 2) {
                throw new ConfigException(path, "each entry is a list of two or more sharded tables, e.g. binding-tables: [[orders, order_item]]");
            }
            List<String> group = members.stream().map(String::valueOf).toList();
            TableRule first = null;
            for (String table : group) {
                TableRule rule = tables.get(table);
                if (rule == null) {
                    throw new ConfigException(path, "'" + table + "' is not under target.tables; only sharded tables can be bound");
                }
                if (seen.put(table, groups.size()) != null) {
                    throw new ConfigException(path, "'" + table + "' is in more than one binding group; merge the groups");
                }
                if (first != null && !first.sameLayoutAs(rule)) {
                    throw new ConfigException(path, "'" + table + "' and '" + first.name() + "' are bound but sharded differently "
                            + "(algorithm, tables-per-shard, boundaries or interval); give them the same layout");
                }
                first = first == null ? rule : first;
            }
            groups.add(group);
        }
        return groups;
    }

    private static java.time.Duration millis(YamlNode unit, String key, java.time.Duration defaultValue) {
        return java.time.Duration.ofMillis(unit.optionalInt(key, (int) defaultValue.toMillis(), 1, 3_600_000));
    }

    private static Map<String, MigrationUnitConfig> migrations(YamlNode node, TargetConfig target, boolean hasLegacy) {
        node.consumeAll();
        Map<String, MigrationUnitConfig> units = new LinkedHashMap<>();
        Map<String, String> owner = new HashMap<>();
        for (String name : node.keys()) {
            YamlNode unit = node.child(name);
            List<String> tables = unit.stringList("tables");
            if (tables.isEmpty()) {
                throw new ConfigException(unit.childPath("tables"), "missing or empty; list the tables that move together, e.g. tables: [bank_card]");
            }
            for (String table : tables) {
                if (target.table(table).isEmpty() && !target.isBroadcast(table)) {
                    throw new ConfigException(unit.childPath("tables"), "'" + table + "' is not under target.tables or target.broadcast-tables; "
                            + "add its shard rule there first");
                }
                String previous = owner.put(table, name);
                if (previous != null) {
                    throw new ConfigException(unit.childPath("tables"), "'" + table + "' is already in migration unit '" + previous + "'; a table belongs to one unit");
                }
            }
            MigrationPhase phase = MigrationPhase.parse(unit.childPath("phase"), unit.optionalString("phase").orElse("LEGACY_ONLY"));
            int percent = unit.optionalInt("shadow-read-percent", 0, 0, 100);
            MigrationUnitConfig.DualWriteSettings defaults = MigrationUnitConfig.DualWriteSettings.DEFAULTS;
            MigrationUnitConfig.DualWriteSettings dualWrite = new MigrationUnitConfig.DualWriteSettings(
                    unit.optionalString("mirror-failure").map(p -> MirrorFailurePolicy.parse(unit.childPath("mirror-failure"), p))
                            .orElse(defaults.failurePolicy()),
                    millis(unit, "mirror-timeout-ms", defaults.mirrorTimeout()),
                    unit.optionalInt("circuit-breaker-failures", defaults.circuitFailures(), 1, 1_000_000),
                    millis(unit, "circuit-breaker-open-ms", defaults.circuitOpenFor()),
                    millis(unit, "fence-timeout-ms", defaults.fenceTimeout()));
            MigrationUnitConfig.OutsideWriteSettings outside = MigrationUnitConfig.OutsideWriteSettings.DEFAULTS;
            boolean catchUp = unit.optionalBoolean("catch-up", outside.catchUp());
            CaptureMode capture = unit.optionalString("capture").map(c -> CaptureMode.parse(unit.childPath("capture"), c)).orElse(outside.capture());
            if (capture == CaptureMode.LOGICAL && !catchUp) {
                throw new ConfigException(unit.childPath("capture"), "logical needs the catch-up stream, but catch-up is false; "
                        + "remove catch-up: false, or use capture: statement");
            }
            outside = new MigrationUnitConfig.OutsideWriteSettings(catchUp,
                    java.time.Duration.ofMillis(unit.optionalInt("outside-writes-quiet-ms", (int) outside.quiet().toMillis(), 0, 86_400_000)),
                    unit.optionalInt("catch-up-warn-mb", (int) (outside.slotWarnBytes() >> 20), 1, 1 << 20) * 1024L * 1024, capture);
            int keyBlockSize = unit.optionalInt("key-block-size", MigrationUnitConfig.DEFAULT_KEY_BLOCK_SIZE, 1, 10_000_000);
            unit.rejectUnknownKeys();
            units.put(name, new MigrationUnitConfig(name, tables, phase, percent, dualWrite, outside, keyBlockSize));
        }
        if (!units.isEmpty() && !hasLegacy) {
            throw new ConfigException("legacy", "missing, but migrations: are configured; give the legacy PostgreSQL url the tables move off");
        }
        return units;
    }

    static void requireIdentifier(String path, String name, String what) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigException(path, "'" + name + "' is not a valid " + what + "; use letters, digits and _ (not starting with a digit)");
        }
    }
}
