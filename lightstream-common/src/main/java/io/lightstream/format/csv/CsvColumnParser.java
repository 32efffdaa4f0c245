package io.lightstream.format.csv;

import io.lightstream.format.TemporalText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Parses the bytes of one CSV field straight into one slot of an Arrow vector, for one column type.
 *
 * <p>Numbers are parsed from the bytes without building strings where that is simple (integers,
 * booleans); floats, decimals and temporals go through the JDK parsers. Text is checked to be
 * valid UTF-8 before it enters a string vector. A field that does not parse raises {@link
 * IllegalArgumentException} saying why; the reader adds file, record and column. Stateless
 * (instances are per column only for their type parameters).
 */
abstract class CsvColumnParser {

    /** Parses {@code bytes[start, end)} (not a null token) into slot {@code row} of {@code v}. */
    abstract void parse(byte[] bytes, int start, int end, FieldVector v, int row);

    /**
     * The parser for an Arrow type, or null if CSV cannot hold it (nested types, intervals, unions).
     */
    static CsvColumnParser forType(ArrowType type) {
        switch (type.getTypeID()) {
            case Bool:
                return new Bool();
            case Int: {
                ArrowType.Int t = (ArrowType.Int) type;
                return new Whole(t.getBitWidth(), t.getIsSigned());
            }
            case FloatingPoint:
                return new Floating(((ArrowType.FloatingPoint) type).getPrecision());
            case Decimal:
                return new Decimal(((ArrowType.Decimal) type).getScale());
            case Utf8:
            case LargeUtf8:
                return new Text(true);
            case Binary:
            case LargeBinary:
                return new Text(false);
            case Date:
                return new Date(((ArrowType.Date) type).getUnit());
            case Time:
                return new Time(((ArrowType.Time) type).getUnit(), ((ArrowType.Time) type).getBitWidth());
            case Timestamp:
                return new Timestamp(((ArrowType.Timestamp) type).getUnit());
            case Duration:
                return new Whole(64, true);
            default:
                return null;
        }
    }

    static String text(byte[] b, int s, int e) {
        return new String(b, s, e - s, StandardCharsets.UTF_8);
    }

    /** ASCII spaces around numbers and temporals are ignored. */
    static int trimStart(byte[] b, int s, int e) {
        while (s < e && b[s] == ' ') {
            s++;
        }
        return s;
    }

    static int trimEnd(byte[] b, int s, int e) {
        while (e > s && b[e - 1] == ' ') {
            e--;
        }
        return e;
    }

    static void ensure(BaseFixedWidthVector v, int row) {
        while (row >= v.getValueCapacity()) {
            v.reAlloc();
        }
    }

    static final class Bool extends CsvColumnParser {
        @Override
        void parse(byte[] b, int s, int e, FieldVector v, int row) {
            int value = parseBool(b, trimStart(b, s, e), trimEnd(b, s, e));
            if (value < 0) {
                throw new IllegalArgumentException("'" + text(b, s, e) + "' is not a boolean (true/false, t/f, 1/0)");
            }
            ((BitVector) v).setSafe(row, value);
        }

        /** 1, 0, or -1 when the bytes are not a boolean token. */
        static int parseBool(byte[] b, int s, int e) {
            int n = e - s;
            if (n == 1) {
                return switch (b[s]) {
                    case '1', 't', 'T' -> 1;
                    case '0', 'f', 'F' -> 0;
                    default -> -1;
                };
            }
            if (n == 4 && matches(b, s, "true")) {
                return 1;
            }
            if (n == 5 && matches(b, s, "false")) {
                return 0;
            }
            return -1;
        }

