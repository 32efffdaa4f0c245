package io.lightstream.kafka.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalDayVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.IntervalYearVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ViewVarBinaryVector;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.LargeListViewVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.ListViewVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Builds the {@link ColumnWriter} of a vector. Writers accept Connect values (what a converter
 * produces for a record with a schema) and the plain values of schemaless records: integral numbers
 * for integer columns, any number for floating-point and decimal columns, decimal strings, ISO-8601
 * strings or numbers in the column's unit for dates, times and timestamps, and maps for structs.
 * A value that does not fit (out of range, wrong class, lost precision) is a {@link DataException}
 * naming the column; nothing is rounded or truncated silently.
 *
 * <p>Writers count the bytes they add, an estimate {@link RowWriter} uses to size batches.
 */
final class ColumnWriterFactory {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private long bytes;

    long bytes() {
        return bytes;
    }

    void resetBytes() {
        bytes = 0;
    }

    ColumnWriter create(FieldVector vector, String path) {
        Field field = vector.getField();
        ValueSetter setter = setter(vector, field.getType(), path);
        boolean nullable = field.isNullable();
        return new ColumnWriter() {
            @Override
            public void write(int index, Object value) {
                if (value == null) {
                    if (!nullable) {
                        throw new DataException("column '" + path + "' is not nullable but the value is null");
                    }
                    setter.clear(index);
                } else {
                    setter.set(index, value);
                }
            }

            @Override
            public void clear(int index) {
                setter.clear(index);
            }
        };
    }

    /** Sets a non-null value, or clears a slot. */
    private interface ValueSetter {
        void set(int index, Object value);

        void clear(int index);
    }

    /** A setter whose clearing is the vector's own {@code setNull}. */
    private interface LeafSetter extends ValueSetter {
        @Override
        default void clear(int index) {
        }
    }

    private ValueSetter leaf(FieldVector vector, int width, LeafSetter set) {
        return new ValueSetter() {
            @Override
            public void set(int index, Object value) {
                set.set(index, value);
                bytes += width;
            }

            @Override
            public void clear(int index) {
                vector.setNull(index);
            }
        };
    }

    private ValueSetter setter(FieldVector vector, ArrowType type, String path) {
        switch (type.getTypeID()) {
            case Null:
                return new ValueSetter() {
                    @Override
                    public void set(int index, Object value) {
                        throw new DataException("column '" + path + "' has Arrow type null and holds only nulls, got "
                                + describe(value));
                    }

                    @Override
                    public void clear(int index) {
                    }
                };
            case Bool: {
                BitVector v = (BitVector) vector;
                return leaf(v, 1, (i, value) -> {
                    if (!(value instanceof Boolean b)) {
                        throw mismatch(path, "a boolean", value);
                    }
                    v.setSafe(i, b ? 1 : 0);
                });
            }
            case Int:
                return intSetter(vector, (ArrowType.Int) type, path);
            case FloatingPoint:
                return floatSetter(vector, path);
            case Utf8:
            case LargeUtf8:
            case Utf8View:
                return stringSetter(vector, path);
            case Binary:
            case LargeBinary:
            case BinaryView:
            case FixedSizeBinary:
                return binarySetter(vector, path);
            case Decimal:
                return decimalSetter(vector, (ArrowType.Decimal) type, path);
            case Date:
                return dateSetter(vector, path);
            case Time:
                return timeSetter(vector, ((ArrowType.Time) type).getUnit(), path);
            case Timestamp:
                return timestampSetter((TimeStampVector) vector, ((ArrowType.Timestamp) type).getUnit(), path);
            case Duration: {
                DurationVector v = (DurationVector) vector;
                TimeUnit unit = ((ArrowType.Duration) type).getUnit();
                return leaf(v, 8, (i, value) -> v.setSafe(i, durationValue(value, unit, path)));
            }
            case Interval:
                return intervalSetter(vector, path);
            case List:
            case LargeList:
            case FixedSizeList:
            case ListView:
            case LargeListView:
                return listSetter(vector, path);
            case Map:
                return mapSetter((MapVector) vector, path);
            case Struct:
                return structSetter((StructVector) vector, path);
            default:
                throw new SchemaMappingException(path, "has Arrow type " + type + ", which the sink cannot write");
        }
    }

