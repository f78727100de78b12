package io.shardbridge.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real database servers the integration tests use. Endpoints come from environment variables that
 * default to this machine's servers; with {@code SB_TESTCONTAINERS=true} PostgreSQL 15 and MariaDB 10.11
 * containers are started instead (needs Docker). Databases are created on first use.
 *
 * <pre>
 * SB_PG_HOST=127.0.0.1  SB_PG_PORT=5432  SB_PG_USER=postgres  SB_PG_PASSWORD=
 * SB_MYSQL_HOST=127.0.0.1  SB_MYSQL_PORT=3306  SB_MYSQL_USER=root  SB_MYSQL_PASSWORD=  SB_MYSQL_DRIVER=mariadb|mysql
 * SB_DB_SUFFIX=            appended to every database name, so several checkouts can run their suites at once
 * </pre>
 */
public final class TestDatabases {
    public static final String LEGACY = "sb_legacy";
    public static final String PG_SHARD0 = "sb_pg_shard0";
    public static final String PG_SHARD1 = "sb_pg_shard1";
    public static final String MYSQL_SHARD0 = "sb_my_shard0";
    public static final String MYSQL_SHARD1 = "sb_my_shard1";

    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();
    private static volatile Server postgres;
    private static volatile Server mysql;

    /** host, port and credentials of one server. */
    public record Server(String host, int port, String user, String password) {
    }

    private TestDatabases() {
    }

    public static synchronized Server postgres() {
        if (postgres == null) {
            postgres = Boolean.parseBoolean(env("SB_TESTCONTAINERS", "false"))
                    ? Containers.postgres()
                    : new Server(env("SB_PG_HOST", "127.0.0.1"), Integer.parseInt(env("SB_PG_PORT", "5432")),
                            env("SB_PG_USER", "postgres"), env("SB_PG_PASSWORD", ""));
        }
        return postgres;
    }

    public static synchronized Server mysql() {
        if (mysql == null) {
            mysql = Boolean.parseBoolean(env("SB_TESTCONTAINERS", "false"))
                    ? Containers.mariadb()
                    : new Server(env("SB_MYSQL_HOST", "127.0.0.1"), Integer.parseInt(env("SB_MYSQL_PORT", "3306")),
                            env("SB_MYSQL_USER", "root"), env("SB_MYSQL_PASSWORD", ""));
        }
        return mysql;
    }

    /** The physical name of a test database: the name plus {@code SB_DB_SUFFIX}. */
    public static String physical(String database) {
        String suffix = env("SB_DB_SUFFIX", "");
        return database.endsWith(suffix) ? database : database + suffix;
    }

    public static String postgresUrl(String database) {
        database = physical(database);
        ensurePostgresDatabase(database);
        Server s = postgres();
        return "jdbc:postgresql://" + s.host() + ":" + s.port() + "/" + database;
    }

    public static String mysqlUrl(String database) {
        database = physical(database);
        ensureMysqlDatabase(database);
        Server s = mysql();
        // MariaDB's own driver by default: MySQL Connector/J reads MariaDB's "5.5.5-" version prefix as a server
        // without fractional seconds and truncates bound timestamps. SB_MYSQL_DRIVER=mysql for a real MySQL server.
        if ("mysql".equals(env("SB_MYSQL_DRIVER", "mariadb"))) {
            return "jdbc:mysql://" + s.host() + ":" + s.port() + "/" + database
                    + "?rewriteBatchedStatements=true&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&allowPublicKeyRetrieval=true&useSSL=false";
        }
        return "jdbc:mariadb://" + s.host() + ":" + s.port() + "/" + database;
    }

    public static Connection postgresConnection(String database) throws SQLException {
        return DriverManager.getConnection(postgresUrl(database), postgres().user(), postgres().password());
    }

    public static Connection mysqlConnection(String database) throws SQLException {
        return DriverManager.getConnection(mysqlUrl(database), mysql().user(), mysql().password());
    }

    private static void ensurePostgresDatabase(String database) {
        if (!CREATED.add("pg:" + database)) {
            return;
        }
        Server s = postgres();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + s.host() + ":" + s.port() + "/postgres", s.user(), s.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
            if (!rs.next()) {
                st.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            CREATED.remove("pg:" + database);
            throw new IllegalStateException("cannot create PostgreSQL database " + database + " on " + s.host() + ":" + s.port()
                    + " (is the server running? see README, 'Running the tests'): " + e.getMessage(), e);
        }
    }

    private static void ensureMysqlDatabase(String database) {
        if (!CREATED.add("my:" + database)) {
            return;
        }
        Server s = mysql();
        try (Connection c = DriverManager.getConnection("jdbc:mysql://" + s.host() + ":" + s.port() + "/?allowPublicKeyRetrieval=true&useSSL=false", s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            CREATED.remove("my:" + database);
            throw new IllegalStateException("cannot create MySQL/MariaDB database " + database + " on " + s.host() + ":" + s.port()
                    + " (is the server running? see README, 'Running the tests'): " + e.getMessage(), e);
        }
    }

    static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? defaultValue : value;
    }

}
