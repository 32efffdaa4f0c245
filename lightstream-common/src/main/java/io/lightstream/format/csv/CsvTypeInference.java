package io.lightstream.format.csv;

import io.lightstream.format.TemporalText;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Infers one column's Arrow type from the fields seen in the first rows.
 *
 * <p>Each non-null field narrows the candidates; the result is the narrowest type that parses every
 * field seen: boolean ({@code true}/{@code false} in any case, {@code t}/{@code f}), int64, float64 (integers and floats
 * mixed), date32 ({@code yyyy-MM-dd}), timestamp in microseconds (ISO-8601; with time zone {@code
 * UTC} when any value carries an offset or {@code Z}), else utf8. Integers are inferred as int64
 * rather than int32 so that a larger value after the inference window still fits; {@code 0}/{@code
 * 1} columns stay integers. A column with no non-null field in the window is utf8. Not thread-safe.
 */
final class CsvTypeInference {
    private static final int BOOL = 1;
    private static final int INT = 2;
    private static final int FLOAT = 4;
    private static final int DATE = 8;
    private static final int TIMESTAMP = 16;

    /** Candidate kinds still possible; all until the first value. */
    private int candidates = BOOL | INT | FLOAT | DATE | TIMESTAMP;
    private boolean seen;
    private boolean offsets;

    void accept(byte[] b, int s, int e) {
        seen = true;
        int c = candidates;
        if (c == 0) {
            return;
        }
        int ts = CsvColumnParser.trimStart(b, s, e);
        int te = CsvColumnParser.trimEnd(b, s, e);
        if ((c & BOOL) != 0 && !isBoolWord(b, ts, te)) {
            c &= ~BOOL;
        }
        if ((c & INT) != 0 && !isInteger(b, ts, te)) {
            c &= ~INT;
        }
        if ((c & FLOAT) != 0 && !isFloat(b, ts, te)) {
            c &= ~FLOAT;
        }
        if ((c & (DATE | TIMESTAMP)) != 0) {
            String t = new String(b, ts, te - ts, StandardCharsets.UTF_8);
            if ((c & DATE) != 0 && !TemporalText.isDate(t)) {
                c &= ~DATE;
            }
            if ((c & TIMESTAMP) != 0) {
                if (TemporalText.isTimestamp(t)) {
                    offsets |= TemporalText.hasOffset(t);
                } else {
                    c &= ~TIMESTAMP;
                }
            }
        }
        candidates = c;
    }

    ArrowType result() {
        if (!seen || candidates == 0) {
            return ArrowType.Utf8.INSTANCE;
        }
        if ((candidates & BOOL) != 0) {
            return ArrowType.Bool.INSTANCE;
        }
        if ((candidates & INT) != 0) {
            return new ArrowType.Int(64, true);
        }
        if ((candidates & FLOAT) != 0) {
            return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        }
        if ((candidates & DATE) != 0) {
            return new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY);
        }
        return new ArrowType.Timestamp(TimeUnit.MICROSECOND, offsets ? "UTC" : null);
    }

    private static boolean isBoolWord(byte[] b, int s, int e) {
        int n = e - s;
        if (n == 1) {
            return b[s] == 't' || b[s] == 'f' || b[s] == 'T' || b[s] == 'F';
        }
        return (n == 4 || n == 5) && CsvColumnParser.Bool.parseBool(b, s, e) >= 0;
    }

    private static boolean isInteger(byte[] b, int s, int e) {
        try {
            CsvColumnParser.Whole.parseLong(b, s, e);
            return true;
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }

    private static boolean isFloat(byte[] b, int s, int e) {
        if (s == e) {
            return false;
        }
        try {
            CsvColumnParser.Floating.parseDouble(b, s, e);
            return true;
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }
}
