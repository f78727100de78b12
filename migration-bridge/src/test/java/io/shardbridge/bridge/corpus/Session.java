package io.shardbridge.bridge.corpus;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * What a scenario does on one connection (plain pgjdbc on the oracle, or the migration layer), written
 * down as a transcript the caller would see: result sets (labels and values as text), update counts,
 * generated keys and the SQLState of each error. A refusal by the layer stops the scenario.
 */
final class Session {
    /** The layer refused a statement before running it. */
    static final class Refused extends RuntimeException {
        Refused(SQLException cause) {
            super(cause.getSQLState() + " " + cause.getMessage(), cause);
        }
    }

    private final Connection connection;
    private final boolean bridge;
    final List<String> transcript = new ArrayList<>();

    Session(Connection connection, boolean bridge) {
        this.connection = connection;
        this.bridge = bridge;
    }

    Connection connection() {
        return connection;
    }

    /** A plain Statement's executeUpdate, or a PreparedStatement's when there are parameters. */
    void update(String sql, Object... parameters) {
        step("update " + sql, () -> {
            if (parameters.length == 0) {
                try (Statement st = connection.createStatement()) {
                    transcript.add("count " + st.executeUpdate(sql));
                }
            } else {
                try (PreparedStatement ps = prepare(sql, parameters)) {
                    transcript.add("count " + ps.executeUpdate());
                }
            }
        });
    }

    /** executeQuery: the rows as text. */
    void query(String sql, Object... parameters) {
        step("query " + sql, () -> {
            if (parameters.length == 0) {
                try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    rows(rs);
                }
            } else {
                try (PreparedStatement ps = prepare(sql, parameters); ResultSet rs = ps.executeQuery()) {
                    rows(rs);
                }
            }
        });
    }

    /**
     * executeQuery, each value read as a service's mapper reads it: the column's class name, getObject's
     * class, getString, and for numbers getLong, getInt and getBigDecimal (an order-status read maps a
     * NUMERIC 2.00 to an int).
     */
    void typedQuery(String sql, Object... parameters) {
        step("typed query " + sql, () -> {
            try (PreparedStatement ps = prepare(sql, parameters); ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        Object value = rs.getObject(c);
                        StringBuilder cell = new StringBuilder(meta.getColumnClassName(c)).append(':')
                                .append(value == null ? "null" : value.getClass().getName()).append(':').append(rs.getString(c));
                        if (value instanceof Number) {
                            cell.append(':').append(rs.getLong(c)).append(':').append(rs.getInt(c)).append(':').append(rs.getBigDecimal(c));
                        }
                        row.add(cell.toString());
                    }
                    transcript.add("typed row " + row);
                }
            }
        });
    }

    /** Statement.execute: every result, as a caller walking getMoreResults sees them. */
    void execute(String sql) {
        step("execute " + sql, () -> {
            try (Statement st = connection.createStatement()) {
                boolean isResult = st.execute(sql);
                while (true) {
                    if (isResult) {
                        try (ResultSet rs = st.getResultSet()) {
                            rows(rs);
                        }
                    } else if (st.getUpdateCount() >= 0) {
                        transcript.add("count " + st.getUpdateCount());
                    } else {
                        break;
                    }
                    isResult = st.getMoreResults();
                }
            }
        });
    }

    /** executeUpdate with RETURN_GENERATED_KEYS, then the generated keys. */
    void updateWithKeys(String sql, Object... parameters) {
        step("keys " + sql, () -> {
            try (PreparedStatement ps = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                bind(ps, parameters);
                transcript.add("count " + ps.executeUpdate());
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rows(rs);
                }
            }
        });
    }

    /** A JDBC batch of one prepared statement, one parameter row per entry. */
    void batch(String sql, Object[]... rows) {
        step("batch " + sql, () -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    bind(ps, row);
                    ps.addBatch();
                }
                transcript.add("counts " + java.util.Arrays.toString(ps.executeBatch()));
            }
        });
    }

    /** COPY … FROM STDIN through pgjdbc's own CopyManager, as bulk loaders do. */
    void copyIn(String sql, String data) {
        step("copy " + sql, () -> transcript.add("copied " + connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(data))));
    }

    /** COPY … TO STDOUT through the CopyManager. */
    void copyOut(String sql) {
        step("copy " + sql, () -> {
            java.io.StringWriter out = new java.io.StringWriter();
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
            transcript.add("copy out " + out);
        });
    }

    void begin() {
        step("begin", () -> connection.setAutoCommit(false));
    }

    void commit() {
        step("commit", () -> {
            connection.commit();
            connection.setAutoCommit(true);
        });
    }

    void rollback() {
        step("rollback", () -> {
            connection.rollback();
            connection.setAutoCommit(true);
        });
    }

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private void step(String label, Step step) {
        transcript.add("> " + label.strip().replaceAll("\\s+", " "));
        try {
            step.run();
        } catch (SQLException e) {
            if (bridge && isRefusal(e)) {
                throw new Refused(e);
            }
            transcript.add("error " + e.getSQLState());
        } catch (java.io.IOException e) {
            transcript.add("io error " + e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The layer's own refusals say that a table is migrating (or which side is authoritative); the target's
     * router refuses SQL it cannot route with 0A000 before sending anything. Either way nothing ran, which
     * the contract then checks on both sides.
     */
    static boolean isRefusal(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("migrating") || message.contains("authoritative on different sides") || message.contains("shardbridge")
                || "0A000".equals(e.getSQLState());
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        bind(ps, parameters);
        return ps;
    }

    private static void bind(PreparedStatement ps, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            ps.setObject(i + 1, parameters[i]);
        }
    }

    private void rows(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> labels = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            labels.add(meta.getColumnLabel(c).toLowerCase(java.util.Locale.ROOT));
        }
        transcript.add("columns " + labels);
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int c = 1; c <= labels.size(); c++) {
                String text = rs.getString(c);
                row.add(text == null ? "NULL" : text);
            }
            transcript.add("row " + row);
        }
    }
}
