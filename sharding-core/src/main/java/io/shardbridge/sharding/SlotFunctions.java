package io.shardbridge.sharding;

import io.shardbridge.config.TableRule;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.List;

/**
 * The four algorithms of the configuration contract, as {@link SlotFunction}s.
 *
 * <p><b>A NULL shard key lives in slot 0</b> (the first physical table of the first shard), whatever the
 * algorithm. An ORM may insert a row before it knows the key (Hibernate's unidirectional
 * {@code @OneToMany @JoinColumn} sets the foreign key with a second statement), so such a row needs a
 * place until the key is set, and then moves. Slot 0 because it is the one slot every algorithm has for
 * every key type and shard count (a hash of "null" would depend on the key's type, a range algorithm has no
 * boundary below NULL), and because no range query can need it: SQL compares NULL with nothing, so a
 * range predicate never selects a NULL key and {@link #slotsFor} stays as it is; {@code IS NULL} names no
 * value and is routed to every slot.
 */
public final class SlotFunctions {
    /** Where a row whose shard key is NULL lives, for every algorithm. */
    public static final int NULL_KEY_SLOT = 0;

    private SlotFunctions() {
    }

    public static SlotFunction forRule(TableRule rule, int shardCount) {
        int slots = rule.tablesPerShard() * shardCount;
        SlotFunction function = switch (rule.algorithm()) {
            case MOD -> new Mod(rule.name(), slots);
            case HASH_MOD -> new HashMod(rule.name(), slots);
            case RANGE -> new Range(rule.name(), rule.boundaries());
            case INTERVAL -> new Interval(rule.name(), slots, rule.intervalStart(), rule);
        };
        return new NullInSlotZero(function);
    }

    /** Places a NULL key in {@link #NULL_KEY_SLOT}; every other value as the algorithm does. */
    private record NullInSlotZero(SlotFunction algorithm) implements SlotFunction {
        @Override
        public int slotOf(Object value) {
            return value == null ? NULL_KEY_SLOT : algorithm.slotOf(value);
        }

        @Override
        public BitSet slotsFor(KeyRange range) {
            return algorithm.slotsFor(range);
        }
    }

    static BitSet allSlots(int slots) {
        BitSet all = new BitSet(slots);
        all.set(0, slots);
        return all;
    }

    private record Mod(String table, int slots) implements SlotFunction {
        @Override
        public int slotOf(Object value) {
            return KeyValues.integral(value, table).mod(BigInteger.valueOf(slots)).intValue();
        }

        @Override
        public BitSet slotsFor(KeyRange range) {
            if (range.lower() == null || range.upper() == null) {
                return allSlots(slots);
            }
            BigInteger low = ceil(KeyValues.decimal(range.lower(), table), range.lowerInclusive());
            BigInteger high = floor(KeyValues.decimal(range.upper(), table), range.upperInclusive());
            if (high.subtract(low).compareTo(BigInteger.valueOf(slots)) >= 0) {
                return allSlots(slots);
            }
            BitSet out = new BitSet(slots);
            for (BigInteger k = low; k.compareTo(high) <= 0; k = k.add(BigInteger.ONE)) {
                out.set(k.mod(BigInteger.valueOf(slots)).intValue());
            }
            return out;
        }

        private static BigInteger ceil(BigDecimal v, boolean inclusive) {
            BigInteger c = v.setScale(0, java.math.RoundingMode.CEILING).toBigIntegerExact();
            return !inclusive && new BigDecimal(c).compareTo(v) == 0 ? c.add(BigInteger.ONE) : c;
        }

        private static BigInteger floor(BigDecimal v, boolean inclusive) {
            BigInteger f = v.setScale(0, java.math.RoundingMode.FLOOR).toBigIntegerExact();
            return !inclusive && new BigDecimal(f).compareTo(v) == 0 ? f.subtract(BigInteger.ONE) : f;
        }
    }

    private record HashMod(String table, int slots) implements SlotFunction {
        @Override
        public int slotOf(Object value) {
            return (int) Math.floorMod(KeyValues.stableHash(value, table), (long) slots);
        }

        @Override
        public BitSet slotsFor(KeyRange range) {
            return allSlots(slots);
        }
    }

    /** Slot i holds keys in [boundary(i-1), boundary(i)); slot 0 is unbounded below, the last unbounded above. */
    private record Range(String table, List<BigDecimal> boundaries) implements SlotFunction {
        @Override
        public int slotOf(Object value) {
            return slotOfDecimal(KeyValues.decimal(value, table));
        }

        private int slotOfDecimal(BigDecimal key) {
            int low = 0;
            int high = boundaries.size();
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (boundaries.get(mid).compareTo(key) <= 0) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }

        @Override
        public BitSet slotsFor(KeyRange range) {
            int from = range.lower() == null ? 0 : slotOf(range.lower());
            int to = range.upper() == null ? boundaries.size() : slotOf(range.upper());
            BitSet out = new BitSet(boundaries.size() + 1);
            out.set(from, to + 1);
            return out;
        }
    }

    /** Interval n (counted from interval-start) lives in slot n mod slots, so time wraps round the tables. */
    private record Interval(String table, int slots, LocalDate start, TableRule rule) implements SlotFunction {
        @Override
        public int slotOf(Object value) {
            return (int) Math.floorMod(period(value), (long) slots);
        }

        private long period(Object value) {
            LocalDate date = KeyValues.date(value, table);
            long units = rule.intervalUnit().chronoUnit().between(start, date);
            if (date.isBefore(start) && !start.plus(units, rule.intervalUnit().chronoUnit()).equals(date)) {
                units -= 1; // between() truncates toward zero; intervals before the start round down
            }
            return Math.floorDiv(units, rule.intervalAmount());
        }

        @Override
        public BitSet slotsFor(KeyRange range) {
            if (range.lower() == null || range.upper() == null) {
                return allSlots(slots);
            }
            long from = period(range.lower());
            long to = period(range.upper());
            if (to - from + 1 >= slots || to < from) {
                return allSlots(slots);
            }
            BitSet out = new BitSet(slots);
            for (long p = from; p <= to; p++) {
                out.set((int) Math.floorMod(p, (long) slots));
            }
            return out;
        }
    }
}
