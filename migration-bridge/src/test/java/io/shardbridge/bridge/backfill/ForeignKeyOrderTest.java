package io.shardbridge.bridge.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForeignKeyOrderTest {
    @Test
    void parentsComeFirstAndTheListOrderBreaksTies() {
        List<String> tables = List.of("order_line", "audit", "stock", "warehouse", "item");
        Map<String, Set<String>> parents = Map.of("order_line", Set.of("stock"), "stock", Set.of("warehouse", "item"));
        assertThat(ForeignKeyOrder.sort(tables, parents)).containsExactly("audit", "warehouse", "item", "stock", "order_line");
    }

    @Test
    void aCycleKeepsTheListOrderForItsTables() {
        List<String> tables = List.of("a", "b", "c");
        Map<String, Set<String>> parents = Map.of("a", Set.of("b"), "b", Set.of("a"));
        assertThat(ForeignKeyOrder.sort(tables, parents)).containsExactly("c", "a", "b");
    }
}
