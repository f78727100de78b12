package io.shardbridge.examples.minimal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The smallest shardbridge program: it knows only {@link DriverManager} and a YAML file. It creates two
 * shard databases on a local PostgreSQL, shards a {@code bank_card} table over them (2 tables per
 * shard, hash-mod on user_id), writes 1,000 cards, reads each back by key and all of them as one
 * sorted range, then shows where the rows landed.
 *
 * <p>Endpoint: {@code SB_PG_HOST} (127.0.0.1), {@code SB_PG_PORT} (5432), {@code SB_PG_USER} (postgres),
 * {@code SB_PG_PASSWORD} (empty).
 */
public final class MinimalShardingExample {
    private static final String YAML = """
            target:
              dialect: postgresql
              shards:
                ds0: { url: "jdbc:postgresql://%1$s/sb_example_shard0", username: "%2$s", password: "%3$s" }
                ds1: { url: "jdbc:postgresql://%1$s/sb_example_shard1", username: "%2$s", password: "%3$s" }
              tables:
                bank_card:
                  shard-key: user_id
                  tables-per-shard: 2
                  algorithm: hash-mod
            """;

    private MinimalShardingExample() {
    }

    public static void main(String[] args) throws Exception {
        String host = env("SB_PG_HOST", "127.0.0.1") + ":" + env("SB_PG_PORT", "5432");
        String user = env("SB_PG_USER", "postgres");
        String password = env("SB_PG_PASSWORD", "");
        for (String db : new String[] {"sb_example_shard0", "sb_example_shard1"}) {
            recreateDatabase(host, user, password, db);
        }
        Path yaml = Files.createTempFile("shardbridge-example-", ".yaml");
        Files.writeString(yaml, YAML.formatted(host, user, password));
        String url = "jdbc:shardbridge:file:" + yaml;
        System.out.println("Opening " + url);

        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE bank_card (card_id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, "
                        + "card_no VARCHAR(19) NOT NULL, balance NUMERIC(14,2) NOT NULL)");
            }
            long started = System.nanoTime();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bank_card (card_id, user_id, card_no, balance) VALUES (?, ?, ?, ?)")) {
                for (long id = 1; id <= 1000; id++) {
                    ps.setLong(1, id);
                    ps.setLong(2, id);
                    ps.setString(3, String.format("6222%012d", id));
                    ps.setBigDecimal(4, java.math.BigDecimal.valueOf(id * 10, 2));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            System.out.printf("Inserted 1000 cards in %d ms%n", (System.nanoTime() - started) / 1_000_000);

            int found = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT card_no FROM bank_card WHERE user_id = ?")) {
                for (long id = 1; id <= 1000; id++) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        found += rs.next() ? 1 : 0;
                    }
                }
            }
            System.out.println("Read back by shard key: " + found + " of 1000");
            long previous = 0;
            int inOrder = 0;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT user_id FROM bank_card WHERE user_id BETWEEN 1 AND 1000 ORDER BY user_id")) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    inOrder += id == previous + 1 ? 1 : 0;
                    previous = id;
                }
            }
            System.out.println("Read back as one sorted range: " + inOrder + " of 1000 in order");
            if (found != 1000 || inOrder != 1000) {
                throw new IllegalStateException("rows are missing or out of order");
            }
        }
        for (String db : new String[] {"sb_example_shard0", "sb_example_shard1"}) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + "/" + db, user, password);
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM bank_card_0), (SELECT count(*) FROM bank_card_1)")) {
                rs.next();
                System.out.printf("%s: bank_card_0 holds %d rows, bank_card_1 holds %d rows%n", db, rs.getLong(1), rs.getLong(2));
            }
        }
        Files.deleteIfExists(yaml);
        System.exit(0); // the driver keeps its pools open for the life of the JVM
    }

    private static void recreateDatabase(String host, String user, String password, String db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + "/postgres", user, password);
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + db);
        }
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? defaultValue : value;
    }
}
