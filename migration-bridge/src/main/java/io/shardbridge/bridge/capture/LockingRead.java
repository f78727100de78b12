package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.row.RoutedNames;
import io.shardbridge.config.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SELECT columns FROM table WHERE <the statement's own WHERE clause> FOR UPDATE}, with the
 * statement's parameters bound where its WHERE clause uses them: the rows a write is about to touch,
 * locked until the transaction ends.
 */
final class LockingRead {
    /** Reads one row of the result. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private LockingRead() {
    }

    static <T> List<T> rows(Connection connection, Dialect dialect, WriteRequest request, List<String> columns,
                            StatementParameters parameters, RowReader<T> reader) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(RoutedNames.names(dialect, columns)).append(" FROM ")
                .append(RoutedNames.name(dialect, request.table().name()));
        String alias = request.shape().syntax().alias();
        if (alias != null) {
            sql.append(' ').append(alias); // the WHERE clause may qualify columns with it
        }
        request.shape().where().ifPresent(w -> sql.append(' ').append(w.text()));
        sql.append(" FOR UPDATE");
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            if (request.shape().where().isPresent() && parameters != null) {
                List<Integer> used = request.shape().where().get().parameterIndexes();
                for (int p = 0; p < used.size(); p++) {
                    parameters.bind(ps, used.get(p), p + 1);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
        }
        return out;
    }
}
