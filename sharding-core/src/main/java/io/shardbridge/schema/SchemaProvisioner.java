package io.shardbridge.schema;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.config.TableRule;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates every physical table (and its indexes) a logical table needs on the shards: one per slot for
 * a sharded table, one per shard under the logical name for a broadcast table. All DDL is
 * {@code IF NOT EXISTS}, so running it again is a no-op; the user-defined types the tables need (enums,
 * domains, composites, ranges) come first on every PostgreSQL shard, created only where missing. Every table is planned (and every type mapped)
 * before the first statement runs, so an unmappable column fails the run without touching any shard.
 */
public final class SchemaProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaProvisioner.class);

    private final TargetConfig target;
    private final Map<String, ? extends DataSource> shards;

    public SchemaProvisioner(TargetConfig target, Map<String, ? extends DataSource> shardDataSources) {
        this.target = target;
        this.shards = shardDataSources;
    }

    /** Provisions with short-lived pools of its own: for tools that run before the service opens the target. */
    public static int provision(TargetConfig target, List<TableDefinition> tables) {
        try (io.shardbridge.pool.ShardPools pools = io.shardbridge.pool.ShardPools.open(target)) {
            return new SchemaProvisioner(target, pools.byShard()).provision(tables);
        }
    }

    /** The statements {@link #provision} would run, per shard, in order. */
    public Map<String, List<String>> plan(List<TableDefinition> tables) {
        Map<String, List<String>> perShard = new LinkedHashMap<>();
        target.shardNames().forEach(s -> perShard.put(s, new ArrayList<>()));
        PhysicalDdl ddl = PhysicalDdl.forDialect(target.dialect());
        Map<String, UserType> types = new LinkedHashMap<>();
        tables.forEach(t -> t.types().forEach(type -> types.putIfAbsent(type.name(), type)));
        List<String> typeDdl = ddl.createTypes(List.copyOf(types.values()));
        perShard.values().forEach(statements -> statements.addAll(typeDdl));
        for (TableDefinition table : tables) {
            Optional<TableRule> rule = target.table(table.name());
            if (rule.isPresent()) {
                check(table, rule.get());
                for (PhysicalTable physical : new ShardLayout(rule.get(), target.shardNames()).physicalTables()) {
                    String suffix = physical.table().substring(table.name().length());
                    perShard.get(physical.shard()).addAll(ddl.createTable(table, physical.table(), suffix, rule.get().columnTypes()));
                }
            } else if (target.isBroadcast(table.name())) {
                for (String shard : target.shardNames()) {
                    perShard.get(shard).addAll(ddl.createTable(table, table.name(), ""));
                }
            } else {
                throw new ShardbridgeException("table " + table.name() + " is neither under target.tables nor target.broadcast-tables; "
                        + "add a shard rule for it (shard-key, tables-per-shard, algorithm) or list it as a broadcast table");
            }
        }
        return perShard;
    }

    /** Creates what is missing; returns the number of statements run. */
    public int provision(List<TableDefinition> tables) {
        Map<String, List<String>> plan = plan(tables);
        int statements = 0;
        for (Map.Entry<String, List<String>> shard : plan.entrySet()) {
            try (Connection c = shards.get(shard.getKey()).getConnection(); Statement st = c.createStatement()) {
                for (String sql : shard.getValue()) {
                    st.execute(sql);
                    statements++;
                }
            } catch (SQLException e) {
                throw new ShardbridgeException("provisioning on shard " + shard.getKey() + " failed: " + e.getMessage()
                        + " [SQLState " + e.getSQLState() + "]; fix the cause and run again (the DDL is idempotent)", e);
            }
            LOG.info("shard {}: {} DDL statements applied (existing tables left as they are)", shard.getKey(), shard.getValue().size());
        }
        return statements;
    }

    private static void check(TableDefinition table, TableRule rule) {
        if (table.column(rule.shardKey()).isEmpty()) {
            throw new ShardbridgeException("table " + table.name() + " has no column '" + rule.shardKey()
                    + "' but target.tables." + table.name() + ".shard-key names it; fix the shard-key or the table");
        }
        for (String column : rule.columnTypes().keySet()) {
            if (table.column(column).isEmpty()) {
                throw new ShardbridgeException("table " + table.name() + " has no column '" + column
                        + "' but target.tables." + table.name() + ".column-types names it; fix the column name or remove the entry");
            }
        }
        rule.generatedKey().ifPresent(column -> {
            if (table.column(column).isEmpty()) {
                throw new ShardbridgeException("table " + table.name() + " has no column '" + column
                        + "' but target.tables." + table.name() + ".key-generate.column names it");
            }
        });
    }
}
