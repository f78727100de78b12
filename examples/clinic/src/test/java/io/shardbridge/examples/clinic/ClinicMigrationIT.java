package io.shardbridge.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.verify.VerifyReport;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.examples.walk.ServiceWalk;
import io.shardbridge.examples.walk.ShardTables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue #24: an application nobody here wrote — the clinic, written as Spring PetClinic is — moves off
 * PostgreSQL by configuration only. Two instances run behind a client-side balancer; three clients
 * register owners, add pets and visits, search and show owners the whole time. The operator walks the
 * unit {@code DUAL_WRITE → backfill → verify → SHADOW → LIVE → RAMP_DOWN → TARGET_ONLY} with actuator
 * requests while {@code phase: LEGACY_ONLY} stays in {@code application.yml} and the flags are refreshed
 * as in production (every 5 s), and restarts one instance in {@code LIVE} (its schema scripts run again,
 * now through a unit whose target is authoritative). No request may fail, the paged
 * {@code LIKE … ESCAPE} search must answer exactly in every phase, and a verification must be clean
 * before legacy is let go.
 */
class ClinicMigrationIT {
    static final String LEGACY = "sb_clinic";
    static final String SHARD0 = "sb_clinic_shard0";
    static final String SHARD1 = "sb_clinic_shard1";
    static final String UNIT = "clinic";
    static final int OWNERS = 300;
    static final int PETS = 500;
    static final int VISITS = 800;
    static final int CLIENTS = 3;
    static final String[] LAST_NAMES = {"Franklin", "Davis", "Rodriquez", "Black", "Escobito", "Coleman", "McTavish", "Schroeder", "O_Hara", "Oxhara"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    /** The owner of seeded pet {@code pet}. */
    static int seededOwnerOf(int pet) {
        return pet % OWNERS + 1;
    }

    @BeforeAll
    static void existingService() throws Exception {
        List<String> legacy = new ArrayList<>(scripts("schema.sql", "data.sql"));
        legacy.add("INSERT INTO owners (id, first_name, last_name, address, city, telephone) SELECT g, 'George ' || g, (ARRAY['"
                + String.join("','", LAST_NAMES) + "'])[g % 10 + 1], g || ' Liberty St.', 'Madison', '6085551023' FROM generate_series(1, " + OWNERS + ") g");
        legacy.add("INSERT INTO pets (id, name, birth_date, type_id, owner_id) SELECT g, 'Pet ' || g, date '2015-01-01' + g, g % 6 + 1, g % "
                + OWNERS + " + 1 FROM generate_series(1, " + PETS + ") g");
        legacy.add("INSERT INTO visits (id, pet_id, visit_date, description) SELECT g, g % " + PETS + " + 1, date '2024-01-01' + g % 600, 'checkup' "
                + "FROM generate_series(1, " + VISITS + ") g");
        for (String table : List.of("owners", "pets", "visits")) {
            legacy.add("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), (SELECT max(id) FROM " + table + "))");
        }
        ShardTables.freshService(LEGACY, SHARD0, SHARD1, Map.of("owners", "{ shard-key: id, tables-per-shard: 2, algorithm: mod }",
                "pets", "{ shard-key: owner_id, tables-per-shard: 2, algorithm: mod }",
                "visits", "{ shard-key: pet_id, tables-per-shard: 2, algorithm: mod }"), List.of("types"), legacy.toArray(String[]::new));
    }

    @Test
    void aPetClinicStyleServiceMovesByConfigurationOnlyThroughARollingRestart() throws Exception {
        Balancer balancer = new Balancer();
        ConfigurableApplicationContext first = start();
        Balancer.Instance firstInRotation = balancer.add(port(first));
        ConfigurableApplicationContext operator = start(); // the instance the operator's backfill and verify run in; never restarted
        balancer.add(port(operator));
        BridgeDataSource dataSource = operator.getBean(BridgeDataSource.class);

        ClinicTraffic traffic = new ClinicTraffic(balancer, CLIENTS, OWNERS, PETS);
        try (ServiceWalk walk = new ServiceWalk(Balancer.BASE, traffic, UNIT, dataSource).clients(CLIENTS, traffic::nextRequest)) {
            hold(walk, "LEGACY_ONLY");
            walk.move(MigrationPhase.DUAL_WRITE);
            hold(walk, "DUAL_WRITE");
            walk.backfillAndVerify();
            for (MigrationPhase next : List.of(MigrationPhase.SHADOW, MigrationPhase.LIVE)) {
                walk.move(next);
                hold(walk, next.name());
            }

            // a rolling restart with the target authoritative: out of rotation, drained, stopped, a new one started and put in
            balancer.drain(firstInRotation);
            first.close();
            instances.remove(first);
            ConfigurableApplicationContext restarted = start();
            balancer.add(port(restarted));
            hold(walk, "LIVE after the restart");

            walk.move(MigrationPhase.RAMP_DOWN);
            hold(walk, "RAMP_DOWN");
            List<String> failed = walk.stop();
            dataSource.bridge().drainIntents(UNIT);
            VerifyReport last = dataSource.bridge().verifier(UNIT).recheckAfter(Duration.ZERO).run();
            assertThat(last.differences()).as(last.summary()).isEmpty();
            walk.move(MigrationPhase.TARGET_ONLY);
            searchAnswersExactly(walk, "TARGET_ONLY");

            assertThat(failed).as("failed requests").isEmpty();
        }
    }

    /**
     * Another 100 requests in this phase (10 s at a time, until at least one was answered: the first
     * requests of a cold JVM on a loaded machine can take longer), then the search must answer exactly.
     */
    private void hold(ServiceWalk walk, String phase) throws Exception {
        int before = walk.requests();
        for (int round = 0; round < 12 && walk.requests() == before; round++) {
            walk.steady(100);
        }
        assertThat(walk.requests()).as("requests answered in " + phase).isGreaterThan(before);
        searchAnswersExactly(walk, phase);
    }

    /**
     * The paged search answers as on legacy: {@code O_} matches the O_Hara owners only (the underscore
     * escaped, not a wildcard: the Oxhara owners would double the count), and the owner's load brings
     * its pets with their types.
     */
    private void searchAnswersExactly(ServiceWalk walk, String phase) throws Exception {
        JsonNode page = JSON.readTree(walk.send(walk.get("/owners?lastName=O_")));
        assertThat(page.at("/page/totalElements").asInt()).as("owners named O_… in " + phase + ": " + page).isEqualTo(OWNERS / LAST_NAMES.length);
        assertThat(page.get("content")).hasSize(5).allSatisfy(owner -> assertThat(owner.get("lastName").asText()).isEqualTo("O_Hara"));
        JsonNode owner = JSON.readTree(walk.send(walk.get("/owners/" + page.at("/content/0/id").asInt())));
        assertThat(owner.get("pets")).as("the pets of " + owner + " in " + phase).isNotEmpty()
                .allSatisfy(pet -> assertThat(pet.at("/type/name").asText()).isNotBlank());
    }

    private ConfigurableApplicationContext start() {
        // the test databases as command-line arguments, over application.yml (as a deployment's environment would be)
        List<String> arguments = new ArrayList<>(List.of("--server.port=0"));
        ServiceWalk.databaseProperties(LEGACY, SHARD0, SHARD1).forEach((key, value) -> arguments.add("--" + key + "=" + value.get()));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ClinicApplication.class).run(arguments.toArray(String[]::new));
        instances.add(context);
        return context;
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static List<String> scripts(String... names) throws IOException {
        List<String> statements = new ArrayList<>();
        for (String name : names) {
            try (InputStream in = ClinicApplication.class.getResourceAsStream("/" + name)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
                Arrays.stream(text.split(";")).map(String::strip).filter(s -> !s.isEmpty()).forEach(statements::add);
            }
        }
        return statements;
    }

    @AfterEach
    void stopInstances() {
        instances.forEach(ConfigurableApplicationContext::close);
    }
}
