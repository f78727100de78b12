package io.shardbridge.bridge.readiness;

import io.shardbridge.bridge.sql.SqlTokens;
import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.config.TableRule;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.sharding.fastpath.SingleShardPlanner;
import io.shardbridge.sharding.fastpath.SubqueryGuard;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the target would run a statement from LIVE on, decided by the same pieces that route it then: the
 * migration layer's rule that one statement cannot span legacy and the target, the subquery guard's
 * verdict, and the fast path's single-shard planner. What those leave to ShardingSphere is classed from the
 * statement's shard-key conditions as ShardingSphere routes them: every sharded table pinned by
 * {@code key = value} runs on one shard, {@code key IN (…)} on some, anything else on all.
 */
final class TargetRouting {
    /** The routing classes, from cheapest to refused. */
    enum Route { SINGLE_SHARD, SOME_SHARDS, ALL_SHARDS, REFUSED }

    /** A class and, for REFUSED (or a broadcast write), why. */
    record Verdict(Route route, String reason) {
    }

    private final TargetConfig target;
    private final SingleShardPlanner planner;
    private final SubqueryGuard guard;

    TargetRouting(TargetConfig target) {
        this.target = target;
        this.planner = new SingleShardPlanner(target, 1_000);
        this.guard = new SubqueryGuard(target, 1_000);
    }

    /**
     * @param legacyTables tables the statement names that are in no migration unit (they stay on legacy)
     */
    Verdict of(String sql, StatementShape shape, Set<String> legacyTables) {
        if (shape == null || shape.kind() == StatementKind.UNPARSEABLE) {
            return new Verdict(Route.REFUSED, "the router's parser cannot read it (" + (shape == null ? "?" : shape.parseError())
                    + "); rewrite it in SQL the parser reads");
        }
        if (!legacyTables.isEmpty()) {
            return new Verdict(Route.REFUSED, "it also names " + String.join(", ", new TreeSet<>(legacyTables))
                    + ", which stays on legacy: no single database can run it from LIVE on. Make the small table a broadcast table "
                    + "(target.broadcast-tables) in this unit, or put it in the unit");
        }
        if (shape.kind().changesSchema()) {
            return new Verdict(Route.ALL_SHARDS, "DDL runs on every physical table");
        }
        if (guard.verdict(sql) instanceof SubqueryGuard.Refused refused) {
            return new Verdict(Route.REFUSED, refused.reason());
        }
        if (planner.plan(sql).isPresent()) {
            return new Verdict(Route.SINGLE_SHARD, "fast path");
        }
        List<TableRule> sharded = shape.tables().stream().map(t -> target.table(t)).flatMap(java.util.Optional::stream).toList();
        if (sharded.isEmpty()) {
            boolean broadcastWrite = shape.kind().writesRows() && shape.tables().stream().anyMatch(target::isBroadcast);
            return broadcastWrite ? new Verdict(Route.ALL_SHARDS, "a write to a broadcast table goes to every shard")
                    : new Verdict(Route.SINGLE_SHARD, "no sharded table");
        }
        if (shape.kind() == StatementKind.INSERT) {
            boolean oneRow = shape.insertRows().size() == 1;
            return new Verdict(oneRow ? Route.SINGLE_SHARD : Route.SOME_SHARDS, oneRow ? "one row" : shape.insertRows().size() + " rows");
        }
        Route worst = Route.SINGLE_SHARD;
        for (TableRule rule : sharded) {
            String key = rule.shardKey().toLowerCase(Locale.ROOT);
            Route route = shape.equalities().containsKey(key) ? Route.SINGLE_SHARD : keyInList(sql, key) ? Route.SOME_SHARDS : Route.ALL_SHARDS;
            worst = route.ordinal() > worst.ordinal() ? route : worst;
        }
        return new Verdict(worst, worst == Route.ALL_SHARDS ? "no condition pins the shard key" : "");
    }

    /** {@code key IN (…)} (or {@code alias.key IN}) somewhere in the statement. */
    private static boolean keyInList(String sql, String key) {
        List<SqlTokens.Token> tokens = SqlTokens.of(sql);
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).isWord(key) && tokens.get(i + 1).isWord("IN")) {
                return true;
            }
        }
        return false;
    }
}
