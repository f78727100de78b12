package io.shardbridge.bridge.row;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code interval} as one canonical text: {@code P<months>M<days>DT<seconds>S}, PostgreSQL's three
 * fields kept apart ({@code 1 mon} and {@code 30 days} are different values to a ledger, though PostgreSQL's
 * {@code =} calls them equal), seconds exact to the microsecond without trailing zeros. It is how a MySQL
 * shard holds an interval (PostgreSQL reads it back as the same interval: it is an ISO 8601 duration) and
 * how verification encodes one on every engine, whatever the server's {@code IntervalStyle}.
 */
public final class IntervalText {
    private static final Pattern CANONICAL = Pattern.compile("^P(-?\\d+)M(-?\\d+)DT(-?\\d+(?:\\.\\d+)?)S$");
    private static final Pattern FIELD = Pattern.compile("([+-]?\\d+) (years?|mons?|days?)");
    private static final Pattern TIME = Pattern.compile("([+-]?)(\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)");

    private IntervalText() {
    }

    /**
     * The canonical text of an interval printed by PostgreSQL ({@code IntervalStyle} postgres, the default:
     * {@code 1 year 2 mons -3 days +04:05:06.000001}) or already canonical.
     */
    public static String canonical(String text) {
        String t = text.trim();
        Matcher c = CANONICAL.matcher(t);
        if (c.matches()) {
            return format(new BigInteger(c.group(1)), new BigInteger(c.group(2)), new BigDecimal(c.group(3)));
        }
        BigInteger months = BigInteger.ZERO;
        BigInteger days = BigInteger.ZERO;
        BigDecimal seconds = BigDecimal.ZERO;
        String rest = t;
        Matcher f = FIELD.matcher(t);
        int end = 0;
        while (f.find()) {
            if (!t.substring(end, f.start()).isBlank()) {
                throw unreadable(text);
            }
            BigInteger n = new BigInteger(f.group(1).replace("+", ""));
            switch (f.group(2).charAt(0)) {
                case 'y' -> months = months.add(n.multiply(BigInteger.valueOf(12)));
                case 'm' -> months = months.add(n);
                default -> days = days.add(n);
            }
            end = f.end();
        }
        rest = t.substring(end).trim();
        if (!rest.isEmpty()) {
            Matcher m = TIME.matcher(rest);
            if (!m.matches()) {
                throw unreadable(text);
            }
            seconds = new BigDecimal(m.group(2)).multiply(BigDecimal.valueOf(3600)).add(new BigDecimal(m.group(3)).multiply(BigDecimal.valueOf(60)))
                    .add(new BigDecimal(m.group(4)));
            if (m.group(1).equals("-")) {
                seconds = seconds.negate();
            }
        }
        return format(months, days, seconds);
    }

    private static String format(BigInteger months, BigInteger days, BigDecimal seconds) {
        String s = seconds.signum() == 0 ? "0" : seconds.stripTrailingZeros().toPlainString();
        return "P" + months + "M" + days + "DT" + s + "S";
    }

    private static IllegalArgumentException unreadable(String text) {
        return new IllegalArgumentException("interval '" + text + "' is not in PostgreSQL's default output style (IntervalStyle postgres); "
                + "set IntervalStyle = postgres for shardbridge's connections");
    }
}
