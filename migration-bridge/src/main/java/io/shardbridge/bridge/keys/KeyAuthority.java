package io.shardbridge.bridge.keys;

import io.shardbridge.bridge.control.ControlSchema;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.MigrationUnitConfig;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who issues a unit's sequence keys, and the hand-over at each authority flip (DESIGN §5). Legacy's
 * sequences issue them up to SHADOW; from LIVE on the {@link KeyAllocator} does, seeded under the
 * flip's fence above what legacy issued; on the way back, under the fence again, each legacy sequence
 * is moved past the highest key the allocator reserved. Both hand-overs run while no transaction of the
 * unit runs on any instance, so neither side issues a key while the other takes over.
 */
public final class KeyAuthority {
    private static final Logger LOG = LoggerFactory.getLogger(KeyAuthority.class);

    /** A flip is refused when fewer keys than this many blocks, or 1% of the column type's space, are left. */
    static final int MIN_BLOCKS_LEFT = 100;

    private final DataSource legacy;
    private final KeyAllocator allocator;
    private final Map<String, List<SequenceColumn>> byUnit;
    private final Map<String, Integer> blockSizes;
    private final Map<String, TableDefinition> tables;
    private final KeyFilling filling;

    private KeyAuthority(DataSource legacy, DataSource control, Map<String, List<SequenceColumn>> byUnit, Map<String, Integer> blockSizes,
                         Map<String, TableDefinition> tables) {
        this.legacy = legacy;
        this.byUnit = byUnit;
        this.blockSizes = blockSizes;
        this.tables = tables;
        this.allocator = new KeyAllocator(control, this::nextUnusedOnLegacy);
        Map<String, List<SequenceColumn>> byTable = new LinkedHashMap<>();
        byUnit.values().forEach(list -> list.forEach(c -> byTable.computeIfAbsent(c.table(), t -> new ArrayList<>()).add(c)));
        this.filling = byTable.isEmpty() ? KeyFilling.NONE : new KeyFilling(this::next, byTable);
    }

    /**
     * Reads the sequence-filled columns of every unit table from the legacy catalog; when there are any,
     * takes the control database from {@code control} and creates the allocator's table there. Null when
     * there are none.
     */
    public static KeyAuthority open(DataSource legacy, Supplier<DataSource> control, Collection<MigrationUnitConfig> units,
                                    Map<String, TableDefinition> tables) throws SQLException {
        Map<String, List<SequenceColumn>> byUnit = new LinkedHashMap<>();
        Map<String, Integer> blockSizes = new LinkedHashMap<>();
        try (Connection c = legacy.getConnection()) {
            String schema = c.getSchema() == null ? "public" : c.getSchema();
            for (MigrationUnitConfig unit : units) {
                List<SequenceColumn> found = new ArrayList<>();
                for (String table : unit.tables()) {
                    for (SequenceColumn column : SequenceCatalog.read(c, schema, table)) {
                        if (column.column().matches("[a-z_][a-z0-9_]*")) {
                            found.add(column);
                        } else {
                            LOG.warn("{}: column name needs quoting, so shardbridge does not fill it; once the target is authoritative an INSERT "
                                    + "must give it", column.qualified());
                        }
                    }
                }
                byUnit.put(unit.name(), List.copyOf(found));
                blockSizes.put(unit.name(), unit.keyBlockSize());
            }
        }
        if (byUnit.values().stream().allMatch(List::isEmpty)) {
            return null;
        }
        DataSource store = control.get();
        ControlSchema.apply(store);
        return new KeyAuthority(legacy, store, byUnit, blockSizes, tables);
    }

    public KeyFilling filling() {
        return filling;
    }

    /** The unit's sequence-filled columns. */
    public List<SequenceColumn> columns(String unit) {
        return byUnit.getOrDefault(unit, List.of());
    }

    public KeyAllocator allocator() {
        return allocator;
    }

    long next(String unit, SequenceColumn column, long epoch) throws SQLException {
        return allocator.next(unit, column, epoch, blockSizes.getOrDefault(unit, MigrationUnitConfig.DEFAULT_KEY_BLOCK_SIZE));
    }

    /** The key hand-over of an authority flip; runs with every instance fenced, before the flip is recorded. */
    public void whileFenced(String unit, MigrationPhase from, MigrationPhase to) throws SQLException {
        if (from.authoritative() == to.authoritative()) {
            return;
        }
        if (to.authoritative() == Side.TARGET) {
            seed(unit);
        } else {
            handBack(unit);
        }
    }

    private void seed(String unit) throws SQLException {
        int blockSize = blockSizes.getOrDefault(unit, MigrationUnitConfig.DEFAULT_KEY_BLOCK_SIZE);
        for (SequenceColumn column : columns(unit)) {
            long next = Math.max(nextUnusedOnLegacy(column), allocator.nextUnreserved(unit, column).orElse(0));
            long left = column.maxValue() - next + 1;
            long needed = Math.max((long) MIN_BLOCKS_LEFT * blockSize, column.typeMax() / 100);
            if (left < needed) {
                throw new SQLException("migration unit " + unit + " cannot become authoritative on the target: the keys of " + column.qualified()
                        + " (sequence " + column.sequence() + ") are nearly exhausted — " + Math.max(left, 0) + " left below " + column.maxValue()
                        + ", fewer than " + needed + ". Widen the column first (ALTER TABLE " + column.table() + " ALTER COLUMN " + column.column()
                        + " TYPE bigint on legacy and every shard, and raise the sequence's MAXVALUE); the unit stays where it is.", "22003");
            }
            long seeded = allocator.seedAbove(unit, column, next);
            LOG.info("migration unit {}: keys of {} continue from {} (legacy sequence {})", unit, column.qualified(), seeded, column.sequence());
        }
    }

    private void handBack(String unit) throws SQLException {
        try (Connection c = legacy.getConnection()) {
            c.setAutoCommit(true);
            for (SequenceColumn column : columns(unit)) {
                long reserved = allocator.nextUnreserved(unit, column).orElse(1) - 1;
                if (LegacySequences.moveAbove(c, column, reserved, indexed(column))) {
                    LOG.info("migration unit {}: legacy sequence {} moved past {} (the last key the target could have issued) and every "
                            + "key of {} on legacy", unit, column.sequence(), reserved, column.qualified());
                }
            }
        }
        allocator.forgetBlocks();
    }

    private long nextUnusedOnLegacy(SequenceColumn column) throws SQLException {
        try (Connection c = legacy.getConnection()) {
            return LegacySequences.nextUnused(c, column, indexed(column));
        }
    }

    /** Whether the column alone is the primary key, so its maximum is one index lookup. */
    private boolean indexed(SequenceColumn column) {
        TableDefinition table = tables.get(column.table());
        return table != null && table.primaryKey().size() == 1 && table.primaryKey().get(0).equals(column.column());
    }
}
