package io.shardbridge.bridge.mirror;

import io.shardbridge.bridge.row.RowImage;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.row.RowImageReader;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.pool.ShardPools;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Row images read from legacy PostgreSQL inside the writing transaction, applied to real shards of one
 * dialect by primary key, in the DESIGN §5 order: mirror writes, authoritative commit, mirror commit.
 */
abstract class MirrorContract {
    private static final String LEGACY_TABLE = """
            DROP TABLE IF EXISTS mirror_card;
            CREATE TABLE mirror_card (card_id bigserial PRIMARY KEY, user_id bigint NOT NULL, card_no varchar(19) NOT NULL,
                                      balance numeric(14,2) NOT NULL, opened_at timestamptz NOT NULL DEFAULT now(),
                                      meta jsonb, token uuid, active boolean NOT NULL DEFAULT true);
            """;

    private TargetConfig target;
    private ShardPools pools;
    private TableDefinition table;
    private MirrorSide mirror;
    private ShardLayout layout;

    abstract Dialect dialect();

    @BeforeEach
    void setUp() throws SQLException {
        String yaml = TestTargets.yamlText(dialect()).replace("  tables:\n",
                "  tables:\n    mirror_card: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }\n");
        target = ShardbridgeConfigLoader.parse(yaml, "mirror-test.yaml").target();
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute(LEGACY_TABLE);
            table = PostgresCatalogReader.read(legacy, "public", "mirror_card");
        }
        pools = ShardPools.open(target);
        for (var shard : pools.byShard().values()) {
            try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS mirror_card_0");
                st.execute("DROP TABLE IF EXISTS mirror_card_1");
            }
        }
        new SchemaProvisioner(target, pools.byShard()).provision(List.of(table));
        mirror = MirrorSide.shards(target, pools.byShard(), List.of(table), java.time.Duration.ofSeconds(5));
        layout = new ShardLayout(target.table("mirror_card").orElseThrow(), target.shardNames());
    }

    @AfterEach
    void tearDown() {
        pools.close();
    }

    @Test
    void insertsUpdatesAndDeletesArriveAsRowImagesOnTheRightPhysicalTable() throws SQLException {
        List<List<Object>> keys = new ArrayList<>();
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
            legacy.setAutoCommit(false);
            try (PreparedStatement ps = legacy.prepareStatement(
                    "INSERT INTO mirror_card (user_id, card_no, balance, meta, token) VALUES (?, ?, ?, ?::jsonb, gen_random_uuid())",
                    new String[] {"card_id"})) {
                for (int i = 0; i < 40; i++) {
                    ps.setLong(1, 1000 + i);
                    ps.setString(2, "6222" + i);
                    ps.setBigDecimal(3, new BigDecimal(i + ".50"));
                    ps.setString(4, "{\"tier\": " + i % 3 + ", \"cn\": \"卡\"}");
                    ps.executeUpdate();
                    try (ResultSet generated = ps.getGeneratedKeys()) {
                        generated.next();
                        keys.add(List.of(generated.getLong(1)));
                    }
                }
            }
            mirrorKeys(legacy, keys);
        }
        assertTargetEqualsLegacy(40);

        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
            legacy.setAutoCommit(false);
            try (Statement st = legacy.createStatement()) {
                st.executeUpdate("UPDATE mirror_card SET balance = balance + 1, active = false WHERE card_id % 4 = 0");
            }
            mirrorKeys(legacy, keys); // the same images again are a no-op for unchanged rows
        }
        assertTargetEqualsLegacy(40);

        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
            legacy.setAutoCommit(false);
            List<RowImage> deleted = new ArrayList<>();
            try (Statement st = legacy.createStatement();
                 ResultSet rs = st.executeQuery("DELETE FROM mirror_card WHERE card_id % 5 = 0 RETURNING card_id, user_id")) {
                while (rs.next()) {
                    // half the delete images carry the shard key, half only the primary key (found by looking everywhere)
                    deleted.add(new RowImage("mirror_card", rs.getLong(1) % 2 == 0
                            ? Map.of("card_id", rs.getLong(1), "user_id", rs.getLong(2)) : Map.of("card_id", rs.getLong(1))));
                }
            }
            try (MirrorTransaction tx = mirror.begin()) {
                for (RowImage image : deleted) {
                    tx.delete(image);
                }
                legacy.commit();
                tx.commit();
            }
        }
        assertTargetEqualsLegacy(32);
    }

    @Test
    void aMirrorTransactionThatIsNotCommittedLeavesNothing() throws SQLException {
        try (MirrorTransaction tx = mirror.begin()) {
            tx.upsert(new RowImage("mirror_card", Map.of("card_id", 1L, "user_id", 1L, "card_no", "x", "balance", BigDecimal.ONE,
                    "opened_at", java.time.OffsetDateTime.now(), "active", true)));
            tx.upsert(new RowImage("mirror_card", Map.of("card_id", 2L, "user_id", 2L, "card_no", "y", "balance", BigDecimal.ONE,
                    "opened_at", java.time.OffsetDateTime.now(), "active", true)));
        }
        assertThat(targetRows()).isEmpty();
    }

    private void mirrorKeys(Connection legacy, List<List<Object>> keys) throws SQLException {
        List<RowImage> images = RowImageReader.read(legacy, table, keys);
        try (MirrorTransaction tx = mirror.begin()) {
            for (RowImage image : images) {
                tx.upsert(image);
            }
            legacy.commit();
            tx.commit();
        }
    }

    private void assertTargetEqualsLegacy(int expectedRows) throws SQLException {
        Map<Long, String> legacyRows = new java.util.TreeMap<>();
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement();
             ResultSet rs = st.executeQuery("SELECT card_id, user_id, card_no, balance, extract(epoch FROM opened_at)::numeric(20,6), "
                     + "meta->>'tier', meta->>'cn', token::text, active FROM mirror_card")) {
            while (rs.next()) {
                legacyRows.put(rs.getLong(1), rs.getLong(2) + "|" + rs.getString(3) + "|" + rs.getBigDecimal(4).stripTrailingZeros().toPlainString()
                        + "|" + rs.getBigDecimal(5).stripTrailingZeros().toPlainString() + "|" + rs.getString(6) + "|" + rs.getString(7)
                        + "|" + rs.getString(8) + "|" + rs.getBoolean(9));
            }
        }
        assertThat(legacyRows).hasSize(expectedRows);
        assertThat(targetRows()).isEqualTo(legacyRows);
    }

    /** Every row on every physical table, checked to sit where the layout places it. */
    private Map<Long, String> targetRows() throws SQLException {
        boolean my = dialect() == Dialect.MYSQL;
        String sql = my
                ? "SELECT card_id, user_id, card_no, balance, CAST(UNIX_TIMESTAMP(CONVERT_TZ(opened_at, '+00:00', @@session.time_zone)) AS DECIMAL(20,6)), "
                        + "JSON_VALUE(meta, '$.tier'), JSON_VALUE(meta, '$.cn'), token, active FROM %s"
                : "SELECT card_id, user_id, card_no, balance, extract(epoch FROM opened_at)::numeric(20,6), meta->>'tier', meta->>'cn', "
                        + "token::text, active FROM %s";
        Map<Long, String> rows = new java.util.TreeMap<>();
        for (PhysicalTable physical : layout.physicalTables()) {
            try (Connection c = pools.byShard().get(physical.shard()).getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(sql.formatted(physical.table()))) {
                while (rs.next()) {
                    assertThat(layout.locate(rs.getLong(2))).as("placement of card %d", rs.getLong(1)).isEqualTo(physical);
                    rows.put(rs.getLong(1), rs.getLong(2) + "|" + rs.getString(3) + "|" + rs.getBigDecimal(4).stripTrailingZeros().toPlainString()
                            + "|" + rs.getBigDecimal(5).stripTrailingZeros().toPlainString() + "|" + rs.getString(6) + "|" + rs.getString(7)
                            + "|" + rs.getString(8) + "|" + rs.getBoolean(9));
                }
            }
        }
        return rows;
    }
}