    // ------------------------------------------------------------------ numbers

    private ValueSetter intSetter(FieldVector vector, ArrowType.Int type, String path) {
        int bits = type.getBitWidth();
        if (type.getIsSigned()) {
            long min = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
            long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
            return switch (bits) {
                case 8 -> leaf(vector, 1, (i, v) -> ((TinyIntVector) vector).setSafe(i, (int) integral(v, min, max, path)));
                case 16 -> leaf(vector, 2, (i, v) -> ((SmallIntVector) vector).setSafe(i, (int) integral(v, min, max, path)));
                case 32 -> leaf(vector, 4, (i, v) -> ((IntVector) vector).setSafe(i, (int) integral(v, min, max, path)));
                default -> leaf(vector, 8, (i, v) -> ((BigIntVector) vector).setSafe(i, integral(v, min, max, path)));
            };
        }
        return switch (bits) {
            case 8 -> leaf(vector, 1, (i, v) -> ((UInt1Vector) vector).setSafe(i, (int) integral(v, 0, 0xFF, path)));
            case 16 -> leaf(vector, 2, (i, v) -> ((UInt2Vector) vector).setSafe(i, (int) integral(v, 0, 0xFFFF, path)));
            case 32 -> leaf(vector, 4, (i, v) -> ((UInt4Vector) vector).setSafe(i, (int) integral(v, 0, 0xFFFF_FFFFL, path)));
            default -> leaf(vector, 8, (i, v) -> ((UInt8Vector) vector).setSafe(i, unsigned64(v, path)));
        };
    }

