package io.shardbridge.bridge.mirror;

import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.bridge.row.RowChange;
import io.shardbridge.bridge.row.MirrorValues;
import io.shardbridge.bridge.row.ValueRefusedException;
import io.shardbridge.ShardbridgeException;
import io.shardbridge.bridge.mirror.MirrorSide.Target;
import io.shardbridge.config.Dialect;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.PhysicalTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One open transaction on the mirror side, spanning whichever databases the images route to. DESIGN §5:
 * images are applied here while the authoritative transaction still holds its row locks; the caller
 * commits the authoritative side first, then {@link #commit()} this one. A failure between the two
 * leaves intents behind for the repairer, so nothing committed is lost. Every connection carries the
 * mirror timeout as its network timeout, so a hung mirror costs the caller at most that long.
 *
 * <p>Changes are written as multi-row statements, one per physical table and kind: changes to distinct
 * rows commute, and {@link #apply} keeps only the last change of each row it is given.
 */
public final class MirrorTransaction implements AutoCloseable {
    private static final java.util.concurrent.Executor DIRECT = Runnable::run;
    /** Bind parameters per statement, well under both engines' limits (65,535). */
    private static final int MAX_PARAMETERS = 20_000;

    private final MirrorSide mirror;
    private final boolean keyLocks;
    private final Map<String, Connection> open = new LinkedHashMap<>();
    private boolean finished;

    MirrorTransaction(MirrorSide mirror, boolean keyLocks) {
        this.mirror = mirror;
        this.keyLocks = keyLocks;
    }

    /** Where one change lands, and with which columns. */
    private record Placed(String database, PhysicalTable physical, boolean upsert, List<String> columns, TableDefinition table, RowImage image) {
        String group() {
            return database + "|" + physical.table() + "|" + upsert + "|" + columns;
        }
    }

    /**
     * Applies the changes. What counts is the last change of each row <em>at each place</em> (physical
     * table) it reaches, so a row that moved between shards within the transaction — a delete of its old
     * image, then the new image — ends deleted where it was and written where it is: an upsert that lands
     * elsewhere than the row's previous upsert turns that one into a delete, and a delete never runs where
     * the row's last upsert lands (the upsert overwrites it there, so a row staying in place is never
     * deleted and re-inserted, which would fire cascades). After this reduction a row has one change per
     * physical table, so the order of the statements does not matter.
     */
    public void apply(List<RowChange> changes) throws SQLException {
        Map<List<Object>, Map<PhysicalTable, Placed>> rows = new LinkedHashMap<>();
        for (RowChange change : changes) {
            TableDefinition table = mirror.target(change.image().table()).definition();
            List<Object> key = new ArrayList<>(change.image().keyValues(table.primaryKey()));
            key.add(0, table.name());
            Map<PhysicalTable, Placed> at = rows.computeIfAbsent(key, k -> new LinkedHashMap<>());
            List<Placed> placed = place(change);
            if (change instanceof RowChange.Upsert) {
                for (Map.Entry<PhysicalTable, Placed> e : at.entrySet()) {
                    if (e.getValue().upsert() && placed.stream().noneMatch(p -> p.physical().equals(e.getKey()))) {
                        e.setValue(deleteAt(e.getValue())); // the row moved away from there
                    }
                }
            }
            placed.forEach(p -> at.put(p.physical(), p));
        }
        Map<String, List<Placed>> groups = new LinkedHashMap<>();
        Map<String, TreeSet<Long>> locks = new LinkedHashMap<>();
        for (Map<PhysicalTable, Placed> at : rows.values()) {
            for (Placed placed : at.values()) {
                groups.computeIfAbsent(placed.group(), g -> new ArrayList<>()).add(placed);
                locks.computeIfAbsent(placed.database(), d -> new TreeSet<>()).add(MirrorStatements.lockKey(placed.table(), placed.image()));
            }
        }
        if (mirror.dialect() != Dialect.POSTGRESQL || !keyLocks) {
            locks.clear();
        }
        for (List<Placed> group : groups.values()) {
            write(group, locks.remove(group.get(0).database()));
        }
    }

    /** The delete, at the same place, of a row an upsert had put there. */
    private static Placed deleteAt(Placed upsert) {
        return new Placed(upsert.database(), upsert.physical(), false, upsert.table().primaryKey(), upsert.table(), upsert.image());
    }

    /**
     * PostgreSQL's bulk path for many upserts (the backfill's): per physical table, the rows go by COPY
     * into a temporary staging table, then one {@code INSERT … SELECT … ON CONFLICT} moves them. The
     * staging table is created once per connection and emptied at every commit. Other dialects, and
     * deletes, take {@link #apply}.
     */
    public void copyUpserts(List<RowImage> images) throws SQLException {
        if (mirror.dialect() != Dialect.POSTGRESQL) {
            List<RowChange> changes = new ArrayList<>(images.size());
            images.forEach(i -> changes.add(new RowChange.Upsert(i)));
            apply(changes);
            return;
        }
        Map<String, List<Placed>> groups = new LinkedHashMap<>();
        for (RowImage image : images) {
            for (Placed placed : place(new RowChange.Upsert(image))) {
                groups.computeIfAbsent(placed.group(), g -> new ArrayList<>()).add(placed);
            }
        }
        for (List<Placed> group : groups.values()) {
            copyGroup(group);
        }
    }

    private void copyGroup(List<Placed> group) throws SQLException {
        Placed first = group.get(0);
        Dialect dialect = Dialect.POSTGRESQL;
        Connection c = connection(first.database());
        String stage = "sb_stage_" + first.physical().table();
        String columns = dialect.quoteAll(first.columns());
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS " + dialect.quote(stage) + " (LIKE " + dialect.quote(first.physical().table())
                    + ") ON COMMIT DELETE ROWS");
        }
        StringBuilder text = new StringBuilder(group.size() * 128);
        for (Placed placed : group) {
            for (int i = 0; i < placed.columns().size(); i++) {
                if (i > 0) {
                    text.append('\t');
                }
                CopyText.append(text, placed.image().get(placed.columns().get(i)));
            }
            text.append('\n');
        }
        try {
            c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn("COPY " + dialect.quote(stage) + " (" + columns + ") FROM STDIN",
                    new java.io.StringReader(text.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY into " + stage + " failed: " + e.getMessage(), "08006", e);
        }
        List<String> nonKey = first.columns().stream().filter(col -> !first.table().primaryKey().contains(col)).toList();
        String conflict = " ON CONFLICT (" + dialect.quoteAll(first.table().primaryKey()) + ") " + (nonKey.isEmpty() ? "DO NOTHING"
                : "DO UPDATE SET " + String.join(", ", nonKey.stream().map(col -> dialect.quote(col) + " = EXCLUDED." + dialect.quote(col)).toList()));
        try (java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO " + dialect.quote(first.physical().table()) + " (" + columns + ") SELECT " + columns + " FROM "
                    + dialect.quote(stage) + conflict);
        }
    }

    /** Inserts the row or overwrites it with this image (by primary key). */
    public void upsert(RowImage image) throws SQLException {
        apply(List.of(new RowChange.Upsert(image)));
    }

    /** Deletes the row with this image's primary key (routed by its shard key when the image has one). */
    public void delete(RowImage keyImage) throws SQLException {
        apply(List.of(new RowChange.Delete(keyImage)));
    }

    /**
     * One group's rows as multi-row statements. {@code locks}, for the first statement on a PostgreSQL
     * database, are the advisory locks of every key the transaction writes there: taken by a statement
     * sent in the same round trip, just before (see {@link MirrorStatements}).
     */
    private void write(List<Placed> group, TreeSet<Long> locks) throws SQLException {
        Placed first = group.get(0);
        Dialect dialect = mirror.dialect();
        int perStatement = Math.max(1, MAX_PARAMETERS / first.columns().size());
        Connection c = connection(first.database());
        for (int from = 0; from < group.size(); from += perStatement) {
            List<Placed> part = group.subList(from, Math.min(group.size(), from + perStatement));
            String sql = first.upsert()
                    ? MirrorStatements.upsert(dialect, first.table(), first.physical().table(), first.columns(), part.size())
                    : MirrorStatements.deleteByKeys(dialect, first.table(), first.physical().table(), part.size());
            boolean locking = locks != null && from == 0;
            try (PreparedStatement ps = c.prepareStatement(locking ? MirrorStatements.LOCK_KEYS + ";\n" + sql : sql)) {
                int position = 1;
                if (locking) {
                    ps.setArray(position++, c.createArrayOf("bigint", locks.toArray()));
                }
                for (Placed placed : part) {
                    try {
                        for (String column : placed.columns()) {
                            MirrorValues.bind(ps, position++, placed.image().get(column), dialect, placed.table().name(),
                                    placed.table().column(column).orElseThrow());
                        }
                    } catch (ValueRefusedException e) {
                        throw e.forRow(placed.table().primaryKey() + "=" + placed.image().keyValues(placed.table().primaryKey()));
                    }
                }
                ps.execute();
            }
        }
    }

    private List<Placed> place(RowChange change) {
        RowImage image = change.image();
        Target target = mirror.target(image.table());
        TableDefinition table = target.definition();
        List<Placed> out = new ArrayList<>(1);
        if (change instanceof RowChange.Upsert) {
            List<String> columns = new ArrayList<>(image.values().keySet());
            for (PhysicalTable physical : target.physicalTablesFor(image, true)) {
                out.add(new Placed(physical.shard(), physical, true, columns, table, image));
            }
        } else {
            for (String key : table.primaryKey()) {
                if (!image.has(key)) {
                    throw new ShardbridgeException("table " + table.name() + ": a delete image needs primary-key column " + key);
                }
            }
            for (PhysicalTable physical : target.physicalTablesFor(image, false)) {
                out.add(new Placed(physical.shard(), physical, false, table.primaryKey(), table, image));
            }
        }
        return out;
    }

    public void commit() throws SQLException {
        finish(true);
    }

    public void rollback() throws SQLException {
        finish(false);
    }

    /** Rolls back unless committed. */
    @Override
    public void close() throws SQLException {
        if (!finished) {
            finish(false);
        }
    }

    private Connection connection(String database) throws SQLException {
        if (finished) {
            throw new IllegalStateException("mirror transaction already finished");
        }
        Connection c = open.get(database);
        if (c == null) {
            c = mirror.dataSource(database).getConnection();
            try {
                c.setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, mirror.timeout().toMillis()));
                c.setAutoCommit(false);
                if (MirrorSide.LEGACY.equals(database) && mirror.dialect() == Dialect.POSTGRESQL) {
                    markAsMirror(c);
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            open.put(database, c);
        }
        return c;
    }

    /**
     * Marks a transaction into legacy as shardbridge's own mirror write, in legacy's WAL: the catch-up
     * stream (DESIGN §10) then does not count its rows as written outside shardbridge. A transactional
     * logical message commits or vanishes with the transaction and costs one round trip.
     */
    private static void markAsMirror(Connection c) throws SQLException {
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("SELECT pg_logical_emit_message(true, 'shardbridge.mirror', '')");
        }
    }

    /** Commits (or rolls back) every database; closes every connection even when one of them fails. */
    private void finish(boolean commit) throws SQLException {
        finished = true;
        SQLException first = null;
        for (Connection c : open.values()) {
            try {
                if (commit) {
                    c.commit();
                } else {
                    c.rollback();
                }
            } catch (SQLException e) {
                first = first == null ? e : first;
            } finally {
                try {
                    c.close();
                } catch (SQLException e) {
                    first = first == null ? e : first;
                }
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
