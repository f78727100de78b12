package io.shardbridge.bridge.row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The text forms values take where no bind carries them: arrays as JSON and back, intervals, temporals in COPY text. */
class MysqlFormTextTest {
    @Test
    void arraysGoToJsonAndComeBackAsPostgresPrintsThem() {
        String[][] cases = {
                {"{{1,NULL},{3,4}}", "integer", "[[1,null],[3,4]]"},
                {"{\"\",\"a,b\",\"q\\\"uote\",NULL,\"NULL\",\"null\",\"x y\",汉字,\"back\\\\slash\",\"{brace}\"}", "text",
                        "[\"\",\"a,b\",\"q\\\"uote\",null,\"NULL\",\"null\",\"x y\",\"汉字\",\"back\\\\slash\",\"{brace}\"]"},
                {"{1.50,-0,1e+20,5e-324}", "double precision", "[1.50,-0,1e+20,5e-324]"},
                {"{t,f,NULL}", "boolean", "[true,false,null]"},
                {"{}", "integer", "[]"},
                {"{(1,1),(0,0);(2,2),(1,1)}", "box", "[\"(1,1),(0,0)\",\"(2,2),(1,1)\"]"},
        };
        for (String[] c : cases) {
            assertThat(PgArrayText.toJson(c[0], c[1])).as(c[0]).isEqualTo(c[2]);
            assertThat(PgArrayText.fromJson(c[2], c[1])).as(c[2]).isEqualTo(c[0]);
        }
        assertThatThrownBy(() -> PgArrayText.toJson("{1,NaN}", "numeric")).hasMessageContaining("NaN");
        assertThatThrownBy(() -> PgArrayText.toJson("[0:1]={1,2}", "integer")).hasMessageContaining("lower bound");
    }

    @Test
    void intervalsKeepMonthsDaysAndMicrosecondsApart() {
        assertThat(IntervalText.canonical("1 year 2 mons -3 days +04:05:06.000001")).isEqualTo("P14M-3DT14706.000001S");
        assertThat(IntervalText.canonical("-178000000 years")).isEqualTo("P-2136000000M0DT0S");
        assertThat(IntervalText.canonical("00:00:00")).isEqualTo("P0M0DT0S");
        assertThat(IntervalText.canonical("-00:00:00.000001")).isEqualTo("P0M0DT-0.000001S");
        assertThat(IntervalText.canonical("1 day -00:00:01")).isEqualTo("P0M1DT-1S");
        assertThat(IntervalText.canonical("-100:00:00.5")).isEqualTo("P0M0DT-360000.5S");
        assertThat(IntervalText.canonical("1 mon")).isNotEqualTo(IntervalText.canonical("30 days"));
        assertThat(IntervalText.canonical("P14M-3DT14706.0000010S")).isEqualTo("P14M-3DT14706.000001S");
    }

    @Test
    void temporalsSpellOutInfinityBcAndLongYears() {
        assertThat(PgTemporalText.of(OffsetDateTime.MAX)).isEqualTo("infinity");
        assertThat(PgTemporalText.of(LocalDateTime.MIN)).isEqualTo("-infinity");
        assertThat(PgTemporalText.of(LocalDate.of(-43, 3, 15))).isEqualTo("0044-03-15 BC");
        assertThat(PgTemporalText.of(LocalDate.of(5874897, 12, 31))).isEqualTo("5874897-12-31");
        assertThat(PgTemporalText.of(LocalTime.MAX)).isEqualTo("24:00:00");
        assertThat(PgTemporalText.of(OffsetDateTime.of(-4712, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(2)))).isEqualTo("4713-01-01 00:00+02:00 BC");
    }
}
