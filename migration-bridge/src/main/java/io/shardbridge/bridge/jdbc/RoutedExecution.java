package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.CaptureResult;
import io.shardbridge.bridge.capture.KeysRequest;
import io.shardbridge.bridge.capture.StatementParameters;
import io.shardbridge.bridge.capture.WriteRequest;
import io.shardbridge.bridge.keys.KeyFilling;
import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.schema.TableDefinition;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * How a routed statement, plain or prepared, runs one execution: the connection routes its plan (pinning
 * the phases of the units it touches); an INSERT on the target that leaves a sequence key out gets the key
 * filled from the shared allocator; a write the route captures runs through capture, which records its rows
 * for the mirror; anything else runs on the physical statement of the route's side as it is. The results
 * land in the statement's {@link LastResults}; listeners see each execution; a failure is reported to the
 * connection (it may abort the caller's transaction) and the statement ends there in autocommit.
 *
 * <p>Why the caller cannot tell it from one database: the settings it gave are replayed onto whichever
 * physical statement runs, parameters are bound from the statement's own recorder, and results come from
 * the physical statement itself unless the layer answered (a captured write, a shadowed read), in which case
 * they are the same rows, count and keys, in the same JDBC shape ({@link LastResults#captured}).
 */
final class RoutedExecution {
    /** How the statement runs on its physical side when nothing is captured or filled. */
    interface PhysicalRunner {
        Statement statementFor(Route route) throws SQLException;

        Object run(Statement physical, Route route) throws SQLException;
    }

    private final BridgeConnection connection;
    private final StatementState state;

    RoutedExecution(StatementState state) {
        this.connection = state.connection;
        this.state = state;
    }

    /** Runs {@code plan} with the caller's parameter sets (none for a plain statement) and records its results. */
    Object run(StatementPlan plan, ResultMode mode, KeysRequest keys, List<StatementParameters> parameterSets, boolean isBatch,
               PhysicalRunner runner) throws SQLException {
        state.checkOpen();
        state.results.clear();
        Route route = connection.route(plan);
        boolean ok = false;
        try {
            Object result;
            KeyFilling.Filled filled = route.side() == Side.TARGET ? fillKeys(plan, keys, parameterSets) : null;
            if (filled != null) {
                result = runFilled(connection.plan(filled.sql()), route, mode, filled, isBatch);
            } else if (route.capture() != null) {
                result = runCaptured(plan, route, mode, keys, parameterSets, isBatch);
            } else {
                result = runPhysical(plan, route, mode, parameterSets, isBatch, runner);
            }
            ok = true;
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.statementFailed(plan.sql(), e, route.side(), route.capture() != null);
            throw e;
        } finally {
            connection.afterStatement(route, ok);
        }
    }

    private Object runPhysical(StatementPlan plan, Route route, ResultMode mode, List<StatementParameters> parameterSets, boolean isBatch,
                               PhysicalRunner runner) throws SQLException {
        Statement physical = runner.statementFor(route);
        state.applySettings(physical);
        state.results.ranOn(physical);
        Execution execution = new Execution(plan.sql(), kind(plan), mode, isBatch, route, false, parameterSets);
        Object result = listeners().observe(execution, () -> runner.run(physical, route));
        if (result instanceof ResultSet rs) {
            ResultSet seen = listeners().resultSet(execution, rs);
            if (seen != rs) {
                state.results.held(seen);
            }
            return seen;
        }
        return result;
    }

    /** An INSERT from LIVE on that leaves a sequence key out, with the key filled from the shared allocator; null otherwise. */
    private KeyFilling.Filled fillKeys(StatementPlan plan, KeysRequest keys, List<StatementParameters> parameterSets) throws SQLException {
        KeyFilling filling = connection.runtime().keyFilling;
        UnitState unit = filling.isEmpty() ? null : plan.writtenUnit();
        return unit == null ? null : filling.fill(plan.sql(), plan.shape(), unit.name(), unit.epoch(), keys, parameterSets);
    }

    /** Runs the key-filled INSERT as an INSERT that gives its keys: captured in LIVE and RAMP_DOWN, straight to the target after. */
    private Object runFilled(StatementPlan filledPlan, Route route, ResultMode mode, KeyFilling.Filled filled, boolean isBatch) throws SQLException {
        Object result;
        if (route.capture() != null) {
            result = runCaptured(filledPlan, route, mode, filled.downstreamKeys(), filled.parameterSets(), isBatch);
        } else {
            PreparedStatement ps = state.filledInserts.prepare(route, filledPlan.sqlFor(Side.TARGET), filled.downstreamKeys());
            state.applySettings(ps);
            state.results.ranOn(ps);
            Execution execution = new Execution(filledPlan.sql(), kind(filledPlan), mode, isBatch, route, false, filled.parameterSets());
            result = listeners().observe(execution, () -> FilledInserts.run(ps, mode, filled.parameterSets(), isBatch));
        }
        state.results.filledKeys(filled.generatedKeys());
        return result;
    }

    private Object runCaptured(StatementPlan plan, Route route, ResultMode mode, KeysRequest keys, List<StatementParameters> parameterSets,
                               boolean isBatch) throws SQLException {
        String table = plan.shape().writtenTable();
        TableDefinition definition = route.capture().table(table);
        WriteRequest request = new WriteRequest(plan.sqlFor(route.side()), plan.shape(), definition, route.capture().shardKey(table), parameterSets,
                isBatch, keys, state::applySettings, route.capture().state().name());
        Execution execution = new Execution(plan.sql(), kind(plan), mode, isBatch, route, true, parameterSets);
        CaptureResult result = listeners().observe(execution, () -> connection.capture(route, request));
        return state.results.captured(result, mode, isBatch);
    }

    /** True when no SQL of a plain batch touches a migrating table, by name or otherwise: then they run on legacy as one batch. */
    boolean allOnLegacy(List<String> sqls) {
        return sqls.stream().map(connection::plan).allMatch(p -> p.legacyOnly() && !connection.mayWriteUnseen(p));
    }

    /** Runs a plain batch of SQL that touches no migrating table on legacy, as one batch in the caller's transaction. */
    long[] runOnLegacy(List<String> sqls) throws SQLException {
        String text = String.join("; ", sqls);
        connection.beforeLegacyOnly(text, sqls.stream().anyMatch(s -> BridgeConnection.mayWrite(connection.plan(s))));
        Statement st = connection.legacy().createStatement();
        try (st) {
            state.applySettings(st);
            for (String sql : sqls) {
                st.addBatch(sql);
            }
            Route route = new Route(Side.LEGACY, connection.legacy(), null, null, null, false);
            Execution execution = new Execution(text, null, ResultMode.UPDATE, true, route, false, List.of());
            return UpdateCounts.toLongs(listeners().observe(execution, st::executeBatch));
        } catch (SQLException | RuntimeException e) {
            connection.statementFailed(text, e, Side.LEGACY, false);
            throw e;
        }
    }

    private ExecutionListeners listeners() {
        return connection.runtime().listeners;
    }

    private static StatementKind kind(StatementPlan plan) {
        return plan.shape() == null ? null : plan.shape().kind();
    }
}
