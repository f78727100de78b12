package io.shardbridge.testing;

import io.shardbridge.config.Dialect;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.schema.DdlTableReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.target.ShardedTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One sharded target per dialect, opened once per JVM (opening takes seconds) with the test tables
 * provisioned: two shard databases, a binding pair, a range-, an interval- and a hash-sharded table and
 * a broadcast table.
 */
public final class TestTargets {
    public static final String TABLES_DDL = """
            CREATE TABLE orders (order_id bigint PRIMARY KEY, user_id bigint NOT NULL, amount numeric(12,2) NOT NULL,
                                 status varchar(20) NOT NULL DEFAULT 'NEW', created_at timestamp NOT NULL DEFAULT now());
            CREATE INDEX orders_user_idx ON orders (user_id);
            CREATE TABLE order_item (item_id bigint PRIMARY KEY, order_id bigint NOT NULL, user_id bigint NOT NULL,
                                     sku varchar(32) NOT NULL, qty integer NOT NULL);
            CREATE TABLE account (account_id bigint PRIMARY KEY, owner varchar(64) NOT NULL, balance numeric(18,2) NOT NULL);
            CREATE TABLE daily_event (event_day date NOT NULL, event_id bigint NOT NULL, note varchar(100),
                                      PRIMARY KEY (event_day, event_id));
            CREATE TABLE card (card_id bigint PRIMARY KEY, user_id bigint NOT NULL, card_no varchar(32) NOT NULL,
                               balance numeric(14,2) NOT NULL);
            CREATE TABLE card_bin (bin varchar(8) PRIMARY KEY, bank varchar(64) NOT NULL);
            """;
    public static final List<String> SHARDED_TABLES = List.of("orders", "order_item", "account", "daily_event", "card");

    private static final Map<Dialect, ShardedTarget> OPEN = new EnumMap<>(Dialect.class);
    private static final Map<Dialect, Path> YAML = new EnumMap<>(Dialect.class);

    private TestTargets() {
    }

    /** The YAML (DESIGN §3) for a two-shard target of this dialect, written to a temporary file. */
    public static synchronized Path yaml(Dialect dialect) {
        return YAML.computeIfAbsent(dialect, d -> {
            try {
                Path file = Files.createTempFile("shardbridge-" + d.name().toLowerCase() + "-", ".yaml");
                Files.writeString(file, yamlText(d));
                file.toFile().deleteOnExit();
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public static String yamlText(Dialect dialect) {
        TestDatabases.Server pg = TestDatabases.postgres();
        boolean mysql = dialect == Dialect.MYSQL;
        TestDatabases.Server shardServer = mysql ? TestDatabases.mysql() : pg;
        String shard0 = mysql ? TestDatabases.mysqlUrl(TestDatabases.MYSQL_SHARD0) : TestDatabases.postgresUrl(TestDatabases.PG_SHARD0);
        String shard1 = mysql ? TestDatabases.mysqlUrl(TestDatabases.MYSQL_SHARD1) : TestDatabases.postgresUrl(TestDatabases.PG_SHARD1);
        return """
                legacy:
                  url: %s
                  username: %s
                  password: "%s"
                target:
                  dialect: %s
                  shards:
                    ds0: { url: "%s", username: %s, password: "%s" }
                    ds1: { url: "%s", username: %s, password: "%s" }
                  tables:
                    orders:
                      shard-key: user_id
                      tables-per-shard: 2
                      algorithm: mod
                      key-generate: { column: order_id }
                    order_item:
                      shard-key: user_id
                      tables-per-shard: 2
                      algorithm: mod
                    account:
                      shard-key: account_id
                      tables-per-shard: 2
                      algorithm: range
                      boundaries: [1000, 2000, 3000]
                    daily_event:
                      shard-key: event_day
                      tables-per-shard: 2
                      algorithm: interval
                      interval-start: 2024-01-01
                      interval-unit: months
                    card:
                      shard-key: card_id
                      tables-per-shard: 2
                      algorithm: hash-mod
                  binding-tables:
                    - [orders, order_item]
                  broadcast-tables: [card_bin]
                """.formatted(TestDatabases.postgresUrl(TestDatabases.LEGACY), pg.user(), pg.password(),
                mysql ? "mysql" : "postgresql",
                shard0, shardServer.user(), shardServer.password(), shard1, shardServer.user(), shardServer.password());
    }

    public static ShardbridgeConfig config(Dialect dialect) {
        return ShardbridgeConfigLoader.load(yaml(dialect));
    }

    /** The shared, provisioned target for this dialect. Do not close it: it lives for the whole JVM. */
    public static synchronized ShardedTarget target(Dialect dialect) {
        ShardedTarget open = OPEN.get(dialect);
        if (open == null) {
            ShardbridgeConfig config = config(dialect);
            try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
                // provisioned before the routing layer opens, so it sees the tables when it loads metadata
                SchemaProvisioner.provision(config.target(), DdlTableReader.read(legacy, TABLES_DDL));
                createSingleTableOnFirstShard(dialect);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            open = ShardedTarget.open(config.target());
            OPEN.put(dialect, open);
            ShardedTarget toClose = open;
            Runtime.getRuntime().addShutdownHook(new Thread(toClose::close));
        }
        return open;
    }

    /** A table in no rule at all: it lives only in the first shard and resolves through the SINGLE rule. */
    private static void createSingleTableOnFirstShard(Dialect dialect) throws SQLException {
        try (Connection c = dialect == Dialect.MYSQL ? TestDatabases.mysqlConnection(TestDatabases.MYSQL_SHARD0)
                : TestDatabases.postgresConnection(TestDatabases.PG_SHARD0);
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS single_note (note_id BIGINT PRIMARY KEY, body VARCHAR(100) NOT NULL)");
        }
    }

    /** Empties every physical copy of the test tables. */
    public static void truncateAll(ShardedTarget target) throws SQLException {
        for (Map.Entry<String, ? extends DataSource> shard : target.shardDataSources().entrySet()) {
            try (Connection c = shard.getValue().getConnection(); Statement st = c.createStatement()) {
                for (String table : SHARDED_TABLES) {
                    for (int i = 0; i < 2; i++) {
                        st.execute("DELETE FROM " + table + "_" + i);
                    }
                }
                st.execute("DELETE FROM card_bin");
                if (shard.getKey().equals("ds0")) {
                    st.execute("DELETE FROM single_note");
                }
            }
        }
    }
}
