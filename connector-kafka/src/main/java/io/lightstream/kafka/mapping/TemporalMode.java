package io.lightstream.kafka.mapping;

import java.util.Locale;

/**
 * How Arrow times and timestamps finer than a millisecond become Connect values. Connect's own
 * {@code Time} and {@code Timestamp} logical types hold milliseconds only.
 */
public enum TemporalMode {
    /**
     * Keep every digit: microsecond and nanosecond times and timestamps become INT64 values under
     * the logical names {@link ArrowParameters#TIME_NAME} and {@link ArrowParameters#TIMESTAMP_NAME}
     * with the unit in {@link ArrowParameters#UNIT}. Second and millisecond columns still use the
     * Connect logical types, which hold them exactly.
     */
    PRECISE,
    /**
     * Use the Connect {@code Time} and {@code Timestamp} logical types for every unit, so every
     * converter and transformation understands the column; digits below the millisecond are dropped
     * (rounded toward negative infinity). The unit is kept in a parameter so the sink restores the
     * column type.
     */
    CONNECT;

    /** Parses {@code precise} or {@code connect}, case-insensitively. */
    public static TemporalMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown temporal mode '" + text + "' (expected precise or connect)");
        }
    }
}
