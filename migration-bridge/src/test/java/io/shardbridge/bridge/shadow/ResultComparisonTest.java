package io.shardbridge.bridge.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultComparisonTest {
    @Test
    void valuesCompareByMeaningAcrossEngines() {
        assertThat(ResultComparison.row(new BigDecimal("1.50"), 7, true, new byte[] {1, 2}))
                .isEqualTo(ResultComparison.row(new BigDecimal("1.5"), 7L, 1, new byte[] {1, 2}));
        assertThat(ResultComparison.row(new BigDecimal("0.00"))).isEqualTo(ResultComparison.row(0));
        assertThat(ResultComparison.row("a")).isNotEqualTo(ResultComparison.row("a "));
        assertThat(ResultComparison.row((Object) null)).isNotEqualTo(ResultComparison.row(""));
    }

    @Test
    void rowOrderMattersOnlyWhenTheSqlOrdersItsRows() {
        List<List<Object>> a = List.of(ResultComparison.row(1), ResultComparison.row(2), ResultComparison.row(2));
        List<List<Object>> b = List.of(ResultComparison.row(2), ResultComparison.row(1), ResultComparison.row(2));
        assertThat(ResultComparison.difference(a, b, false)).isNull();
        assertThat(ResultComparison.difference(a, b, true)).contains("row 1");
        assertThat(ResultComparison.difference(a, List.of(ResultComparison.row(1), ResultComparison.row(2), ResultComparison.row(3)), false))
                .as("a duplicate row cannot stand in for a different one").isNotNull();
        assertThat(ResultComparison.ordered("SELECT * FROM t WHERE a = ? ORDER BY id DESC")).isTrue();
        assertThat(ResultComparison.ordered("SELECT * FROM (SELECT * FROM t ORDER BY id) x WHERE a = ?")).isFalse();
        assertThat(ResultComparison.ordered("SELECT count(*) FROM t")).isFalse();
    }
}
