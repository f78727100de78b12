package io.shardbridge.bridge.verify;

import io.shardbridge.bridge.row.KeyOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.schema.ColumnDefinition;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGobject;

/** The properties DESIGN §7 asks of the encoding, checked on the oracle itself. */
class CanonicalEncodingTest {
    private static ColumnDefinition column(String name, String type) {
        return new ColumnDefinition(name, type, false, Optional.empty(), false);
    }

    private static final List<ColumnDefinition> TWO_TEXTS = List.of(column("a", "text"), column("b", "text"));

    @Test
    void valuesDoNotRunIntoEachOther() {
        String joinedLeft = CanonicalEncoding.encodeRow(TWO_TEXTS, Map.of("a", "a|", "b", "b")::get);
        String joinedRight = CanonicalEncoding.encodeRow(TWO_TEXTS, Map.of("a", "a", "b", "|b")::get);
        assertThat(joinedLeft).isNotEqualTo(joinedRight);
        assertThat(CanonicalEncoding.encodeRow(TWO_TEXTS, Map.of("a", "S1:x", "b", "")::get))
                .isNotEqualTo(CanonicalEncoding.encodeRow(TWO_TEXTS, Map.of("a", "", "b", "S1:x")::get));
    }

    @Test
    void nullIsNotTheEmptyString() {
        assertThat(CanonicalEncoding.encodeValue(column("t", "text"), null)).isEqualTo("N");
        assertThat(CanonicalEncoding.encodeValue(column("t", "text"), "")).isEqualTo("S0:");
        assertThat(CanonicalEncoding.encodeValue(column("t", "text"), "N")).isEqualTo("S1:N");
    }

    @Test
    void numericsAreTheirExactValueWithoutScalePadding() {
        ColumnDefinition n = column("n", "numeric(38,10)");
        assertThat(CanonicalEncoding.encodeValue(n, new BigDecimal("1.50"))).isEqualTo(CanonicalEncoding.encodeValue(n, new BigDecimal("1.5")));
        assertThat(CanonicalEncoding.encodeValue(n, new BigDecimal("100.000"))).isEqualTo("D100;");
        assertThat(CanonicalEncoding.encodeValue(n, new BigDecimal("0.000"))).isEqualTo("D0;");
        assertThat(CanonicalEncoding.encodeValue(n, new BigDecimal("1.51"))).isNotEqualTo(CanonicalEncoding.encodeValue(n, new BigDecimal("1.5")));
    }

    @Test
    void jsonIgnoresKeyOrderAndWhitespaceButNotValues() throws Exception {
        ColumnDefinition j = column("j", "jsonb");
        PGobject a = new PGobject();
        a.setType("jsonb");
        a.setValue("{\"b\": [1, 2.50], \"a\": {\"y\": null, \"x\": \"s p\"}}");
        assertThat(CanonicalEncoding.encodeValue(j, a)).isEqualTo(CanonicalEncoding.encodeValue(j, "{\"a\":{\"x\":\"s p\",\"y\":null},\"b\":[1,2.5]}"));
        assertThat(CanonicalEncoding.encodeValue(j, a)).isNotEqualTo(CanonicalEncoding.encodeValue(j, "{\"a\":{\"x\":\"sp\",\"y\":null},\"b\":[1,2.5]}"));
        assertThat(CanonicalEncoding.encodeValue(j, "[1,2]")).isNotEqualTo(CanonicalEncoding.encodeValue(j, "[2,1]"));
    }

    @Test
    void charPadIsNotDataButOtherTrailingWhitespaceIs() {
        ColumnDefinition c = column("c", "character(5)");
        assertThat(CanonicalEncoding.encodeValue(c, "ab   ")).isEqualTo(CanonicalEncoding.encodeValue(c, "ab"));
        assertThat(CanonicalEncoding.encodeValue(c, "ab\t")).isNotEqualTo(CanonicalEncoding.encodeValue(c, "ab"));
    }

    @Test
    void aChecksumIsASumWithACountSoDuplicatesAndZeroHashesShow() {
        long h = CanonicalEncoding.hash("I1;");
        ChunkChecksum once = new ChunkChecksum(1, h);
        ChunkChecksum twice = once.plus(once);
        assertThat(twice).isNotEqualTo(ChunkChecksum.EMPTY); // XOR would cancel the pair
        assertThat(once.plus(new ChunkChecksum(1, 0))).isNotEqualTo(once); // a zero hash still counts a row
        assertThat(twice.minus(once)).isEqualTo(once);
    }

    @Test
    void keysOrderByCodePointNotUtf16() {
        // U+FF5E (fullwidth tilde) sorts after U+1F642 (emoji) in UTF-16, before it in UTF-8 bytes and code points
        assertThat(KeyOrder.compare("\uFF5E", "🙂")).isNegative();
        assertThat("\uFF5E".compareTo("🙂")).isPositive();
        assertThat(KeyOrder.compare(java.util.UUID.fromString("80000000-0000-0000-0000-000000000000"),
                java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"))).isPositive();
    }
}
