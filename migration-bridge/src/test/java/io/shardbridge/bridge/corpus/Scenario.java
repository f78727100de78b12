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
 * @param refusedOnMysql  phases in which the layer refuses it on MySQL shards only
 */
record Scenario(String name, Consumer<Session> script, Set<MigrationPhase> phases, Set<MigrationPhase> refused,
                Set<MigrationPhase> refusedOnMysql) {
    static Scenario of(String name, Consumer<Session> script) {
        return new Scenario(name, script, EnumSet.of(MigrationPhase.DUAL_WRITE, MigrationPhase.LIVE), EnumSet.noneOf(MigrationPhase.class),
                EnumSet.noneOf(MigrationPhase.class));
    }

    Scenario refusedIn(MigrationPhase first, MigrationPhase... more) {
        return new Scenario(name, script, phases, EnumSet.of(first, more), refusedOnMysql);
    }

    Scenario refusedOnMysqlIn(MigrationPhase first, MigrationPhase... more) {
        return new Scenario(name, script, phases, refused, EnumSet.of(first, more));
    }

    Scenario onlyIn(MigrationPhase first, MigrationPhase... more) {
        return new Scenario(name, script, EnumSet.of(first, more), refused, refusedOnMysql);
    }

    boolean expectRefusal(MigrationPhase phase, Dialect dialect) {
        return refused.contains(phase) || (dialect == Dialect.MYSQL && refusedOnMysql.contains(phase));
    }
}
