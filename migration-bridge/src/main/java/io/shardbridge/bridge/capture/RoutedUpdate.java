package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.sql.SqlEdits;
import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.bridge.sql.StatementSyntax;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An UPDATE as it must reach ShardingSphere's router on MySQL shards, and which caller parameters it
 * binds where. Two edits, both at parser positions on the caller's text:
 * <ul>
 * <li>the written table gets its own name as an alias ({@code UPDATE acct AS acct SET bal = acct.bal + ?}):
 * ShardingSphere renames the table but not a qualifier inside SET, which then names nothing (42S22);</li>
 * <li>an assignment of the shard key is dropped, with its parameters: ORMs assign every column, and
 * ShardingSphere refuses any SET of the shard key (44000). It is dropped only after
 * {@link KeyChangeGuard} has proven, under lock, that every matching row already holds that value, so the
 * statement means the same without it.</li>
 * </ul>
 */
record RoutedUpdate(String sql, List<Integer> parameterOrder) {
    static RoutedUpdate of(WriteRequest request) {
        StatementShape shape = request.shape();
        StatementSyntax syntax = shape.syntax();
        if (shape.kind() != StatementKind.UPDATE || shape.writtenTableSpan() == null) {
            return new RoutedUpdate(request.sql(), null);
        }
        SqlEdits edits = SqlEdits.of(request.sql());
        if (syntax.alias() == null) {
            edits.insert(shape.writtenTableSpan().stop() + 1, " AS " + request.sql().substring(shape.writtenTableSpan().start(),
                    shape.writtenTableSpan().stop() + 1));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < syntax.markers().size(); i++) {
            order.add(i);
        }
        List<StatementSyntax.SetClause> clauses = syntax.setClauses();
        if (request.shardKey() != null && clauses.size() > 1) {
            for (StatementSyntax.SetClause clause : clauses) {
                if (clause.column().equals(request.shardKey())) {
                    edits.replace(clause.removeStart(), clause.removeStop(), "");
                    for (int i = 0; i < syntax.markers().size(); i++) {
                        int at = syntax.markers().get(i);
                        if (at >= clause.start() && at <= clause.stop()) {
                            order.remove(Integer.valueOf(i));
                        }
                    }
                }
            }
        }
        return new RoutedUpdate(edits.apply(), order);
    }

    void bind(PreparedStatement ps, StatementParameters parameters) throws SQLException {
        if (parameterOrder == null) {
            parameters.bindAll(ps);
            return;
        }
        for (int p = 0; p < parameterOrder.size(); p++) {
            parameters.bind(ps, parameterOrder.get(p), p + 1);
        }
    }
}
