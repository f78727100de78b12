package io.shardbridge.examples.document;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.examples.walk.ServiceWalk;
import io.shardbridge.examples.walk.ShardTables;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue #6: the document service (MyBatis mappers, a jsonb column, {@code now()} in SQL), unchanged,
 * under HTTP load while its unit walks every phase; no failed request, both sides equal at the end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DocumentMigrationIT {
    static final String LEGACY = "sb_document";
    static final String SHARD0 = "sb_document_shard0";
    static final String SHARD1 = "sb_document_shard1";
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
        ShardTables.freshService(LEGACY, SHARD0, SHARD1, Map.of("document", "{ shard-key: owner_id, tables-per-shard: 2, algorithm: mod }"),
                "CREATE TABLE document (doc_id bigint PRIMARY KEY, owner_id bigint NOT NULL, title varchar(200) NOT NULL, body text, "
                    + "metadata jsonb, version integer NOT NULL, updated_at timestamptz NOT NULL)",
                "INSERT INTO document SELECT g, g % 100, 'doc ' || g, repeat('text ', 20), jsonb_build_object('tags', jsonb_build_array('a', g)), "
                    + "1, now() FROM generate_series(1, " + SEEDED + ") g");
    }

    @Test
    void theMyBatisServiceMovesOffPostgresByConfigurationOnlyWithoutAFailedRequest() throws Exception {
        AtomicLong nextDoc = new AtomicLong(1_000_000);
        try (ServiceWalk walk = new ServiceWalk(port, "document", dataSource).clients(3, (random, w) -> {
            long doc = 1 + random.nextInt(SEEDED);
            return switch (random.nextInt(4)) {
                case 0 -> {
                    long id = nextDoc.incrementAndGet();
                    yield w.post("/documents", "{\"docId\":" + id + ",\"ownerId\":" + id % 100 + ",\"title\":\"new " + id
                            + "\",\"body\":\"draft\",\"metadata\":\"{\\\"tags\\\": [\\\"new\\\"]}\"}");
                }
                case 1, 2 -> HttpRequest.newBuilder(w.uri("/documents/" + doc + "?ownerId=" + doc % 100)).header("Content-Type", "text/plain")
                        .PUT(HttpRequest.BodyPublishers.ofString("edited " + random.nextInt(1000))).build();
                default -> w.get("/documents/" + doc + "?ownerId=" + doc % 100);
            };
        })) {
            ServiceWalk.Outcome outcome = walk.walkEveryPhase();
            assertThat(outcome.lastVerification().differences()).as(outcome.lastVerification().summary()).isEmpty();
            assertThat(outcome.failedRequests()).as("failed requests").isEmpty();
            assertThat(outcome.requests()).isGreaterThan(500);
        }
    }
}
