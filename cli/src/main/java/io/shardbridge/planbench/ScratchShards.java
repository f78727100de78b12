package io.shardbridge.planbench;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.config.DatabaseEndpoint;
import io.shardbridge.config.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The databases a plan's shards live in while it is benchmarked: shard {@code s} of a plan is database
 * {@code shardbridge_pb_<s>} on the server of configured target shard {@code s mod n}. They are created by
 * plan-bench and dropped when it ends, so it never touches a real target table, and a plan may have more
 * shards than the target has servers (they then share a server, which the report says).
 */
final class ScratchShards implements AutoCloseable {
    static final String PREFIX = "shardbridge_pb_";
    private static final Pattern URL = Pattern.compile("^(jdbc:[a-z]+://[^/?]+/)([^?]*)(.*)$");

    private final List<DatabaseEndpoint> servers;
    private final Dialect dialect;
    private final Map<Integer, DatabaseEndpoint> created = new LinkedHashMap<>();
    private final boolean keep;

    ScratchShards(List<DatabaseEndpoint> servers, Dialect dialect, boolean keep) {
        this.servers = List.copyOf(servers);
        this.dialect = dialect;
        this.keep = keep;
    }

    int servers() {
        return servers.size();
    }

    /** The endpoints of shards {@code 0..count-1}, each an empty database (the previous plan's are dropped first). */
    Map<String, DatabaseEndpoint> fresh(int count) {
        dropAll();
        Map<String, DatabaseEndpoint> out = new LinkedHashMap<>();
        for (int s = 0; s < count; s++) {
            out.put("ds" + s, database(s));
        }
        return out;
    }

    private DatabaseEndpoint database(int shard) {
        return created.computeIfAbsent(shard, s -> {
            DatabaseEndpoint server = servers.get(s % servers.size());
            String name = PREFIX + s;
            run(server, drop(name));
            run(server, "CREATE DATABASE " + name);
            return new DatabaseEndpoint(withDatabase(server.url(), name), server.username(), server.password(), server.maxPoolSize());
        });
    }

    static String withDatabase(String url, String database) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new ShardbridgeException("cannot place a scratch database on " + url + "; write the shard URL as jdbc:<engine>://host:port/database");
        }
        return m.group(1) + database + m.group(3);
    }

    private void run(DatabaseEndpoint server, String sql) {
        try (Connection c = DriverManager.getConnection(server.url(), server.username(), server.password()); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new ShardbridgeException("plan-bench could not run '" + sql + "' on " + server.safeUrl() + " (SQLState " + e.getSQLState() + "): "
                    + e.getMessage() + "; the user needs the right to create databases there" + (dialect == Dialect.POSTGRESQL ? " (CREATEDB)" : ""), e);
        }
    }

    private String drop(String database) {
        return "DROP DATABASE IF EXISTS " + database + (dialect == Dialect.POSTGRESQL ? " WITH (FORCE)" : "");
    }

    @Override
    public void close() {
        if (!keep) {
            dropAll();
        }
    }

    private void dropAll() {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<Integer, DatabaseEndpoint> e : created.entrySet()) {
            try {
                run(servers.get(e.getKey() % servers.size()), drop(PREFIX + e.getKey()));
            } catch (ShardbridgeException failure) {
                failures.add(failure.getMessage());
            }
        }
        created.clear();
        if (!failures.isEmpty()) {
            throw new ShardbridgeException("plan-bench could not drop its scratch databases: " + failures);
        }
    }
}
