package io.shardbridge.bridge.verify;

import io.shardbridge.bridge.row.ChunkSizer;
import io.shardbridge.bridge.row.KeyOrder;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.schema.TableDefinition;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * One table's walk from the lowest key to the highest (or over {@code from < key <= end}), comparing
 * range checksums (DESIGN §7).
 *
 * <p>The range boundaries come from the authoritative side. For every range both sides compute, in
 * their own SQL, the row count and the sum of canonical row hashes ({@link ChecksumSql}, {@link
 * CanonicalEncoding}) — the two sides in parallel, each physical table of the target in parallel — so
 * a matching range costs two small results, whatever its size. A range whose checksums differ is
 * bisected at the authoritative side's middle key (the right half's checksum is the whole's minus the
 * left's, so each step costs one query per side) until it holds at most {@code leafRows} authoritative
 * rows; then both sides list (key, row hash) and the keys that are missing, extra or hashed differently
 * become suspects, for the {@link Recheck}. Range size follows a time target (0.5 s by default, as
 * pt-table-checksum, {@link ChunkSizer}), so no query holds a long snapshot.
 *
 * <p>Why no difference is missed: the ranges are consecutive ({@code lower < key <= upper}, each range's
 * lower bound the previous one's upper) and cover the walk from its start to its end; equal (count,
 * hash sum) is what equal rows produce, and a bisection covers its range exactly with its two halves.
 */
final class ChecksumWalk {

    /** Told after each range checksum that completed in key order: everything up to {@code upper} is compared. */
    @FunctionalInterface
    interface Compared {
        void upTo(RowImage upper, long rowsWalked, boolean last) throws SQLException;
    }

    private final VerifierOptions options;
    private final ExecutorService pool;
    private final String unit;
    private final TableDefinition table;
    private final ChecksumSide auth;
    private final ChecksumSide mirror;
    private final List<RowImage> suspects;
    private final RowImage from;
    private final RowImage end;
    private final Compared compared;
    private final Consumer<Verifier.Progress> progress;

    /** A walk adding the keys it finds differing to {@code suspects}; {@code from} and {@code end} null for the whole table. */
    ChecksumWalk(VerifierOptions options, ExecutorService pool, String unit, TableDefinition table, ChecksumSide auth, ChecksumSide mirror,
                 List<RowImage> suspects, RowImage from, RowImage end, Compared compared, Consumer<Verifier.Progress> progress) {
        this.options = options;
        this.pool = pool;
        this.unit = unit;
        this.table = table;
        this.auth = auth;
        this.mirror = mirror;
        this.suspects = suspects;
        this.from = from;
        this.end = end;
        this.compared = compared;
        this.progress = progress;
    }

    /** A range whose checksums are being computed. */
    private record InFlight(RowImage lower, RowImage upper, List<CompletableFuture<ChunkChecksum>> auth,
                            List<CompletableFuture<ChunkChecksum>> mirror, long started) {
    }

    /**
     * Boundaries are taken one after another (cheap: an index walk on the authoritative side), and up
     * to {@code rangesInFlight} ranges are checksummed at once, so the authoritative side's single
     * table keeps more than one core busy while the target's physical tables run side by side.
     * Returns the authoritative rows walked.
     */
    long run() throws SQLException {
        ChunkSizer sizer = new ChunkSizer(options.ticker(), options.chunkTarget(), options.initialChunk(), options.minChunk(), options.maxChunk());
        long estimated = auth.estimatedRows();
        long started = options.ticker().nanoTime();
        long rows = 0;
        ArrayDeque<InFlight> window = new ArrayDeque<>();
        RowImage lower = from;
        boolean last = false;
        while (!last || !window.isEmpty()) {
            if (!last) {
                RowImage upper = auth.boundary(lower, sizer.size());
                if (end != null && (upper == null || KeyOrder.of(table.primaryKey()).compare(upper, end) >= 0)) {
                    upper = end; // the range's own end: the next range starts after it
                }
                window.add(new InFlight(lower, upper, submit(auth, lower, upper), submit(mirror, lower, upper), sizer.chunkStarts()));
                last = upper == null || upper == end;
                lower = upper;
            }
            if (window.size() >= options.rangesInFlight() || last) {
                InFlight done = window.poll();
                ChunkChecksum a = total(done.auth());
                ChunkChecksum m = total(done.mirror());
                if (done.upper() != null) {
                    sizer.observedSince(sizer.size(), done.started());
                }
                narrow(done.lower(), done.upper(), a, m);
                rows += a.rows();
                compared.upTo(done.upper(), rows, last && window.isEmpty());
                double seconds = Math.max(1e-9, options.ticker().nanosSince(started) / 1e9);
                progress.accept(new Verifier.Progress(unit, table.name(), rows, Math.max(rows, estimated), rows / seconds));
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

    private static ChunkChecksum total(List<CompletableFuture<ChunkChecksum>> parts) {
        return parts.stream().map(CompletableFuture::join).reduce(ChunkChecksum.EMPTY, ChunkChecksum::plus);
    }

    /** Bisects a mismatching range down to ranges small enough to list row by row. */
    private void narrow(RowImage lower, RowImage upper, ChunkChecksum a, ChunkChecksum m) throws SQLException {
        if (a.equals(m)) {
            return;
        }
        RowImage split = a.rows() > options.leafRows() ? auth.boundary(lower, a.rows() / 2) : null;
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
