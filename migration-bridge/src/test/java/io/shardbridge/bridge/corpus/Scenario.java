package io.shardbridge.bridge.corpus;

import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One statement scenario of the corpus: what the service sends, and where the layer refuses it (before
 * writing anything) instead of running it as plain PostgreSQL would.
 *
 * @param phases          the phases it runs in (DUAL_WRITE and LIVE unless narrowed)
 * @param refused         phases in which the layer refuses it on every target
 * @param notPortable     PostgreSQL-only SQL ({@code ON CONFLICT}, {@code RETURNING}, {@code "quoted"} names, {@code ::}):
 *                        from LIVE on MySQL shards run the service's SQL, and the shard answers with its own error
 *                        and writes nothing (DESIGN §9: the readiness report lists such shapes before the flip)
 */
record Scenario(String name, Consumer<Session> script, Set<MigrationPhase> phases, Set<MigrationPhase> refused,
                boolean notPortable) {
    static Scenario of(String name, Consumer<Session> script) {
        return new Scenario(name, script, EnumSet.of(MigrationPhase.DUAL_WRITE, MigrationPhase.LIVE), EnumSet.noneOf(MigrationPhase.class),
                false);
    }

    Scenario refusedIn(MigrationPhase first, MigrationPhase... more) {
        return new Scenario(name, script, phases, EnumSet.of(first, more), notPortable);
    }

    Scenario postgresOnly() {
        return new Scenario(name, script, phases, refused, true);
    }

    Scenario onlyIn(MigrationPhase first, MigrationPhase... more) {
        return new Scenario(name, script, EnumSet.of(first, more), refused, notPortable);
    }

    /** MySQL shards answer the service's own SQL with an error in this phase. */
    boolean failsOnTarget(MigrationPhase phase, Dialect dialect) {
        return notPortable && dialect == Dialect.MYSQL && phase.ordinal() >= MigrationPhase.LIVE.ordinal();
    }

    boolean expectRefusal(MigrationPhase phase, Dialect dialect) {
        return refused.contains(phase);
    }
}