    /** The exact integral value of {@code value} within [min, max]. */
    private static long integral(Object value, long min, long max, String path) {
        long n;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            n = ((Number) value).longValue();
        } else if (value instanceof BigInteger || value instanceof BigDecimal) {
            BigDecimal d = value instanceof BigInteger bi ? new BigDecimal(bi) : (BigDecimal) value;
            try {
                n = d.longValueExact();
            } catch (ArithmeticException e) {
                throw new DataException("column '" + path + "': " + d + " is not an integer in [" + min + ", " + max + "]");
            }
        } else {
            throw mismatch(path, "an integer", value);
        }
        if (n < min || n > max) {
            throw new DataException("column '" + path + "': " + n + " is outside [" + min + ", " + max + "]");
        }
        return n;
    }

    private static long unsigned64(Object value, String path) {
        BigInteger n;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            n = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger bi) {
            n = bi;
        } else if (value instanceof BigDecimal d) {
            try {
                n = d.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw new DataException("column '" + path + "': " + d + " is not an integer");
            }
        } else {
            throw mismatch(path, "an unsigned 64-bit integer", value);
        }
        if (n.signum() < 0 || n.compareTo(UINT64_MAX) > 0) {
            throw new DataException("column '" + path + "': " + n + " is outside [0, " + UINT64_MAX + "]");
        }
        return n.longValue();
    }

    private ValueSetter floatSetter(FieldVector vector, String path) {
        if (vector instanceof Float2Vector v) {
            return leaf(v, 2, (i, value) -> v.setSafeWithPossibleTruncate(i, number(value, path).floatValue()));
        }
        if (vector instanceof Float4Vector v) {
            return leaf(v, 4, (i, value) -> v.setSafe(i, number(value, path).floatValue()));
        }
        Float8Vector v = (Float8Vector) vector;
        return leaf(v, 8, (i, value) -> v.setSafe(i, number(value, path).doubleValue()));
    }

    private static Number number(Object value, String path) {
        if (value instanceof Number n) {
            return n;
        }
        throw mismatch(path, "a number", value);
    }

    private ValueSetter decimalSetter(FieldVector vector, ArrowType.Decimal type, String path) {
        int scale = type.getScale();
        int precision = type.getPrecision();
        LeafSetter set = (i, value) -> {
            BigDecimal d = decimal(value, path);
            BigDecimal scaled;
            try {
                scaled = d.setScale(scale, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw new DataException("column '" + path + "': " + d + " has more than " + scale + " decimal places");
            }
            if (scaled.precision() > precision && scaled.signum() != 0) {
                throw new DataException("column '" + path + "': " + d + " has more than " + precision + " digits");
            }
            if (vector instanceof DecimalVector v) {
                v.setSafe(i, scaled);
            } else {
                ((Decimal256Vector) vector).setSafe(i, scaled);
            }
        };
        return leaf(vector, type.getBitWidth() / 8, set);
    }

    private static BigDecimal decimal(Object value, String path) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof BigInteger bi) {
            return new BigDecimal(bi);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double x = ((Number) value).doubleValue();
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                throw new DataException("column '" + path + "': " + x + " is not a decimal number");
            }
            return new BigDecimal(Double.toString(x));
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw new DataException("column '" + path + "': '" + s + "' is not a decimal number");
            }
        }
        throw mismatch(path, "a decimal", value);
    }

    // ------------------------------------------------------------------ strings and bytes

    private ValueSetter stringSetter(FieldVector vector, String path) {
        return new ValueSetter() {
            @Override
            public void set(int i, Object value) {
                if (!(value instanceof CharSequence cs)) {
                    throw mismatch(path, "a string", value);
                }
                byte[] utf8 = cs.toString().getBytes(StandardCharsets.UTF_8);
                if (vector instanceof VarCharVector v) {
                    v.setSafe(i, utf8);
                } else if (vector instanceof LargeVarCharVector v) {
                    v.setSafe(i, utf8);
                } else {
                    ((ViewVarCharVector) vector).setSafe(i, utf8);
                }
                bytes += utf8.length + 4;
            }

            @Override
            public void clear(int index) {
                vector.setNull(index);
            }
        };
    }

    private ValueSetter binarySetter(FieldVector vector, String path) {
        return new ValueSetter() {
            @Override
            public void set(int i, Object value) {
                byte[] b = bytesOf(value, path);
                if (vector instanceof VarBinaryVector v) {
                    v.setSafe(i, b);
                } else if (vector instanceof LargeVarBinaryVector v) {
                    v.setSafe(i, b);
                } else if (vector instanceof ViewVarBinaryVector v) {
                    v.setSafe(i, b);
                } else {
                    FixedSizeBinaryVector v = (FixedSizeBinaryVector) vector;
                    if (b.length != v.getByteWidth()) {
                        throw new DataException("column '" + path + "' holds " + v.getByteWidth() + "-byte values, got "
                                + b.length + " bytes");
                    }
                    v.setSafe(i, b);
                }
                bytes += b.length + 4;
            }

            @Override
            public void clear(int index) {
                vector.setNull(index);
            }
        };
    }

    private static byte[] bytesOf(Object value, String path) {
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof ByteBuffer buf) {
            ByteBuffer dup = buf.duplicate();
            byte[] b = new byte[dup.remaining()];
            dup.get(b);
            return b;
        }
        throw mismatch(path, "bytes", value);
    }

    // ------------------------------------------------------------------ temporal

    private ValueSetter dateSetter(FieldVector vector, String path) {
        if (vector instanceof DateDayVector v) {
            return leaf(v, 4, (i, value) -> {
                long days;
                if (value instanceof java.util.Date d) {
                    long ms = d.getTime();
                    if (Math.floorMod(ms, MILLIS_PER_DAY) != 0) {
                        throw new DataException("column '" + path + "': " + d.toInstant()
                                + " is not midnight UTC, which a date column requires");
                    }
                    days = Math.floorDiv(ms, MILLIS_PER_DAY);
                } else if (value instanceof LocalDate ld) {
                    days = ld.toEpochDay();
                } else if (value instanceof String s) {
                    days = parse(path, s, "an ISO date such as 2024-01-31", () -> LocalDate.parse(s.trim())).toEpochDay();
                } else {
                    days = integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE, path);
                }
                v.setSafe(i, Math.toIntExact(days));
            });
        }
        DateMilliVector v = (DateMilliVector) vector;
        return leaf(v, 8, (i, value) -> {
            long ms;
            if (value instanceof java.util.Date d) {
                ms = d.getTime();
            } else if (value instanceof LocalDate ld) {
                ms = ld.toEpochDay() * MILLIS_PER_DAY;
            } else if (value instanceof String s) {
                ms = parse(path, s, "an ISO date such as 2024-01-31", () -> LocalDate.parse(s.trim())).toEpochDay()
                        * MILLIS_PER_DAY;
            } else {
                ms = integral(value, Long.MIN_VALUE, Long.MAX_VALUE, path);
            }
            v.setSafe(i, ms);
        });
    }

    private ValueSetter timeSetter(FieldVector vector, TimeUnit unit, String path) {
        LeafSetter set = (i, value) -> {
            long n;
            if (value instanceof java.util.Date d) {
                n = fromMillis(d.getTime(), unit, path);
            } else if (value instanceof LocalTime t) {
                n = fromNanos(t.toNanoOfDay(), unit, path);
            } else if (value instanceof String s) {
                n = fromNanos(parse(path, s, "an ISO time such as 13:45:30.123", () -> LocalTime.parse(s.trim()))
                        .toNanoOfDay(), unit, path);
            } else {
                n = integral(value, Long.MIN_VALUE, Long.MAX_VALUE, path);
            }
            long perDay = switch (unit) {
                case SECOND -> 86_400L;
                case MILLISECOND -> MILLIS_PER_DAY;
                case MICROSECOND -> MILLIS_PER_DAY * 1000L;
                case NANOSECOND -> MILLIS_PER_DAY * 1_000_000L;
            };
            if (n < 0 || n >= perDay) {
                throw new DataException("column '" + path + "': time of day " + n + " " + unit.name().toLowerCase()
                        + "s is outside one day");
            }
            switch (unit) {
                case SECOND -> ((TimeSecVector) vector).setSafe(i, (int) n);
                case MILLISECOND -> ((TimeMilliVector) vector).setSafe(i, (int) n);
                case MICROSECOND -> ((TimeMicroVector) vector).setSafe(i, n);
                case NANOSECOND -> ((TimeNanoVector) vector).setSafe(i, n);
            }
        };
        return leaf(vector, unit == TimeUnit.SECOND || unit == TimeUnit.MILLISECOND ? 4 : 8, set);
    }

    private ValueSetter timestampSetter(TimeStampVector vector, TimeUnit unit, String path) {
        return leaf(vector, 8, (i, value) -> {
            long n;
            if (value instanceof java.util.Date d) {
                n = fromMillis(d.getTime(), unit, path);
            } else if (value instanceof Instant t) {
                n = fromInstant(t, unit, path);
            } else if (value instanceof String s) {
                n = fromInstant(parse(path, s, "an ISO-8601 timestamp such as 2024-01-31T13:45:30.123Z",
                        () -> parseInstant(s.trim())), unit, path);
            } else {
                n = integral(value, Long.MIN_VALUE, Long.MAX_VALUE, path);
            }
            vector.setSafe(i, n);
        });
    }

    private static Instant parseInstant(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // A timestamp written without an offset is read as UTC wall-clock time.
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        }
    }

    private static long fromMillis(long ms, TimeUnit unit, String path) {
        try {
            return switch (unit) {
                case SECOND -> {
                    if (Math.floorMod(ms, 1000L) != 0) {
                        throw new DataException("column '" + path + "' holds whole seconds; " + ms
                                + " ms would lose its milliseconds");
                    }
                    yield Math.floorDiv(ms, 1000L);
                }
                case MILLISECOND -> ms;
                case MICROSECOND -> Math.multiplyExact(ms, 1000L);
                case NANOSECOND -> Math.multiplyExact(ms, 1_000_000L);
            };
        } catch (ArithmeticException e) {
            throw new DataException("column '" + path + "': " + ms + " ms overflows a 64-bit count of " + unit);
        }
    }

    private static long fromNanos(long nanos, TimeUnit unit, String path) {
        long divisor = switch (unit) {
            case SECOND -> 1_000_000_000L;
            case MILLISECOND -> 1_000_000L;
            case MICROSECOND -> 1000L;
            case NANOSECOND -> 1L;
        };
        if (nanos % divisor != 0) {
            throw new DataException("column '" + path + "' holds " + unit.name().toLowerCase()
                    + "s; the value would lose digits");
        }
        return nanos / divisor;
    }

    private static long fromInstant(Instant t, TimeUnit unit, String path) {
        try {
            long seconds = t.getEpochSecond();
            int nanos = t.getNano();
            return switch (unit) {
                case SECOND -> {
                    if (nanos != 0) {
                        throw new DataException("column '" + path + "' holds whole seconds; " + t + " would lose digits");
                    }
                    yield seconds;
                }
                case MILLISECOND -> Math.addExact(Math.multiplyExact(seconds, 1000L), exactDiv(nanos, 1_000_000, t, path));
                case MICROSECOND -> Math.addExact(Math.multiplyExact(seconds, 1_000_000L), exactDiv(nanos, 1000, t, path));
                case NANOSECOND -> Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
            };
        } catch (ArithmeticException e) {
            throw new DataException("column '" + path + "': " + t + " overflows a 64-bit count of " + unit);
        }
    }

    private static long exactDiv(int nanos, int divisor, Instant t, String path) {
        if (nanos % divisor != 0) {
            throw new DataException("column '" + path + "': " + t + " has more digits than the column's unit holds");
        }
        return nanos / divisor;
    }

    private static long durationValue(Object value, TimeUnit unit, String path) {
        if (value instanceof java.time.Duration d) {
            try {
                return switch (unit) {
                    case SECOND -> d.getNano() == 0 ? d.getSeconds() : fail(path, d);
                    case MILLISECOND -> d.toNanosPart() % 1_000_000 == 0 ? d.toMillis() : fail(path, d);
                    case MICROSECOND -> d.toNanosPart() % 1000 == 0
                            ? Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000) : fail(path, d);
                    case NANOSECOND -> d.toNanos();
                };
            } catch (ArithmeticException e) {
                throw new DataException("column '" + path + "': " + d + " overflows a 64-bit count of " + unit);
            }
        }
        return integral(value, Long.MIN_VALUE, Long.MAX_VALUE, path);
    }

    private static long fail(String path, java.time.Duration d) {
        throw new DataException("column '" + path + "': " + d + " has more digits than the column's unit holds");
    }

    private ValueSetter intervalSetter(FieldVector vector, String path) {
        if (vector instanceof IntervalYearVector v) {
            return leaf(v, 4, (i, value) -> v.setSafe(i, (int) integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE, path)));
        }
        if (vector instanceof IntervalDayVector v) {
            return leaf(v, 8, (i, value) -> v.setSafe(i, intField(value, "days", path), intField(value, "milliseconds", path)));
        }
        IntervalMonthDayNanoVector v = (IntervalMonthDayNanoVector) vector;
        return leaf(v, 16, (i, value) -> v.setSafe(i, intField(value, "months", path), intField(value, "days", path),
                integral(member(value, "nanoseconds", path), Long.MIN_VALUE, Long.MAX_VALUE, path + ".nanoseconds")));
    }

    private static int intField(Object value, String name, String path) {
        return (int) integral(member(value, name, path), Integer.MIN_VALUE, Integer.MAX_VALUE, path + "." + name);
    }

    private static Object member(Object value, String name, String path) {
        Object m;
        if (value instanceof Struct s) {
            m = s.schema().field(name) == null ? null : s.get(name);
        } else if (value instanceof Map<?, ?> map) {
            m = map.get(name);
        } else {
            throw mismatch(path, "a struct or map with '" + name + "'", value);
        }
        if (m == null) {
            throw new DataException("column '" + path + "': interval member '" + name + "' is missing or null");
        }
        return m;
    }

    // ------------------------------------------------------------------ nested

    private ValueSetter listSetter(FieldVector vector, String path) {
        FieldVector data = (FieldVector) vector.getChildrenFromFields().get(0);
        ColumnWriter element = create(data, path + "[]");
        return new ValueSetter() {
            @Override
            public void set(int index, Object value) {
                List<?> items = listOf(value, path);
                int n = items.size();
                if (vector instanceof FixedSizeListVector v) {
                    if (n != v.getListSize()) {
                        throw new DataException("column '" + path + "' holds lists of exactly " + v.getListSize()
                                + " elements, got " + n);
                    }
                    int start = v.startNewValue(index);
                    for (int k = 0; k < n; k++) {
                        element.write(start + k, items.get(k));
                    }
                } else if (vector instanceof LargeListVector v) {
                    long start = v.startNewValue(index);
                    for (int k = 0; k < n; k++) {
                        element.write(Math.toIntExact(start + k), items.get(k));
                    }
                    v.endValue(index, n);
                } else if (vector instanceof ListViewVector v) {
                    int start = v.startNewValue(index);
                    for (int k = 0; k < n; k++) {
                        element.write(start + k, items.get(k));
                    }
                    v.endValue(index, n);
                } else if (vector instanceof LargeListViewVector v) {
                    int start = v.startNewValue(index);
                    for (int k = 0; k < n; k++) {
                        element.write(start + k, items.get(k));
                    }
                    v.endValue(index, n);
                } else {
                    ListVector v = (ListVector) vector;
                    int start = v.startNewValue(index);
                    for (int k = 0; k < n; k++) {
                        element.write(start + k, items.get(k));
                    }
                    v.endValue(index, n);
                }
                bytes += 4;
            }

            @Override
            public void clear(int index) {
                vector.setNull(index);
                if (vector instanceof FixedSizeListVector v) {
                    // Fixed-size lists keep slots for null entries; they must hold valid (null) children.
                    for (int k = 0; k < v.getListSize(); k++) {
                        element.clear(index * v.getListSize() + k);
                    }
                }
            }
        };
    }

    private static List<?> listOf(Object value, String path) {
        if (value instanceof List<?> l) {
            return l;
        }
        if (value instanceof Collection<?> c) {
            return List.copyOf(c);
        }
        if (value instanceof Object[] a) {
            return Arrays.asList(a);
        }
        throw mismatch(path, "a list", value);
    }

    private ValueSetter mapSetter(MapVector vector, String path) {
        StructVector entries = (StructVector) vector.getDataVector();
        ColumnWriter key = create((FieldVector) entries.getChildByOrdinal(0), path + ".{key}");
        ColumnWriter value = create((FieldVector) entries.getChildByOrdinal(1), path + ".{value}");
        return new ValueSetter() {
            @Override
            public void set(int index, Object v) {
                if (!(v instanceof Map<?, ?> map)) {
                    throw mismatch(path, "a map", v);
                }
                int start = vector.startNewValue(index);
                int k = 0;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (e.getKey() == null) {
                        throw new DataException("column '" + path + "': Arrow map keys cannot be null");
                    }
                    entries.setIndexDefined(start + k);
                    key.write(start + k, e.getKey());
                    value.write(start + k, e.getValue());
                    k++;
                }
                vector.endValue(index, k);
                bytes += 4;
            }

            @Override
            public void clear(int index) {
                vector.setNull(index);
            }
        };
    }

    private ValueSetter structSetter(StructVector vector, String path) {
        List<FieldVector> childVectors = vector.getChildrenFromFields();
        String[] names = new String[childVectors.size()];
        ColumnWriter[] children = new ColumnWriter[childVectors.size()];
        for (int k = 0; k < children.length; k++) {
            names[k] = childVectors.get(k).getName();
            children[k] = create(childVectors.get(k), path + "." + names[k]);
        }
        return new ValueSetter() {
            @Override
            public void set(int index, Object value) {
                vector.setIndexDefined(index);
                if (value instanceof Struct s) {
                    for (int k = 0; k < children.length; k++) {
                        children[k].write(index, s.schema().field(names[k]) == null ? null : s.get(names[k]));
                    }
                } else if (value instanceof Map<?, ?> map) {
                    for (int k = 0; k < children.length; k++) {
                        children[k].write(index, map.get(names[k]));
                    }
                } else {
                    throw mismatch(path, "a struct or a map", value);
                }
            }

            @Override
            public void clear(int index) {
                vector.setNull(index);
                for (ColumnWriter child : children) {
                    child.clear(index);
                }
            }
        };
    }

    // ------------------------------------------------------------------ errors

    private interface Parse<T> {
        T get();
    }

    private static <T> T parse(String path, String text, String expected, Parse<T> parse) {
        try {
            return parse.get();
        } catch (DateTimeParseException e) {
            throw new DataException("column '" + path + "': '" + text + "' is not " + expected);
        }
    }

    private static DataException mismatch(String path, String expected, Object value) {
        return new DataException("column '" + path + "' expects " + expected + ", got " + describe(value));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return value.getClass().getSimpleName() + " " + text;
    }
}
