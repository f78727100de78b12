package io.shardbridge.bridge.verify;

import io.shardbridge.bridge.row.KeyOrder;
import io.shardbridge.bridge.row.ChunkSizer;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Proves a unit's tables equal on both sides, or says which rows differ (DESIGN §7).
 *
 * <p>Each table is walked in key ranges whose boundaries come from the authoritative side. For every
 * range both sides compute, in their own SQL, the row count and the sum of canonical row hashes
 * ({@link ChecksumSql}, {@link CanonicalEncoding}) — the two sides in parallel, each physical table of
 * the target in parallel — so a matching range costs two small results, whatever its size. A range
 * whose checksums differ is bisected at the authoritative side's middle key (the right half's checksum
 * is the whole's minus the left's, so each step costs one query per side) until it holds at most
 * {@link #leafRows} authoritative rows; then both sides list (key, row hash) and the keys that are
 * missing, extra or hashed differently become suspects. A suspect may be a write in flight, so after
 * {@code recheckAfter} every suspect is read again on both sides and reported only if it still differs
 * (and still differs on two more reads, a quarter of that later each),
 * with the differing columns. Range size follows a time target (0.5 s by default, as pt-table-checksum),
 * so no query holds a long snapshot.
 */
public final class Verifier {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Verifier.class);

    /** Progress of one table's walk: rows of the authoritative side checked so far. */
    public record Progress(String unit, String table, long rowsCompared, long rowsEstimated, double rowsPerSecond) {
    }

    private final DualWriteUnit unit;
    private final DataSource legacy;
    private final Map<String, ? extends DataSource> shards;
    private final TargetConfig target;
    private Duration chunkTarget = Duration.ofMillis(500);
    private int initialChunkRows = 20_000;
    private int minChunkRows = 1000;
    private int maxChunkRows = 1_000_000;
    private int leafRows = 500;
    private int rangesInFlight = 2;
    private Duration recheckAfter = Duration.ofSeconds(2);
    private Consumer<Progress> progress = p -> { };
    private VerificationLog log;
    private VerifyCheckpoints checkpoints;
    private boolean restart;
    private int ranges = 1;
    private Duration lease = Duration.ofSeconds(30);
    private final String owner = java.util.UUID.randomUUID().toString().substring(0, 8) + "@"
            + java.lang.management.ManagementFactory.getRuntimeMXBean().getName();

    public Verifier(DualWriteUnit unit, DataSource legacy, Map<String, ? extends DataSource> shards, TargetConfig target) {
        this.unit = unit;
        this.legacy = legacy;
        this.shards = shards;
        this.target = target;
    }

    /** Forgets the unit's interrupted verification passes: a side began receiving writes anew, so a resumed pass would mix old and new. */
    public static void forget(DataSource control, String unit) throws SQLException {
        new VerifyCheckpoints(control).resetUnit(unit);
    }

    /** A fixed range size instead of the adaptive one (tests use small ones to exercise boundaries). */
    public Verifier chunkRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("chunk rows must be at least 1, was " + rows);
        }
        this.initialChunkRows = rows;
        this.minChunkRows = rows;
        this.maxChunkRows = rows;
        return this;
    }

    /** The time one range's checksums should take; ranges grow or shrink towards it. */
    public Verifier chunkTarget(Duration value) {
        this.chunkTarget = value;
        return this;
    }

    /** Mismatching ranges are bisected until they hold at most this many authoritative rows, then listed row by row. */
    public Verifier leafRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("leaf rows must be at least 1, was " + rows);
        }
        this.leafRows = rows;
        return this;
    }

    /** How many ranges are checksummed at once (default 2: one per core of a small database server). */
    public Verifier rangesInFlight(int ranges) {
        if (ranges < 1) {
            throw new IllegalArgumentException("ranges in flight must be at least 1, was " + ranges);
        }
        this.rangesInFlight = ranges;
        return this;
    }

    /** How long to wait before reading a difference again (in-flight writes are not differences). */
    public Verifier recheckAfter(Duration value) {
        this.recheckAfter = value;
        return this;
    }

    /** Where finished reports are recorded (the control store); none by default. */
    public Verifier recordIn(VerificationLog value) {
        this.log = value;
        return this;
    }

    /**
     * Checkpoint the pass per key range in the control store (DESIGN §12, {@link VerifyCheckpoints}): an
     * interrupted pass resumes where it stopped, and processes verifying the same unit share its ranges.
     */
    public Verifier checkpointIn(DataSource control) {
        this.checkpoints = new VerifyCheckpoints(control);
        return this;
    }

    /** Start a fresh pass even if an interrupted one could be resumed (default: resume). */
    public Verifier restart(boolean value) {
        this.restart = value;
        return this;
    }

    /** Split a new pass's tables into this many key ranges (default 1), for verifications in other processes to share. */
    public Verifier ranges(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("ranges must be at least 1, was " + count);
        }
        this.ranges = count;
        return this;
    }

    /** How long a process holds a range without a checkpoint before others may take it over (default 30 s). */
    public Verifier lease(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("lease must be positive, was " + value);
        }
        this.lease = value;
        return this;
    }

    public Verifier onProgress(Consumer<Progress> listener) {
        this.progress = listener;
        return this;
    }

    /** A check that must pass before the run starts (the control plane's: every live instance mirrors the unit). */
    @FunctionalInterface
    public interface Precondition {
        void check() throws SQLException;
    }

    private Precondition precondition = () -> { };

    public Verifier precondition(Precondition value) {
        this.precondition = value;
        return this;
    }

    public VerifyReport run() throws SQLException {
        MigrationPhase phase = unit.state().phase();
        if (!phase.mirrorsWrites()) {
            throw new SQLException("migration unit " + unit.state().name() + " is at " + phase + ": only one side receives its writes, so "
                    + "there is nothing to compare. Verify from DUAL_WRITE to RAMP_DOWN.", "55000");
        }
        precondition.check();
        Side authoritative = phase.authoritative();
        // read before the walk: a warning now explains a crawl; the report repeats it at the end
        List<VacuumAdvice> vacuum = new DeadTuples(legacy, shards, target).advise(unit.state().tables(), java.util.EnumSet.allOf(Side.class));
        vacuum.forEach(v -> LOG.warn("verification of unit {}: {}", unit.state().name(), v.message()));
        if (checkpoints != null) {
            checkpoints.createTable();
        }
        long started = System.nanoTime();
        Map<String, Long> compared = new LinkedHashMap<>();
        List<VerifyReport.Difference> differences = new ArrayList<>();
        long settled = 0;
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "shardbridge-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            for (String name : unit.state().tables()) {
                TableDefinition table = unit.table(name);
                if (table == null) {
                    throw new SQLException("cannot verify table " + name + ": " + unit.state().unmirrorableReason(name), "0A000");
                }
                ChecksumColumns columns = ChecksumColumns.of(table, Dialect.POSTGRESQL, target.dialect());
                ChecksumSide legacySide = TableSides.legacy(legacy, columns);
                List<ChecksumSide> targetViews = TableSides.target(target, shards, columns);
                ChecksumSide auth = authoritative == Side.LEGACY ? legacySide : targetViews.get(0);
                List<ChecksumSide> mirrors = authoritative == Side.LEGACY ? targetViews : List.of(legacySide);
                long rows = 0;
                for (ChecksumSide mirror : mirrors) {
                    List<RowImage> suspects = new ArrayList<>();
                    rows = checkpoints == null ? new Walk(pool, table, auth, mirror, suspects, null, null, (upper, walked, last) -> { }).run()
                            : new ResumableWalk(pool, table, auth, mirror, new VerifyCheckpoints.Scope(unit.state().name(), name, mirror.label(),
                            authoritative.name())).run(suspects);
                    List<VerifyReport.Difference> found = recheck(table, auth, mirror, suspects);
                    differences.addAll(found);
                    settled += suspects.size() - found.size();
                }
                compared.put(name, rows);
            }
        } catch (CompletionException e) {
            throw e.getCause() instanceof SQLException s ? s : new SQLException("verification failed: " + e.getCause(), "58000", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        VerifyReport report = new VerifyReport(unit.state().name(), authoritative, compared, differences, settled,
                Duration.ofNanos(System.nanoTime() - started), vacuum);
        if (log != null) {
            log.record(report);
        }
        return report;
    }

    /** Told after each range checksum that completed in key order: everything up to {@code upper} is compared. */
    @FunctionalInterface
    private interface Compared {
        void upTo(RowImage upper, long rowsWalked, boolean last) throws SQLException;
    }

    /** A pass over one table's key ranges, checkpointed and shared by lease ({@link VerifyCheckpoints}). */
    private final class ResumableWalk {
        private final ExecutorService pool;
        private final TableDefinition table;
        private final ChecksumSide auth;
        private final ChecksumSide mirror;
        private final VerifyCheckpoints.Scope scope;

        ResumableWalk(ExecutorService pool, TableDefinition table, ChecksumSide auth, ChecksumSide mirror, VerifyCheckpoints.Scope scope) {
            this.pool = pool;
            this.table = table;
            this.auth = auth;
            this.mirror = mirror;
            this.scope = scope;
        }

        /** Walks the ranges this process can take, waits for those others hold, and returns the pass's rows and suspects. */
        long run(List<RowImage> suspects) throws SQLException {
            List<VerifyCheckpoints.Range> planned = checkpoints.ranges(scope);
            if (restart || (!planned.isEmpty() && planned.stream().allMatch(VerifyCheckpoints.Range::done))) {
                checkpoints.reset(scope); // asked to, or the last pass finished: a new pass
                planned = List.of();
            }
            if (planned.isEmpty()) {
                checkpoints.plan(scope, boundaries());
            }
            while (true) {
                java.util.Optional<VerifyCheckpoints.Range> claimed = checkpoints.claim(scope, owner, lease);
                if (claimed.isPresent()) {
                    walk(claimed.get());
                    continue;
                }
                List<VerifyCheckpoints.Range> now = checkpoints.ranges(scope);
                if (now.stream().allMatch(VerifyCheckpoints.Range::done)) {
                    long rows = 0;
                    for (VerifyCheckpoints.Range range : now) {
                        rows += range.rowsCompared();
                        suspects.addAll(decode(range.suspects()));
                    }
                    return rows;
                }
                pause(Duration.ofMillis(200)); // ranges held by other processes: they finish them, or their leases run out
            }
        }

        private void walk(VerifyCheckpoints.Range range) throws SQLException {
            List<RowImage> found = new ArrayList<>(decode(range.suspects()));
            RowImage from = range.resumeAfter() == null ? null : io.shardbridge.bridge.row.KeyCodec.decode(table, range.resumeAfter());
            RowImage end = range.end() == null ? null : io.shardbridge.bridge.row.KeyCodec.decode(table, range.end());
            boolean finished = false;
            try {
                new Walk(pool, table, auth, mirror, found, from, end, (upper, walked, last) -> {
                    String key = upper == null ? range.lastKey() : io.shardbridge.bridge.row.KeyCodec.encode(upper.project(table.primaryKey()));
                    if (!checkpoints.save(scope, range.number(), owner, key, range.rowsCompared() + walked, encode(found), last, lease)) {
                        throw new SQLException("verification of table " + table.name() + ": key range " + range.number() + " was taken over by "
                                + "another process after this one's lease (" + lease.toSeconds() + " s) ran out; that process finishes it", "55000");
                    }
                }).run();
                finished = true;
            } finally {
                if (!finished) {
                    checkpoints.release(scope, range.number(), owner);
                }
            }
        }

        /** Keys at about equal steps of the authoritative side's key order (from its row estimate). */
        private List<String> boundaries() throws SQLException {
            List<String> out = new ArrayList<>();
            long estimated = auth.estimatedRows();
            if (ranges <= 1 || estimated < ranges) {
                return out;
            }
            RowImage at = null;
            for (int i = 1; i < ranges; i++) {
                at = auth.boundary(at, Math.max(1, estimated / ranges));
                if (at == null) {
                    break;
                }
                out.add(io.shardbridge.bridge.row.KeyCodec.encode(at.project(table.primaryKey())));
            }
            return out;
        }

        private List<RowImage> decode(String suspects) {
            return suspects == null || suspects.isEmpty() ? List.of()
                    : java.util.Arrays.stream(suspects.split("\n")).map(k -> io.shardbridge.bridge.row.KeyCodec.decode(table, k)).toList();
        }

        private String encode(List<RowImage> suspects) {
            return suspects.stream().map(k -> io.shardbridge.bridge.row.KeyCodec.encode(k.project(table.primaryKey())))
                    .collect(java.util.stream.Collectors.joining("\n"));
        }
    }

    /** One table's walk from the lowest key to the highest (or over {@code from < key <= end}), comparing range checksums. */
    private final class Walk {
        private final ExecutorService pool;
        private final TableDefinition table;
        private final ChecksumSide auth;
        private final ChecksumSide mirror;
        private final List<RowImage> suspects;
        private final RowImage from;
        private final RowImage end;
        private final Compared compared;

        Walk(ExecutorService pool, TableDefinition table, ChecksumSide auth, ChecksumSide mirror, List<RowImage> suspects, RowImage from,
             RowImage end, Compared compared) {
            this.pool = pool;
            this.table = table;
            this.auth = auth;
            this.mirror = mirror;
            this.suspects = suspects;
            this.from = from;
            this.end = end;
            this.compared = compared;
        }

        /** A range whose checksums are being computed. */
        private record InFlight(RowImage lower, RowImage upper, List<CompletableFuture<ChunkChecksum>> auth,
                                List<CompletableFuture<ChunkChecksum>> mirror, long started) {
        }

        /**
         * Boundaries are taken one after another (cheap: an index walk on the authoritative side), and up
         * to {@link #rangesInFlight} ranges are checksummed at once, so the authoritative side's single
         * table keeps more than one core busy while the target's physical tables run side by side.
         */
        long run() throws SQLException {
            ChunkSizer sizer = new ChunkSizer(chunkTarget, initialChunkRows, minChunkRows, maxChunkRows);
            long estimated = auth.estimatedRows();
            long started = System.nanoTime();
            long rows = 0;
            java.util.ArrayDeque<InFlight> window = new java.util.ArrayDeque<>();
            RowImage lower = from;
            boolean last = false;
            while (!last || !window.isEmpty()) {
                if (!last) {
                    RowImage upper = auth.boundary(lower, sizer.size());
                    if (end != null && (upper == null || KeyOrder.of(table.primaryKey()).compare(upper, end) >= 0)) {
                        upper = end; // the range's own end: the next range starts after it
                    }
                    window.add(new InFlight(lower, upper, submit(auth, lower, upper), submit(mirror, lower, upper), System.nanoTime()));
                    last = upper == null || upper == end;
                    lower = upper;
                }
                if (window.size() >= rangesInFlight || last) {
                    InFlight done = window.poll();
                    ChunkChecksum a = total(done.auth());
                    ChunkChecksum m = total(done.mirror());
                    if (done.upper() != null) {
                        sizer.observed(sizer.size(), System.nanoTime() - done.started());
                    }
                    narrow(done.lower(), done.upper(), a, m);
                    rows += a.rows();
                    compared.upTo(done.upper(), rows, last && window.isEmpty());
                    double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
                    progress.accept(new Progress(unit.state().name(), table.name(), rows, Math.max(rows, estimated), rows / seconds));
                }
            }
            return rows;
        }

        /** Both sides' checksums of {@code lower < key <= upper}: every physical table at once. */
        private ChunkChecksum[] checksums(RowImage lower, RowImage upper) {
            List<CompletableFuture<ChunkChecksum>> authParts = submit(auth, lower, upper);
            List<CompletableFuture<ChunkChecksum>> mirrorParts = submit(mirror, lower, upper);
            return new ChunkChecksum[] {total(authParts), total(mirrorParts)};
        }

        private List<CompletableFuture<ChunkChecksum>> submit(ChecksumSide side, RowImage lower, RowImage upper) {
            return side.parts().stream().map(part -> CompletableFuture.supplyAsync(() -> {
                try {
                    return side.checksum(part, lower, upper);
                } catch (SQLException e) {
                    throw new CompletionException(new SQLException("verification of table " + table.name() + " failed reading "
                            + side.label() + " (" + part.database() + "." + part.table() + "): " + e.getMessage(), e.getSQLState(), e));
                }
            }, pool)).toList();
        }

        private ChunkChecksum total(List<CompletableFuture<ChunkChecksum>> parts) {
            return parts.stream().map(CompletableFuture::join).reduce(ChunkChecksum.EMPTY, ChunkChecksum::plus);
        }

        /** Bisects a mismatching range down to ranges small enough to list row by row. */
        private void narrow(RowImage lower, RowImage upper, ChunkChecksum a, ChunkChecksum m) throws SQLException {
            if (a.equals(m)) {
                return;
            }
            RowImage split = a.rows() > leafRows ? auth.boundary(lower, a.rows() / 2) : null;
            if (split == null || (upper != null && KeyOrder.of(table.primaryKey()).compare(split, upper) >= 0)) {
                listRows(lower, upper);
                return;
            }
            ChunkChecksum[] left = checksums(lower, split);
            narrow(lower, split, left[0], left[1]);
            narrow(split, upper, a.minus(left[0]), m.minus(left[1]));
        }

        /** Lists both sides' (key, hash) in a small range; keys on one side only, or hashed differently, are suspects. */
        private void listRows(RowImage lower, RowImage upper) throws SQLException {
            Map<List<Object>, ChecksumSide.RowHash> authRows = rowHashes(auth, lower, upper);
            Map<List<Object>, ChecksumSide.RowHash> mirrorRows = rowHashes(mirror, lower, upper);
            authRows.forEach((key, row) -> {
                ChecksumSide.RowHash other = mirrorRows.get(key);
                if (other == null || other.hash() != row.hash()) {
                    suspects.add(row.key());
                }
            });
            mirrorRows.forEach((key, row) -> {
                if (!authRows.containsKey(key)) {
                    suspects.add(row.key());
                }
            });
        }

        private Map<List<Object>, ChecksumSide.RowHash> rowHashes(ChecksumSide side, RowImage lower, RowImage upper) throws SQLException {
            Map<List<Object>, ChecksumSide.RowHash> out = new LinkedHashMap<>();
            for (ChecksumSide.Part part : side.parts()) {
                for (ChecksumSide.RowHash row : side.rowHashes(part, lower, upper)) {
                    out.put(row.key().keyValues(table.primaryKey()), row);
                }
            }
            return out;
        }
    }

    /** Reads each suspect again on both sides, after a pause, and keeps what still differs. */
    private List<VerifyReport.Difference> recheck(TableDefinition table, ChecksumSide auth, ChecksumSide mirror, List<RowImage> suspects)
            throws SQLException {
        if (suspects.isEmpty()) {
            return List.of();
        }
        if (!recheckAfter.isZero()) {
            try {
                Thread.sleep(recheckAfter.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<VerifyReport.Difference> found = RowDifferences.between(table, suspects, auth.rowsByKey(suspects), mirror.rowsByKey(suspects));
        // A row written again while it is re-read can differ on that read too: the mirror commits just after the
        // authoritative side, so the two reads can fall either side of one write. A real difference stays put; a
        // write in flight does not line up with the reads again and again. What still differs is read twice more.
        for (int again = 0; again < EXTRA_RECHECKS && !found.isEmpty(); again++) {
            pause(recheckAfter.dividedBy(4));
            List<RowImage> still = stillDiffering(table, suspects, found);
            found = RowDifferences.between(table, still, auth.rowsByKey(still), mirror.rowsByKey(still));
        }
        return found;
    }

    private static final int EXTRA_RECHECKS = 2;

    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(Math.max(100, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<RowImage> stillDiffering(TableDefinition table, List<RowImage> suspects, List<VerifyReport.Difference> found) {
        java.util.Set<List<Object>> keys = new java.util.HashSet<>();
        found.forEach(d -> keys.add(table.primaryKey().stream().map(c -> RowImage.normalize(d.key().get(c))).toList()));
        return suspects.stream().filter(s -> keys.contains(s.keyValues(table.primaryKey()))).toList();
    }
}
