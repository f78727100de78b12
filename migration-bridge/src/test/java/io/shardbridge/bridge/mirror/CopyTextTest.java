package io.shardbridge.bridge.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CopyTextTest {
    private static String text(Object value) {
        StringBuilder out = new StringBuilder();
        CopyText.append(out, value);
        return out.toString();
    }

    @Test
    void everyValueIsWrittenInCopyTextFormatWithNothingThatCouldBreakTheRow() {
        assertThat(text(null)).isEqualTo("\\N");
        assertThat(text("\\N")).as("the text \\N is not NULL").isEqualTo("\\\\N");
        assertThat(text("a\tb\nc\rd\\e 卡 🙂")).isEqualTo("a\\tb\\nc\\rd\\\\e 卡 🙂");
        assertThat(text(new byte[] {0, (byte) 0xff, 0})).isEqualTo("\\\\x00ff00");
        assertThat(text(new byte[0])).isEqualTo("\\\\x");
        assertThat(text(true)).isEqualTo("t");
        assertThat(text(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(text(Double.NaN)).isEqualTo("NaN");
        assertThat(text(Float.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(text(OffsetDateTime.of(2026, 3, 29, 1, 30, 0, 654_321_000, ZoneOffset.ofHours(1)))).isEqualTo("2026-03-29 01:30:00.654321+01:00");
        assertThat(text(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))).isEqualTo("1970-01-01 00:00+00:00");
        assertThat(text(LocalDateTime.of(2026, 3, 29, 1, 30, 0, 123_456_000))).isEqualTo("2026-03-29 01:30:00.123456");
        assertThat(text(LocalDate.of(1, 1, 1))).isEqualTo("0001-01-01");
        assertThat(text(LocalTime.of(23, 59, 59, 999_999_000))).isEqualTo("23:59:59.999999");
    }
}
