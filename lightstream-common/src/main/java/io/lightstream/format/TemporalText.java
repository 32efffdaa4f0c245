package io.lightstream.format;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import org.apache.arrow.vector.types.TimeUnit;

/**
 * ISO-8601 text of Arrow dates, times and timestamps, as the text formats (CSV, JSON) write and
 * read them.
 *
 * <p>Dates are {@code yyyy-MM-dd}; times {@code HH:mm:ss[.fraction]}; timestamps {@code
 * yyyy-MM-ddTHH:mm:ss[.fraction]}, followed by {@code Z} when the Arrow type has a time zone (the
 * stored value is a UTC instant, so it is written in UTC). The fraction has exactly the digits the
 * unit carries and is dropped when zero. Reading accepts a space instead of {@code T}, any fraction
 * length up to nanoseconds, and an optional {@code Z} or {@code ±HH:MM} offset (the instant is
 * converted to UTC). Stateless and thread-safe.
 */
public final class TemporalText {
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private TemporalText() {}

    public static long perSecond(TimeUnit unit) {
        return switch (unit) {
            case SECOND -> 1L;
            case MILLISECOND -> 1_000L;
            case MICROSECOND -> 1_000_000L;
            case NANOSECOND -> 1_000_000_000L;
        };
    }

    public static String date(long epochDay) {
        return LocalDate.ofEpochDay(epochDay).toString();
    }

    /** Days since the epoch. */
    public static long parseDate(CharSequence text) {
        return LocalDate.parse(text).toEpochDay();
    }

    /** A time of day from a count of {@code unit} since midnight. */
    public static String time(long value, TimeUnit unit) {
        long ps = perSecond(unit);
        long seconds = Math.floorDiv(value, ps);
        long frac = Math.floorMod(value, ps);
        LocalTime t = LocalTime.ofSecondOfDay(seconds);
        StringBuilder sb = new StringBuilder(18);
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        fraction(sb, frac, ps);
        return sb.toString();
    }

    public static long parseTime(CharSequence text, TimeUnit unit) {
        LocalTime t = LocalTime.from(TIME.parse(text));
        return t.toNanoOfDay() / (1_000_000_000L / perSecond(unit));
    }

    /** A timestamp from a count of {@code unit} since the epoch; {@code utc} appends {@code Z}. */
    public static String timestamp(long value, TimeUnit unit, boolean utc) {
        long ps = perSecond(unit);
        long seconds = Math.floorDiv(value, ps);
        long frac = Math.floorMod(value, ps);
        LocalDateTime dt = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(32);
        sb.append(dt.toLocalDate()).append('T');
        two(sb, dt.getHour()).append(':');
        two(sb, dt.getMinute()).append(':');
        two(sb, dt.getSecond());
        fraction(sb, frac, ps);
        if (utc) {
            sb.append('Z');
        }
        return sb.toString();
    }

    /**
     * A count of {@code unit} since the epoch; a text with an offset is converted to UTC, one without
     * is taken as written (UTC wall-clock for zoned types).
     *
     * @throws DateTimeException if the text is not an ISO date-time or overflows the unit
     */
    public static long parseTimestamp(CharSequence text, TimeUnit unit) {
        var parsed = LOCAL.parse(text);
        Instant instant;
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            instant = OffsetDateTime.from(parsed).toInstant();
        } else {
            instant = LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
        }
        long ps = perSecond(unit);
        long nanosPerUnit = 1_000_000_000L / ps;
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), ps), instant.getNano() / nanosPerUnit);
    }

    /** Whether the text is an ISO date-time this class reads (used by CSV type inference). */
    public static boolean isTimestamp(CharSequence text) {
        if (text.length() < 16 || text.charAt(4) != '-' || text.charAt(10) != 'T' && text.charAt(10) != ' ') {
            return false;
        }
        try {
            LOCAL.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Whether the text has an explicit offset or {@code Z}. */
    public static boolean hasOffset(CharSequence text) {
        try {
            return LOCAL.parse(text).isSupported(ChronoField.OFFSET_SECONDS);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    public static boolean isDate(CharSequence text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return false;
        }
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    private static void fraction(StringBuilder sb, long frac, long perSecond) {
        if (frac == 0 || perSecond == 1) {
            return;
        }
        int digits = Long.toString(perSecond).length() - 1;
        String f = Long.toString(frac);
        sb.append('.');
        for (int i = f.length(); i < digits; i++) {
            sb.append('0');
        }
        sb.append(f);
    }
}
