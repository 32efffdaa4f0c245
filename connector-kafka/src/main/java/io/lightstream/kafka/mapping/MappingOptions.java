package io.lightstream.kafka.mapping;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Choices the Arrow and Connect mapping leaves to the user.
 *
 * @param temporalMode how sub-millisecond times and timestamps are represented in Connect
 * @param defaultDecimalPrecision Arrow precision for a Connect {@code Decimal} that carries no
 *     {@link ArrowParameters#DECIMAL_PRECISION} parameter (1..76)
 * @param defaultTimezone Arrow time zone for a plain Connect {@code Timestamp}; null writes
 *     timestamps without a time zone
 */
public record MappingOptions(TemporalMode temporalMode, int defaultDecimalPrecision, String defaultTimezone) {
    /** Precise temporal values, precision 38, timestamps in UTC. */
    public static final MappingOptions DEFAULT = new MappingOptions(TemporalMode.PRECISE, 38, "UTC");

    public MappingOptions {
        Objects.requireNonNull(temporalMode, "temporalMode");
        if (defaultDecimalPrecision < 1 || defaultDecimalPrecision > 76) {
            throw new IllegalArgumentException("default decimal precision must be 1..76, got " + defaultDecimalPrecision);
        }
        if (defaultTimezone != null) {
            ZoneId.of(defaultTimezone);
        }
    }
}
