package io.shardbridge.examples.creditline;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.examples.walk.ServiceWalk;
import io.shardbridge.examples.walk.ShardTables;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue #6: the creditline service (Spring Data JPA, Hibernate, IDENTITY keys), unchanged, under HTTP
 * load while its unit walks every phase. From LIVE on, new lines and drawdowns get their ids from
 * shardbridge's shared allocator, continuing legacy's sequences (Hibernate learns them as it does on
 * legacy), and Hibernate's updates by id alone reach the right physical table; on the way back to SHADOW
 * legacy's sequences continue past them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CreditLineMigrationIT {
    static final String LEGACY = "sb_creditline";
    static final String SHARD0 = "sb_creditline_shard0";
    static final String SHARD1 = "sb_creditline_shard1";
    static final int SEEDED = 2000;

    @LocalServerPort
    int port;

    @Autowired
    BridgeDataSource dataSource;

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        ServiceWalk.databaseProperties(LEGACY, SHARD0, SHARD1).forEach(registry::add);
    }

    @BeforeAll
    static void existingService() throws Exception {
        ShardTables.freshService(LEGACY, SHARD0, SHARD1, Map.of("credit_line", "{ shard-key: customer_id, tables-per-shard: 2, algorithm: hash-mod }",
                "drawdown", "{ shard-key: customer_id, tables-per-shard: 2, algorithm: hash-mod }"),
                "CREATE TABLE credit_line (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, limit_amount numeric(14,2) NOT NULL, "
                    + "used_amount numeric(14,2) NOT NULL, status varchar(16) NOT NULL)",
                "CREATE TABLE drawdown (id bigserial PRIMARY KEY, credit_line_id bigint NOT NULL, customer_id bigint NOT NULL, "
                    + "amount numeric(14,2) NOT NULL)",
                "INSERT INTO credit_line (customer_id, limit_amount, used_amount, status) SELECT g % 300, 1000000, 0, 'OPEN' "
                    + "FROM generate_series(1, " + SEEDED + ") g");
    }

    @Test
    void theJpaServiceMovesOffPostgresByConfigurationOnlyWithoutAFailedRequest() throws Exception {
        try (ServiceWalk walk = new ServiceWalk(port, "creditline", dataSource).clients(3, (random, w) -> {
            long line = 1 + random.nextInt(SEEDED);
            long customer = line % 300; // the seeded lines: id g, customer g % 300
            return switch (random.nextInt(4)) {
                case 0 -> w.post("/lines?customerId=" + random.nextInt(300) + "&limit=5000", "");
                case 1, 2 -> w.post("/lines/" + line + "/draw?customerId=" + customer + "&amount=1.25", "");
                default -> w.get("/lines/" + line + "?customerId=" + customer);
            };
        })) {
            ServiceWalk.Outcome outcome = walk.walkEveryPhase();
            assertThat(outcome.lastVerification().differences()).as(outcome.lastVerification().summary()).isEmpty();
            assertThat(outcome.failedRequests()).as("failed requests").isEmpty();
            assertThat(outcome.requests()).isGreaterThan(500);

            // Hibernate's IDENTITY ids kept counting from legacy's sequences after the flip (blocks of 1,000, a block per instance dropped at each move), not 64-bit ids
            long[] lines = walk.targetMaxAndCount("credit_line", "id");
            long[] drawdowns = walk.targetMaxAndCount("drawdown", "id");
            assertThat(lines[0]).as("the largest credit_line id against the line count").isLessThan(lines[1] + 20_000);
            assertThat(drawdowns[1]).isGreaterThan(50);
            assertThat(drawdowns[0]).as("the largest drawdown id against the drawdown count").isLessThan(drawdowns[1] + 20_000);
            walk.walkBackToShadow();
            assertThat(walk.insertReturningKey("INSERT INTO credit_line (customer_id, limit_amount, used_amount, status) VALUES (1, 10, 0, 'OPEN') "
                    + "RETURNING id")).as("legacy's sequence continues past every id the shards were given").isGreaterThan(lines[0]);
            assertThat(walk.insertReturningKey("INSERT INTO drawdown (credit_line_id, customer_id, amount) VALUES (1, 1, 1) RETURNING id"))
                    .isGreaterThan(drawdowns[0]);
        }
    }
}
