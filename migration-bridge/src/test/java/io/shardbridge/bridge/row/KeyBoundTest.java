package io.shardbridge.bridge.row;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.config.Dialect;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyBoundTest {
    private static final List<String> KEY = List.of("w", "d", "o");

    private static RowImage row() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("w", 5);
        values.put("d", "d1");
        values.put("o", 7L);
        return new RowImage("t", values);
    }

    @Test
    void postgresqlComparesRowValues() {
        KeyBound after = KeyBound.of(Dialect.POSTGRESQL, KEY, row(), true);
        assertThat(after.sql()).isEqualTo("(\"w\", \"d\", \"o\") > (?, ?, ?)");
        assertThat(after.values()).containsExactly(5, "d1", 7L);
        assertThat(KeyBound.of(Dialect.POSTGRESQL, KEY, row(), false).sql()).isEqualTo("(\"w\", \"d\", \"o\") <= (?, ?, ?)");
    }

    @Test
    void mysqlNestsTheOrderWithTheLeadingColumnBounded() {
        KeyBound after = KeyBound.of(Dialect.MYSQL, KEY, KEY, row(), true);
        assertThat(after.sql()).isEqualTo("(w >= ? AND (w > ? OR (w = ? AND (d > ? OR (d = ? AND o > ?)))))");
        assertThat(after.values()).containsExactly(5, 5, 5, "d1", "d1", 7L);
        KeyBound upTo = KeyBound.of(Dialect.MYSQL, KEY, KEY, row(), false);
        assertThat(upTo.sql()).isEqualTo("(w <= ? AND (w < ? OR (w = ? AND (d < ? OR (d = ? AND o <= ?)))))");
    }

    /** Through the router: no OR for it to expand into a conjunction no shard holds; MySQL keeps an index range on the leading column. */
    @Test
    void theRoutersFormHasNoOr() {
        assertThat(KeyBound.of(Dialect.POSTGRESQL, KEY, row(), true).sql()).isEqualTo("(\"w\", \"d\", \"o\") > (?, ?, ?)");
        KeyBound mysql = KeyBound.of(Dialect.MYSQL, KEY, row(), false);
        assertThat(mysql.sql()).isEqualTo("(w <= ? AND (w, d, o) <= (?, ?, ?))");
        assertThat(mysql.values()).containsExactly(5, 5, "d1", 7L);
    }

    @Test
    void aSingleColumnKeyIsAPlainComparison() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", 3L);
        RowImage one = new RowImage("t", values);
        assertThat(KeyBound.of(Dialect.MYSQL, List.of("id"), one, true).sql()).isEqualTo("id > ?");
        assertThat(KeyBound.of(Dialect.POSTGRESQL, List.of("id"), one, false).sql()).isEqualTo("\"id\" <= ?");
    }
}
