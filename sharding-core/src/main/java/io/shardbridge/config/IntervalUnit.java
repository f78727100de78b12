package io.shardbridge.config;

import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The length of one interval for the {@code interval} algorithm. */
public enum IntervalUnit {
    DAYS(ChronoUnit.DAYS),
    MONTHS(ChronoUnit.MONTHS),
    YEARS(ChronoUnit.YEARS);

    private final ChronoUnit chronoUnit;

    IntervalUnit(ChronoUnit chronoUnit) {
        this.chronoUnit = chronoUnit;
    }

    public ChronoUnit chronoUnit() {
        return chronoUnit;
    }

    static IntervalUnit parse(String path, String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, "unknown interval unit '" + text + "'; use days, months or years");
        }
    }
}