        private static boolean matches(byte[] b, int s, String word) {
            for (int i = 0; i < word.length(); i++) {
                if ((b[s + i] | 0x20) != word.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Signed and unsigned integers of every width, and durations (64-bit counts). */
    static final class Whole extends CsvColumnParser {
        private final int width;
        private final boolean signed;

        Whole(int width, boolean signed) {
            this.width = width;
            this.signed = signed;
        }

        @Override
        void parse(byte[] b, int s, int e, FieldVector v, int row) {
            s = trimStart(b, s, e);
            e = trimEnd(b, s, e);
            long value;
            if (!signed && width == 64) {
                value = parseUnsigned64(b, s, e);
            } else {
                value = parseLong(b, s, e);
                long min = signed ? -(1L << (width - 1)) : 0;
                long max = signed ? (1L << (width - 1)) - 1 : (1L << width) - 1;
                if (width < 64 && (value < min || value > max)) {
                    throw new IllegalArgumentException("'" + text(b, s, e) + "' is out of range for "
                            + (signed ? "" : "u") + "int" + width);
                }
                if (!signed && value < 0) {
                    throw new IllegalArgumentException("'" + text(b, s, e) + "' is negative; the column is unsigned");
                }
            }
            BaseFixedWidthVector fw = (BaseFixedWidthVector) v;
            ensure(fw, row);
            switch (width) {
                case 8 -> fw.getDataBuffer().setByte(row, (byte) value);
                case 16 -> fw.getDataBuffer().setShort((long) row * 2, (short) value);
                case 32 -> fw.getDataBuffer().setInt((long) row * 4, (int) value);
                default -> fw.getDataBuffer().setLong((long) row * 8, value);
            }
            fw.setIndexDefined(row);
        }

        /** Parses a decimal integer; throws on anything else or on overflow. */
        static long parseLong(byte[] b, int s, int e) {
            if (s == e) {
                throw new IllegalArgumentException("empty field where an integer was expected");
            }
            boolean negative = false;
            int i = s;
            if (b[i] == '-' || b[i] == '+') {
                negative = b[i] == '-';
                i++;
                if (i == e) {
                    throw new IllegalArgumentException("'" + text(b, s, e) + "' is not an integer");
                }
            }
            long acc = 0;
            for (; i < e; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    throw new IllegalArgumentException("'" + text(b, s, e) + "' is not an integer");
                }
                // Accumulate negatively so that Long.MIN_VALUE parses.
                if (acc < (Long.MIN_VALUE + d) / 10) {
                    throw new IllegalArgumentException("'" + text(b, s, e) + "' is out of range for int64");
                }
                acc = acc * 10 - d;
            }
            if (!negative) {
                if (acc == Long.MIN_VALUE) {
                    throw new IllegalArgumentException("'" + text(b, s, e) + "' is out of range for int64");
                }
                return -acc;
            }
            return acc;
        }

        static long parseUnsigned64(byte[] b, int s, int e) {
            String t = text(b, s, e);
            try {
                BigInteger v = new BigInteger(t);
                if (v.signum() < 0 || v.bitLength() > 64) {
                    throw new IllegalArgumentException("'" + t + "' is out of range for uint64");
                }
                return v.longValue();
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("'" + t + "' is not an integer");
            }
        }
    }

    static final class Floating extends CsvColumnParser {
        private final FloatingPointPrecision precision;

        Floating(FloatingPointPrecision precision) {
            this.precision = precision;
        }

        @Override
        void parse(byte[] b, int s, int e, FieldVector v, int row) {
            double d = parseDouble(b, trimStart(b, s, e), trimEnd(b, s, e));
            switch (precision) {
                case HALF -> ((Float2Vector) v).setSafeWithPossibleTruncate(row, (float) d);
                case SINGLE -> {
                    BaseFixedWidthVector fw = (BaseFixedWidthVector) v;
                    ensure(fw, row);
                    fw.getDataBuffer().setFloat((long) row * 4, (float) d);
                    fw.setIndexDefined(row);
                }
                default -> {
                    BaseFixedWidthVector fw = (BaseFixedWidthVector) v;
                    ensure(fw, row);
                    fw.getDataBuffer().setDouble((long) row * 8, d);
                    fw.setIndexDefined(row);
                }
            }
        }

        private static final double[] POWERS_OF_TEN = {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
            1e18, 1e19, 1e20, 1e21, 1e22};

        static double parseDouble(byte[] b, int s, int e) {
            double fast = parseSimpleDecimal(b, s, e);
            if (!Double.isNaN(fast)) {
                return fast;
            }
            return parseGeneral(b, s, e);
        }

        /**
         * {@code [-+]digits[.digits]} with at most 15 significant digits, without building a string:
         * both the digits and the power of ten are exact doubles then, so one division is correctly
         * rounded (Clinger's fast path). NaN when the text has another form.
         */
        static double parseSimpleDecimal(byte[] b, int s, int e) {
            int i = s;
            boolean negative = false;
            if (i < e && (b[i] == '-' || b[i] == '+')) {
                negative = b[i] == '-';
                i++;
            }
            long mantissa = 0;
            int significant = 0;
            int intDigits = 0;
            int fracDigits = 0;
            boolean dot = false;
            for (; i < e; i++) {
                int c = b[i];
                if (c >= '0' && c <= '9') {
                    if (significant > 0 || c != '0') {
                        significant++;
                        if (significant > 15) {
                            return Double.NaN;
                        }
                    }
                    mantissa = mantissa * 10 + (c - '0');
                    if (dot) {
                        fracDigits++;
                    } else {
                        intDigits++;
                    }
                } else if (c == '.' && !dot) {
                    dot = true;
                } else {
                    return Double.NaN;
                }
            }
            // ".5" and "5." are left to the general path, which accepts them.
            if (intDigits == 0 || (dot && fracDigits == 0) || fracDigits > 22) {
                return Double.NaN;
            }
            double v = (double) mantissa / POWERS_OF_TEN[fracDigits];
            return negative ? -v : v;
        }

        private static double parseGeneral(byte[] b, int s, int e) {
            String t = new String(b, s, e - s, StandardCharsets.ISO_8859_1);
            try {
                return switch (t) {
                    case "inf", "+inf", "Inf", "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-inf", "-Inf" -> Double.NEGATIVE_INFINITY;
                    case "nan" -> Double.NaN;
                    default -> {
                        // Double.parseDouble accepts hex floats and a trailing d/f; CSV numbers never have them.
                        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
                        if (last == 'd' || last == 'D' || last == 'f' || last == 'F' || t.indexOf('x') >= 0
                                || t.indexOf('X') >= 0) {
                            throw new NumberFormatException();
                        }
                        yield Double.parseDouble(t);
                    }
                };
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("'" + text(b, s, e) + "' is not a number");
            }
        }
    }

    static final class Decimal extends CsvColumnParser {
        private final int scale;

        Decimal(int scale) {
            this.scale = scale;
        }

        @Override
        void parse(byte[] b, int s, int e, FieldVector v, int row) {
            String t = text(b, trimStart(b, s, e), trimEnd(b, s, e));
            BigDecimal d;
            try {
                d = new BigDecimal(t);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("'" + t + "' is not a decimal number");
            }
            try {
                d = d.setScale(scale);
            } catch (ArithmeticException ex) {
                throw new IllegalArgumentException("'" + t + "' has more than " + scale + " decimal places");
            }
            try {
                if (v instanceof DecimalVector dv) {
                    dv.setSafe(row, d);
                } else {
                    ((Decimal256Vector) v).setSafe(row, d);
                }
            } catch (UnsupportedOperationException ex) {
                throw new IllegalArgumentException("'" + t + "' does not fit the column's precision");
            }
        }
    }

    /** UTF-8 text (validated) and binary (base64). */
    static final class Text extends CsvColumnParser {
        private final boolean utf8;

        Text(boolean utf8) {
            this.utf8 = utf8;
        }

        @Override
        void parse(byte[] b, int s, int e, FieldVector v, int row) {
            if (!utf8) {
                byte[] raw;
                try {
                    raw = Base64.getDecoder().decode(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("'" + text(b, s, e) + "' is not base64 (binary columns are "
                            + "base64 in CSV)");
                }
                b = raw;
                s = 0;
                e = raw.length;
            } else if (!Utf8.isValid(b, s, e)) {
                throw new IllegalArgumentException("field is not valid UTF-8");
            }
            if (v instanceof BaseVariableWidthVector vw) {
                vw.setSafe(row, b, s, e - s);
            } else {
                ((BaseLargeVariableWidthVector) v).setSafe(row, b, s, e - s);
            }
        }
    }

    static final class Date extends CsvColumnParser {
        private final DateUnit unit;

        Date(DateUnit unit) {
            this.unit = unit;
        }

        @Override
        void parse(byte[] b, int s, int e, FieldVector v, int row) {
            String t = text(b, trimStart(b, s, e), trimEnd(b, s, e));
            long days;
            try {
                days = TemporalText.parseDate(t);
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException("'" + t + "' is not a date (yyyy-MM-dd)");
            }
            BaseFixedWidthVector fw = (BaseFixedWidthVector) v;
            ensure(fw, row);
            if (unit == DateUnit.DAY) {
                fw.getDataBuffer().setInt((long) row * 4, (int) days);
            } else {
                fw.getDataBuffer().setLong((long) row * 8, days * 86_400_000L);
            }
            fw.setIndexDefined(row);
        }
    }

    static final class Time extends CsvColumnParser {
        private final TimeUnit unit;
        private final int width;

        Time(TimeUnit unit, int width) {
            this.unit = unit;
            this.width = width;
        }

        @Override
        void parse(byte[] b, int s, int e, FieldVector v, int row) {
            String t = text(b, trimStart(b, s, e), trimEnd(b, s, e));
            long value;
            try {
                value = TemporalText.parseTime(t, unit);
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException("'" + t + "' is not a time of day (HH:mm:ss[.fraction])");
            }
            BaseFixedWidthVector fw = (BaseFixedWidthVector) v;
            ensure(fw, row);
            if (width == 32) {
                fw.getDataBuffer().setInt((long) row * 4, (int) value);
            } else {
                fw.getDataBuffer().setLong((long) row * 8, value);
            }
            fw.setIndexDefined(row);
        }
    }

    static final class Timestamp extends CsvColumnParser {
        private final TimeUnit unit;

        Timestamp(TimeUnit unit) {
            this.unit = unit;
        }

        @Override
        void parse(byte[] b, int s, int e, FieldVector v, int row) {
            String t = text(b, trimStart(b, s, e), trimEnd(b, s, e));
            long value;
            try {
                value = TemporalText.parseTimestamp(t, unit);
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException("'" + t + "' is not an ISO-8601 timestamp");
            }
            BaseFixedWidthVector fw = (BaseFixedWidthVector) v;
            ensure(fw, row);
            fw.getDataBuffer().setLong((long) row * 8, value);
            fw.setIndexDefined(row);
        }
    }

    /** UTF-8 validation over a byte range (overlongs, surrogates and out-of-range code points rejected). */
    static final class Utf8 {
        private Utf8() {}

        static boolean isValid(byte[] b, int s, int e) {
            int i = s;
            while (i < e) {
                int c = b[i] & 0xFF;
                if (c < 0x80) {
                    i++;
                    continue;
                }
                int n;
                int min;
                if (c >= 0xC2 && c <= 0xDF) {
                    n = 1;
                    min = 0x80;
                } else if (c >= 0xE0 && c <= 0xEF) {
                    n = 2;
                    min = 0x800;
                } else if (c >= 0xF0 && c <= 0xF4) {
                    n = 3;
                    min = 0x10000;
                } else {
                    return false;
                }
                if (i + n >= e) {
                    return false;
                }
                int cp = c & (0x3F >> n);
                for (int k = 1; k <= n; k++) {
                    int cc = b[i + k] & 0xFF;
                    if ((cc & 0xC0) != 0x80) {
                        return false;
                    }
                    cp = (cp << 6) | (cc & 0x3F);
                }
                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    return false;
                }
                i += n + 1;
            }
            return true;
        }
    }
}
