package io.shardbridge.testing;

import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/** Starts throw-away servers with Testcontainers, for machines with Docker (SB_TESTCONTAINERS=true). */
final class Containers {
    private Containers() {
    }

    static TestDatabases.Server postgres() {
        PostgreSQLContainer<?> pg = new PostgreSQLContainer<>("postgres:15").withUsername("postgres").withPassword("postgres");
        pg.start();
        return new TestDatabases.Server(pg.getHost(), pg.getMappedPort(5432), "postgres", "postgres");
    }

    static TestDatabases.Server mariadb() {
        MariaDBContainer<?> db = new MariaDBContainer<>("mariadb:10.11").withUsername("root").withPassword("");
        db.start();
        return new TestDatabases.Server(db.getHost(), db.getMappedPort(3306), "root", "");
    }
}
