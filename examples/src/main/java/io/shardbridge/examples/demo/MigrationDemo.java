package io.shardbridge.examples.demo;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.bridge.backfill.Backfill;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.verify.VerifyReport;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.pool.ShardPools;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The README's first command: a whole migration on an embedded PostgreSQL, in a few minutes, with
 * nothing installed but a JDK and Maven. Legacy and two shards are databases of one embedded server.
 * A bank_card table of 100,000 rows is seeded, with a card_event table keyed by an integer serial; a
 * workload writes through two service instances the whole time (each top-up adds an event whose id it
 * leaves to the database, and from LIVE on to shardbridge); the unit walks every phase with a live display; the backfill and verification run where
 * DESIGN §4 asks for them (three rows are tampered with on a shard, found and repaired); the report
 * gives rows copied, rows/s, differences and the write pause at the authority flip. Everything is
 * removed at the end. The log goes to a file named at the start ({@link DemoLog}), so the terminal shows
 * only the display.
 */
public final class MigrationDemo {
    static final String UNIT = "bank-card";

    private MigrationDemo() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Path> log = DemoLog.toFile(); // before any logger exists
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Console console = new Console();
        console.step(log.map(file -> "logs (coordinator, agents, embedded server) go to " + file).orElse("logs go where -Dlogback.configurationFile says"));
        console.step("starting an embedded PostgreSQL (legacy and two shards are databases in it)");
        // two-phase commit for transactions that span the two shards (the default, target.cross-shard-transactions: atomic)
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("max_prepared_transactions", "64").start()) {
            int port = postgres.getPort();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                for (String db : List.of("legacy", "shard0", "shard1")) {
                    st.execute("CREATE DATABASE " + db);
                }
            }
            ShardbridgeConfig config = ShardbridgeConfigLoader.parse(yaml(port), "demo.yaml");
            console.step(String.format(Locale.ROOT, "seeding legacy.bank_card with %,d rows", rows));
            seed(config, rows);
            console.step("creating the physical tables on both shards from the legacy catalog");
            provision(config);
            console.step("opening two service instances (each its own migration layer) and starting the workload");
            try (BridgeDataSource a = instance(config, "service-a"); BridgeDataSource b = instance(config, "service-b");
                 Workload workload = new Workload(List.of(a, b), rows).start()) {
                walk(console, a, workload, rows);
                workload.stop();
                console.report(workload);
            }
        }
        console.step("embedded PostgreSQL stopped and removed" + log.map(file -> "; the log is in " + file).orElse(""));
    }

    private static void walk(Console console, BridgeDataSource ds, Workload workload, int rows) throws Exception {
        console.move(ds, UNIT, MigrationPhase.DUAL_WRITE, "every write is now mirrored to the shards as row images");
        try {
            ds.bridge().moveTo(UNIT, MigrationPhase.SHADOW);
        } catch (SQLException refused) {
            String why = refused.getMessage();
            console.note("SHADOW refused, as DESIGN §4 demands: " + why.substring(Math.max(0, why.indexOf("no finished backfill"))));
        }
        console.step("backfill: copying the rows that existed before DUAL_WRITE (two workers, resumable)");
        Backfill.Result copied = ds.bridge().backfill(UNIT).workers(2).run(console::backfillProgress);
        console.endProgress();
        console.backfilled(copied);
        console.step("tampering with three rows on a shard, as a bug or a manual edit would");
        Tamper.threeRows(ds, rows);
        console.step("verify: chunk checksums inside each database, mismatching ranges bisected to rows");
        VerifyReport report = ds.bridge().verifier(UNIT).onProgress(console::verifyProgress).run();
        console.endProgress();
        console.verified(report);
        if (!report.equal()) {
            console.step("repair: re-reading each differing row on legacy under lock and rewriting the shard");
            ds.bridge().repair(UNIT, report);
            VerifyReport again = ds.bridge().verifier(UNIT).onProgress(console::verifyProgress).run();
            console.endProgress();
            console.verified(again);
            console.repaired(report.differences().size(), again.equal());
        }
        console.move(ds, UNIT, MigrationPhase.SHADOW, "a sample of reads is also run on the shards and compared");
        workload.markFlip();
        console.move(ds, UNIT, MigrationPhase.LIVE, "the shards are authoritative; legacy still receives every write");
        workload.endFlip();
        Thread.sleep(2000); // the service runs in LIVE for a moment: new card_event ids now come from shardbridge's blocks
        console.move(ds, UNIT, MigrationPhase.RAMP_DOWN, "reads stay on the shards; legacy is kept in step for a way back");
        VerifyReport last = ds.bridge().verifier(UNIT).onProgress(console::verifyProgress).run();
        console.endProgress();
        console.verified(last);
        console.move(ds, UNIT, MigrationPhase.TARGET_ONLY, "legacy is no longer written: the table has moved");
    }

    static String yaml(int port) {
        String pg = "jdbc:postgresql://127.0.0.1:" + port + "/";
        return """
                legacy: { url: "%slegacy", username: postgres }
                target:
                  dialect: postgresql
                  shards:
                    ds0: { url: "%sshard0", username: postgres }
                    ds1: { url: "%sshard1", username: postgres }
                  tables:
                    bank_card: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                    card_event: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                migrations:
                  bank-card: { tables: [bank_card, card_event], phase: LEGACY_ONLY }
                """.formatted(pg, pg, pg);
    }

    private static void seed(ShardbridgeConfig config, int rows) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(config.legacy().orElseThrow().url(), "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE bank_card (card_id bigint PRIMARY KEY, user_id bigint NOT NULL, pan_last4 char(4) NOT NULL, "
                    + "status varchar(16) NOT NULL, balance numeric(14,2) NOT NULL, issued_at timestamptz NOT NULL, memo text)");
            st.execute("INSERT INTO bank_card SELECT g, g % 20000, lpad((g % 10000)::text, 4, '0'), 'ACTIVE', (g % 100000) / 100.0, "
                    + "timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute', 'card ' || g FROM generate_series(1, " + rows + ") g");
            st.execute("ANALYZE bank_card");
            // an integer serial: from LIVE on shardbridge fills event_id, continuing this sequence
            st.execute("CREATE TABLE card_event (event_id serial PRIMARY KEY, card_id bigint NOT NULL, user_id bigint NOT NULL, "
                    + "amount numeric(14,2) NOT NULL, booked_at timestamptz NOT NULL DEFAULT now())");
        }
    }

    private static void provision(ShardbridgeConfig config) throws SQLException {
        try (ShardPools pools = ShardPools.open(config.target());
             Connection legacy = java.sql.DriverManager.getConnection(config.legacy().orElseThrow().url(), "postgres", "")) {
            new SchemaProvisioner(config.target(), pools.byShard()).provision(List.of(PostgresCatalogReader.read(legacy, "public", "bank_card"),
                    PostgresCatalogReader.read(legacy, "public", "card_event")));
        }
    }

    private static BridgeDataSource instance(ShardbridgeConfig config, String name) {
        return BridgeDataSource.builder(config).meterRegistry(new SimpleMeterRegistry()).instanceId(name)
                .repair(Duration.ofSeconds(2), Duration.ofSeconds(2)).open();
    }
}
