package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.StatementParameters;
import io.shardbridge.bridge.shadow.ShadowReads;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Shadow reads on the caller's path: a read the route sampled ({@link Route#shadow()}) answers with the
 * authoritative result set as it is, its rows copied as the caller reads them and handed to
 * {@link ShadowReads#compareLater} once read, to be compared with the other side in the background.
 */
final class ShadowReadListener implements ExecutionListener {
    private final ShadowReads shadow;

    ShadowReadListener(ShadowReads shadow) {
        this.shadow = shadow;
    }

    @Override
    public ResultSet resultSet(Execution execution, ResultSet authoritative) throws SQLException {
        Route route = execution.route();
        if (route.shadow() == null || execution.captured()) {
            return authoritative;
        }
        List<StatementParameters> sets = execution.parameterSets();
        StatementParameters given = sets.isEmpty() ? null : sets.get(0);
        StatementParameters parameters = given instanceof RoutedParameters bindings ? bindings.copy() : given; // the caller may re-bind meanwhile
        return new ShadowedResultSet(authoritative,
                rows -> shadow.compareLater(route.shadow(), route.shadowPhase(), execution.sql(), parameters, rows));
    }
}
