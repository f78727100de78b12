package io.shardbridge.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.config.Dialect;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The "done when": a program that knows only {@link DriverManager} and a YAML file creates a
 * sharded table, inserts 1,000 rows, reads each back by key and reads them all back as one sorted range.
 */
abstract class DriverContract {
    private String url;

    abstract Dialect dialect();

    @AfterEach
    void closeDriverDataSource() {
        if (url != null) {
            ShardbridgeDriver.close(url);
        }
    }

    @Test
    void createInsertAndReadBackThousandRowsThroughDriverManager() throws SQLException, IOException {
        String shard0 = dialect() == Dialect.MYSQL ? TestDatabases.MYSQL_SHARD0 : TestDatabases.PG_SHARD0;
        String shard1 = dialect() == Dialect.MYSQL ? TestDatabases.MYSQL_SHARD1 : TestDatabases.PG_SHARD1;
        for (String db : new String[] {shard0, shard1}) {
            try (Connection c = dialect() == Dialect.MYSQL ? TestDatabases.mysqlConnection(db) : TestDatabases.postgresConnection(db);
                 Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS ledger_entry_0");
                st.execute("DROP TABLE IF EXISTS ledger_entry_1");
            }
        }
        Path yaml = Files.createTempFile("driver-it-", ".yaml");
        Files.writeString(yaml, TestTargets.yamlText(dialect()).replace("  tables:\n", """
                  tables:
                    ledger_entry: { shard-key: entry_id, tables-per-shard: 2, algorithm: hash-mod }
                """));
        url = "jdbc:shardbridge:file:" + yaml;

        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE ledger_entry (entry_id BIGINT NOT NULL PRIMARY KEY, account VARCHAR(32) NOT NULL, cents BIGINT NOT NULL)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_entry (entry_id, account, cents) VALUES (?, ?, ?)")) {
                for (long id = 1; id <= 1000; id++) {
                    ps.setLong(1, id);
                    ps.setString(2, "acct-" + (id % 17));
                    ps.setLong(3, id * 100);
                    ps.addBatch();
                    if (id % 250 == 0) {
                        ps.executeBatch();
                    }
                }
            }
            c.commit();
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT account, cents FROM ledger_entry WHERE entry_id = ?")) {
                for (long id = 1; id <= 1000; id++) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).as("row %d", id).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("acct-" + (id % 17));
                        assertThat(rs.getLong(2)).isEqualTo(id * 100);
                        assertThat(rs.next()).isFalse();
                    }
                }
            }
            long expected = 1;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT entry_id FROM ledger_entry WHERE entry_id BETWEEN 1 AND 1000 ORDER BY entry_id")) {
                while (rs.next()) {
                    assertThat(rs.getLong(1)).isEqualTo(expected++);
                }
            }
            assertThat(expected).isEqualTo(1001);
        }
        for (String db : new String[] {shard0, shard1}) {
            try (Connection c = dialect() == Dialect.MYSQL ? TestDatabases.mysqlConnection(db) : TestDatabases.postgresConnection(db);
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM ledger_entry_0) + (SELECT COUNT(*) FROM ledger_entry_1)")) {
                rs.next();
                assertThat(rs.getLong(1)).as("rows stored in %s", db).isBetween(400L, 600L);
            }
        }
    }

    @Test
    void foreignUrlsAreLeftToOtherDrivers() throws SQLException {
        ShardbridgeDriver driver = new ShardbridgeDriver();
        assertThat(driver.connect("jdbc:postgresql://127.0.0.1/x", new java.util.Properties())).isNull();
        assertThat(driver.acceptsURL("jdbc:shardbridge:file:/x.yaml")).isTrue();
        assertThat(DriverManager.getDriver("jdbc:shardbridge:classpath:app.yaml")).isInstanceOf(ShardbridgeDriver.class);
    }
}
