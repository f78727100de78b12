package io.shardbridge.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.config.IntervalUnit;
import io.shardbridge.config.ShardAlgorithm;
import io.shardbridge.config.TableRule;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ShardLayoutTest {
    private static final List<String> SHARDS = List.of("ds0", "ds1");

    private static ShardLayout layout(ShardAlgorithm algorithm, List<BigDecimal> boundaries) {
        return new ShardLayout(new TableRule("t", "k", 2, algorithm, boundaries, null, null, 1, Optional.empty()), SHARDS);
    }

    @Test
    void modFillsOneShardsTablesBeforeTheNext() {
        ShardLayout mod = layout(ShardAlgorithm.MOD, List.of());
        assertThat(mod.locate(0L)).isEqualTo(new PhysicalTable("ds0", "t_0"));
        assertThat(mod.locate(1)).isEqualTo(new PhysicalTable("ds0", "t_1"));
        assertThat(mod.locate(2L)).isEqualTo(new PhysicalTable("ds1", "t_0"));
        assertThat(mod.locate(new BigDecimal("7"))).isEqualTo(new PhysicalTable("ds1", "t_1"));
        assertThat(mod.locate(-1L)).isEqualTo(new PhysicalTable("ds1", "t_1"));
        assertThatThrownBy(() -> mod.locate("abc")).isInstanceOf(ShardbridgeException.class).hasMessageContaining("table t");
    }

    @Test
    void aNullKeyLivesInSlotZeroWithEveryAlgorithm() {
        for (ShardAlgorithm algorithm : ShardAlgorithm.values()) {
            List<BigDecimal> boundaries = algorithm == ShardAlgorithm.RANGE ? List.of(new BigDecimal("100"), new BigDecimal("200"),
                    new BigDecimal("300")) : List.of();
            if (algorithm == ShardAlgorithm.INTERVAL) {
                continue; // needs a date rule: see intervalWrapsMonthsRoundTheTablesIncludingBeforeTheStart
            }
            assertThat(layout(algorithm, boundaries).locate(null)).as(algorithm.name()).isEqualTo(new PhysicalTable("ds0", "t_0"));
        }
    }

    @Test
    void modPrunesShortRangesOnly() {
        ShardLayout mod = layout(ShardAlgorithm.MOD, List.of());
        assertThat(mod.physicalTablesFor(new KeyRange(5L, true, 6L, true)))
                .containsExactly(new PhysicalTable("ds0", "t_1"), new PhysicalTable("ds1", "t_0"));
        assertThat(mod.physicalTablesFor(new KeyRange(5L, false, 6L, true))).containsExactly(new PhysicalTable("ds1", "t_0"));
        assertThat(mod.physicalTablesFor(new KeyRange(0L, true, 100L, true))).hasSize(4);
        assertThat(mod.physicalTablesFor(KeyRange.all())).hasSize(4);
    }

    @Test
    void hashModAgreesAcrossIntegerWidthsAndSpreadsEvenly() {
        ShardLayout hash = layout(ShardAlgorithm.HASH_MOD, List.of());
        for (long k = 0; k < 100; k++) {
            assertThat(hash.locate((int) k)).isEqualTo(hash.locate(k)).isEqualTo(hash.locate(BigDecimal.valueOf(k)));
        }
        Map<PhysicalTable, Integer> counts = new HashMap<>();
        for (long k = 0; k < 40_000; k++) {
            counts.merge(hash.locate(k), 1, Integer::sum);
        }
        assertThat(counts).hasSize(4);
        assertThat(counts.values()).allMatch(n -> n > 9_000 && n < 11_000);
        UUID id = UUID.randomUUID();
        assertThat(hash.locate(id)).isEqualTo(hash.locate(id.toString()));
    }

    @Test
    void rangeUsesHalfOpenIntervalsAndPrunes() {
        ShardLayout range = layout(ShardAlgorithm.RANGE, List.of(new BigDecimal(100), new BigDecimal(200), new BigDecimal(300)));
        assertThat(range.locate(99L)).isEqualTo(new PhysicalTable("ds0", "t_0"));
        assertThat(range.locate(100L)).isEqualTo(new PhysicalTable("ds0", "t_1"));
        assertThat(range.locate(-5L)).isEqualTo(new PhysicalTable("ds0", "t_0"));
        assertThat(range.locate(10_000L)).isEqualTo(new PhysicalTable("ds1", "t_1"));
        assertThat(range.physicalTablesFor(new KeyRange(150L, true, 250L, true)))
                .containsExactly(new PhysicalTable("ds0", "t_1"), new PhysicalTable("ds1", "t_0"));
        assertThat(range.physicalTablesFor(new KeyRange(250L, true, null, false))).hasSize(2);
    }

    @Test
    void intervalWrapsMonthsRoundTheTablesIncludingBeforeTheStart() {
        ShardLayout interval = new ShardLayout(new TableRule("e", "day", 2, ShardAlgorithm.INTERVAL, List.of(),
                LocalDate.of(2024, 1, 1), IntervalUnit.MONTHS, 1, Optional.empty()), SHARDS);
        assertThat(interval.locate(LocalDate.of(2024, 1, 31))).isEqualTo(new PhysicalTable("ds0", "e_0"));
        assertThat(interval.locate(java.sql.Date.valueOf("2024-02-01"))).isEqualTo(new PhysicalTable("ds0", "e_1"));
        assertThat(interval.locate(java.sql.Timestamp.valueOf("2024-05-03 10:00:00"))).isEqualTo(new PhysicalTable("ds0", "e_0"));
        assertThat(interval.locate(LocalDate.of(2023, 12, 15))).isEqualTo(new PhysicalTable("ds1", "e_1"));
        assertThat(interval.locate(LocalDate.of(2023, 12, 1))).isEqualTo(new PhysicalTable("ds1", "e_1"));
        assertThat(interval.physicalTablesFor(new KeyRange(LocalDate.of(2024, 3, 1), true, LocalDate.of(2024, 4, 30), true)))
                .containsExactly(new PhysicalTable("ds1", "e_0"), new PhysicalTable("ds1", "e_1"));
        assertThatThrownBy(() -> interval.locate(42L)).hasMessageContaining("not a date or timestamp");
        assertThat(interval.locate(null)).isEqualTo(new PhysicalTable("ds0", "e_0")); // a NULL key: slot 0
    }
}
