package io.shardbridge.bridge.row;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/**
 * {@code java.time} values as PostgreSQL's input syntax, for the places that write text rather than bind
 * (COPY). The JDBC driver reads PostgreSQL's special values into the {@code java.time} extremes and binds
 * them back the same way; text must spell them out: {@code MAX}/{@code MIN} are {@code infinity}/{@code
 * -infinity}, {@code LocalTime.MAX} is {@code 24:00:00}, a year ≤ 0 is a year BC (ISO year 0 = 1 BC),
 * and a year beyond 9999 is written without ISO's {@code +}.
 */
public final class PgTemporalText {
    private PgTemporalText() {
    }

    /** The text of a temporal value, or null when {@code value} is not one. */
    public static String of(Object value) {
        if (value instanceof OffsetDateTime t) {
            if (t.equals(OffsetDateTime.MAX)) {
                return "infinity";
            }
            if (t.equals(OffsetDateTime.MIN)) {
                return "-infinity";
            }
            String offset = t.getOffset().getId().equals("Z") ? "+00:00" : t.getOffset().getId();
            return withEra(t.toLocalDate(), " " + time(t.toLocalTime()) + offset);
        }
        if (value instanceof LocalDateTime t) {
            if (t.equals(LocalDateTime.MAX)) {
                return "infinity";
            }
            if (t.equals(LocalDateTime.MIN)) {
                return "-infinity";
            }
            return withEra(t.toLocalDate(), " " + time(t.toLocalTime()));
        }
        if (value instanceof LocalDate d) {
            if (d.equals(LocalDate.MAX)) {
                return "infinity";
            }
            if (d.equals(LocalDate.MIN)) {
                return "-infinity";
            }
            return withEra(d, "");
        }
        if (value instanceof LocalTime t) {
            return t.equals(LocalTime.MAX) ? "24:00:00" : time(t);
        }
        return null;
    }

    private static String time(LocalTime t) {
        return t.toString();
    }

    private static String withEra(LocalDate date, String rest) {
        int year = date.getYear();
        boolean bc = year <= 0;
        String y = String.valueOf(bc ? 1 - year : year);
        StringBuilder out = new StringBuilder(32);
        out.append("0".repeat(Math.max(0, 4 - y.length()))).append(y);
        out.append('-').append(two(date.getMonthValue())).append('-').append(two(date.getDayOfMonth())).append(rest);
        return bc ? out.append(" BC").toString() : out.toString();
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }
}
