package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.KeysRequest;
import io.shardbridge.config.MigrationPhase.Side;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The physical statements one caller's statement runs on: at most one per side, reused from execution to
 * execution while the connection, the text and the keys asked for stay what they were (so a driver's
 * server-side prepare and the router's parse are paid once, as the caller's own statement would pay them),
 * replaced when any of them changes or the statement was closed underneath. The one such cache of the
 * routed statements, plain and prepared, and of the key-filled INSERTs; also how a statement is prepared
 * the way the caller asked ({@link #prepare}).
 */
final class PhysicalStatements<S extends Statement> {
    /** Opens a physical statement on a connection; {@code sql} and {@code keys} are null and NONE for a plain statement. */
    @FunctionalInterface
    interface Opener<S extends Statement> {
        S open(Connection physical, String sql, KeysRequest keys) throws SQLException;
    }

    private record Open<S>(S statement, Connection on, String sql, KeysRequest keys) {
    }

    private final Opener<S> opener;
    private final Map<Side, Open<S>> open = new EnumMap<>(Side.class);

    PhysicalStatements(Opener<S> opener) {
        this.opener = opener;
    }

    /** The statement of {@code side} for this text and keys on {@code physical}: the one kept, or a new one (closing the one it replaces). */
    S on(Side side, Connection physical, String sql, KeysRequest keys) throws SQLException {
        Open<S> kept = open.get(side);
        if (kept != null && kept.on == physical && Objects.equals(kept.sql, sql) && Objects.equals(kept.keys, keys)
                && !kept.statement.isClosed()) {
            return kept.statement;
        }
        if (kept != null) {
            open.remove(side);
            kept.statement.close();
        }
        S opened = opener.open(physical, sql, keys);
        open.put(side, new Open<>(opened, physical, sql, keys));
        return opened;
    }

    /** Closes every statement kept; the first failure is thrown once all were tried. */
    void close() throws SQLException {
        List<Open<S>> closing = new ArrayList<>(open.values());
        open.clear();
        SQLException first = null;
        for (Open<S> o : closing) {
            try {
                o.statement.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Prepares {@code sql} on {@code c} the way the caller asked: with the keys it wants back, else with its result set type (and holdability unless negative). */
    static PreparedStatement prepare(Connection c, String sql, KeysRequest keys, int type, int concurrency, int holdability) throws SQLException {
        if (keys.all()) {
            return c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
        }
        if (!keys.columns().isEmpty()) {
            return c.prepareStatement(sql, keys.columns().toArray(String[]::new));
        }
        return holdability < 0 ? c.prepareStatement(sql, type, concurrency) : c.prepareStatement(sql, type, concurrency, holdability);
    }
}
