package io.shardbridge.bridge.verify;

import io.shardbridge.bridge.lease.ClaimLoop;
import io.shardbridge.bridge.row.KeyCodec;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.schema.TableDefinition;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A pass over one table's key ranges against one mirror view, checkpointed and shared by lease
 * ({@link VerifyCheckpoints}, which says why resuming loses no difference): this process walks
 * ({@link ChecksumWalk}) the ranges it can take, waits for those other processes hold — taking over any
 * whose lease runs out — and then returns the whole pass's rows and suspects, its own and the others'.
 */
final class ResumableWalk {
    /** How long to wait before looking again at ranges other processes hold. */
    private static final Duration POLL = Duration.ofMillis(200);

    private final VerifierOptions options;
    private final VerifyCheckpoints checkpoints;
    private final String owner;
    private final ExecutorService pool;
    private final TableDefinition table;
    private final ChecksumSide auth;
    private final ChecksumSide mirror;
    private final VerifyCheckpoints.Scope scope;
    private final Consumer<Verifier.Progress> progress;

    ResumableWalk(VerifierOptions options, VerifyCheckpoints checkpoints, String owner, ExecutorService pool, TableDefinition table,
                  ChecksumSide auth, ChecksumSide mirror, VerifyCheckpoints.Scope scope, Consumer<Verifier.Progress> progress) {
        this.options = options;
        this.checkpoints = checkpoints;
        this.owner = owner;
        this.pool = pool;
        this.table = table;
        this.auth = auth;
        this.mirror = mirror;
        this.scope = scope;
        this.progress = progress;
    }

    /** Walks the ranges this process can take, waits for those others hold, and returns the pass's rows, adding its suspects. */
    long run(List<RowImage> suspects) throws SQLException {
        List<VerifyCheckpoints.Range> planned = checkpoints.ranges(scope);
        if (options.restart() || (!planned.isEmpty() && planned.stream().allMatch(VerifyCheckpoints.Range::done))) {
            checkpoints.reset(scope); // asked to, or the last pass finished: a new pass
            planned = List.of();
        }
        if (planned.isEmpty()) {
            checkpoints.plan(scope, boundaries());
        }
        new ClaimLoop<>(checkpoints.claimedBy(scope, owner, options.lease()), options.ticker(), POLL).workUntilAllDone(this::walk);
        long rows = 0;
        for (VerifyCheckpoints.Range range : checkpoints.ranges(scope)) {
            rows += range.rowsCompared();
            suspects.addAll(decode(range.suspects()));
        }
        return rows;
    }

    private void walk(VerifyCheckpoints.Range range) throws SQLException {
        List<RowImage> found = new ArrayList<>(decode(range.suspects()));
        RowImage from = range.resumeAfter() == null ? null : KeyCodec.decode(table, range.resumeAfter());
        RowImage end = range.end() == null ? null : KeyCodec.decode(table, range.end());
        new ChecksumWalk(options, pool, scope.unit(), table, auth, mirror, found, from, end, (upper, walked, last) -> {
            String key = upper == null ? range.lastKey() : KeyCodec.encode(upper.project(table.primaryKey()));
            if (!checkpoints.save(scope, range.number(), owner, key, range.rowsCompared() + walked, encode(found), last, options.lease())) {
                throw new SQLException("verification of table " + table.name() + ": key range " + range.number() + " was taken over by "
                        + "another process after this one's lease (" + options.lease().toSeconds() + " s) ran out; that process finishes it", "55000");
            }
        }, progress).run();
    }

    /** Keys at about equal steps of the authoritative side's key order (from its row estimate). */
    private List<String> boundaries() throws SQLException {
        List<String> out = new ArrayList<>();
        long estimated = auth.estimatedRows();
        int ranges = options.ranges();
        if (ranges <= 1 || estimated < ranges) {
            return out;
        }
        RowImage at = null;
        for (int i = 1; i < ranges; i++) {
            at = auth.boundary(at, Math.max(1, estimated / ranges));
            if (at == null) {
                break;
            }
            out.add(KeyCodec.encode(at.project(table.primaryKey())));
        }
        return out;
    }

    private List<RowImage> decode(String suspects) {
        return suspects == null || suspects.isEmpty() ? List.of()
                : Arrays.stream(suspects.split("\n")).map(k -> KeyCodec.decode(table, k)).toList();
    }

    private String encode(List<RowImage> suspects) {
        return suspects.stream().map(k -> KeyCodec.encode(k.project(table.primaryKey()))).collect(Collectors.joining("\n"));
    }
}
