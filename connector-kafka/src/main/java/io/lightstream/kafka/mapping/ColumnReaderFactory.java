package io.lightstream.kafka.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
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
import org.apache.arrow.vector.ValueVector;
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
import org.apache.arrow.vector.complex.RunEndEncodedVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Builds the {@link ColumnReader} of a vector for the Connect schema {@link ConnectSchemaMapper}
 * gave its field. Readers are bound to the vectors of one batch; dictionary-encoded columns are
 * resolved through the batch's dictionaries when the reader is built, and each dictionary entry of
 * an immutable type (strings, numbers, booleans, decimals) is decoded once per batch and shared by
 * the rows that reference it.
 *
 * <p>Not thread-safe: the readers of one factory share a scratch buffer and run on one thread.
 */
final class ColumnReaderFactory {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** Dictionaries larger than this are decoded per row rather than cached (bounded memory). */
    private static final int MAX_CACHED_DICTIONARY = 1 << 20;

    private final DictionaryProvider dictionaries;
    /** UTF-8 bytes of the string being decoded: one copy out of Arrow memory, none in between. */
    private byte[] scratch = new byte[256];

    ColumnReaderFactory(DictionaryProvider dictionaries) {
        this.dictionaries = dictionaries;
    }

    ColumnReader create(FieldVector vector, Schema schema, String path) {
        Field field = vector.getField();
        DictionaryEncoding encoding = field.getDictionary();
        if (encoding != null) {
            return dictionaryReader(vector, encoding, schema, path);
        }
        ColumnReader values = valueReader(vector, field.getType(), schema, path);
        if (vector instanceof RunEndEncodedVector || vector.getNullCount() == 0) {
            return values; // run-end encoded: nulls live in the values child
        }
        return index -> vector.isNull(index) ? null : values.read(index);
    }

    /** Decodes {@code length} UTF-8 bytes at {@code start} of {@code data}. */
    private String utf8(ArrowBuf data, long start, int length) {
        if (length > scratch.length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        data.getBytes(start, scratch, 0, length);
        return new String(scratch, 0, length, StandardCharsets.UTF_8);
    }

    private ColumnReader dictionaryReader(FieldVector indices, DictionaryEncoding encoding, Schema schema, String path) {
        Dictionary dictionary = dictionaries == null ? null : dictionaries.lookup(encoding.getId());
        if (dictionary == null) {
            throw new DataException("column '" + path + "': dictionary " + encoding.getId()
                    + " is referenced but was not sent with the batch");
        }
        if (!(indices instanceof BaseIntVector ints)) {
            throw new DataException("column '" + path + "': dictionary indices are " + indices.getField().getType()
                    + ", not an integer vector");
        }
        FieldVector values = dictionary.getVector();
        ColumnReader valueReader = create(values, schema, path);
        int size = values.getValueCount();
        Object[] cache = size <= MAX_CACHED_DICTIONARY ? new Object[size] : null;
        return index -> {
            if (indices.isNull(index)) {
                return null;
            }
            long i = ints.getValueAsLong(index);
            if (i < 0 || i >= size) {
                throw new DataException("column '" + path + "' row " + index + ": dictionary index " + i
                        + " is outside the dictionary of " + size + " entries");
            }
            if (cache == null) {
                return valueReader.read((int) i);
            }
            Object value = cache[(int) i];
            if (value == null) {
                value = valueReader.read((int) i);
                if (!immutable(value)) {
                    return value; // a fresh object per row: the receiver may change it
                }
                cache[(int) i] = value;
            }
            return value;
        };
    }

    /** Whether rows may share {@code value}: Connect values that nobody can change. */
    private static boolean immutable(Object value) {
        return value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte || value instanceof Double || value instanceof Float
                || value instanceof Boolean || value instanceof BigDecimal;
    }

    private ColumnReader valueReader(FieldVector vector, ArrowType type, Schema schema, String path) {
        switch (type.getTypeID()) {
            case Null:
                return index -> null;
            case Bool: {
                BitVector v = (BitVector) vector;
                return index -> v.get(index) != 0;
            }
            case Int:
                return intReader(vector, (ArrowType.Int) type);
            case FloatingPoint:
                if (vector instanceof Float2Vector v) {
                    return v::getValueAsFloat;
                }
                if (vector instanceof Float4Vector v) {
                    return v::get;
                }
                Float8Vector f8 = (Float8Vector) vector;
                return f8::get;
            case Utf8: {
                VarCharVector v = (VarCharVector) vector;
                return index -> {
                    ArrowBuf offsets = v.getOffsetBuffer();
                    int start = offsets.getInt((long) index * VarCharVector.OFFSET_WIDTH);
                    int end = offsets.getInt((long) (index + 1) * VarCharVector.OFFSET_WIDTH);
                    return utf8(v.getDataBuffer(), start, end - start);
                };
            }
            case LargeUtf8: {
                LargeVarCharVector v = (LargeVarCharVector) vector;
                return index -> {
                    ArrowBuf offsets = v.getOffsetBuffer();
                    long start = offsets.getLong((long) index * LargeVarCharVector.OFFSET_WIDTH);
                    long end = offsets.getLong((long) (index + 1) * LargeVarCharVector.OFFSET_WIDTH);
                    return utf8(v.getDataBuffer(), start, Math.toIntExact(end - start));
                };
            }
            case Utf8View: {
                ViewVarCharVector v = (ViewVarCharVector) vector;
                return index -> new String(v.get(index), StandardCharsets.UTF_8);
            }
            case Binary:
                return ((VarBinaryVector) vector)::get;
            case LargeBinary:
                return ((LargeVarBinaryVector) vector)::get;
            case BinaryView:
                return ((ViewVarBinaryVector) vector)::get;
            case FixedSizeBinary:
                return ((FixedSizeBinaryVector) vector)::get;
            case Decimal:
                if (vector instanceof DecimalVector v) {
                    return v::getObject;
                }
                return ((Decimal256Vector) vector)::getObject;
            case Date:
                return dateReader(vector, path);
            case Time:
                return timeReader(vector, schema);
            case Timestamp:
                return timestampReader((TimeStampVector) vector, ((ArrowType.Timestamp) type).getUnit(), schema);
            case Duration: {
                DurationVector v = (DurationVector) vector;
                return index -> DurationVector.get(v.getDataBuffer(), index);
            }
            case Interval:
                return intervalReader(vector, schema);
            case List:
            case LargeList:
            case FixedSizeList:
            case ListView:
            case LargeListView:
                return listReader(vector, schema, path);
            case Map:
                return mapReader((MapVector) vector, schema, path);
            case Struct:
                return structReader((StructVector) vector, schema, path);
            case RunEndEncoded:
                return runEndReader((RunEndEncodedVector) vector, schema, path);
            default:
                throw new SchemaMappingException(path, "has Arrow type " + type + ", which has no Kafka Connect counterpart");
        }
    }

    private static ColumnReader intReader(FieldVector vector, ArrowType.Int type) {
        if (type.getIsSigned()) {
            return switch (type.getBitWidth()) {
                case 8 -> ((TinyIntVector) vector)::get;
                case 16 -> ((SmallIntVector) vector)::get;
                case 32 -> ((IntVector) vector)::get;
                default -> ((BigIntVector) vector)::get;
            };
        }
        return switch (type.getBitWidth()) {
            case 8 -> {
                UInt1Vector v = (UInt1Vector) vector;
                yield index -> (short) (v.get(index) & 0xFF);
            }
            case 16 -> {
                UInt2Vector v = (UInt2Vector) vector;
                yield index -> (int) v.get(index);
            }
            case 32 -> {
                UInt4Vector v = (UInt4Vector) vector;
                yield index -> v.get(index) & 0xFFFF_FFFFL;
            }
            default -> {
                UInt8Vector v = (UInt8Vector) vector;
                yield index -> new BigDecimal(new BigInteger(Long.toUnsignedString(v.get(index))));
            }
        };
    }

    private static ColumnReader dateReader(FieldVector vector, String path) {
        if (vector instanceof DateDayVector v) {
            return index -> new java.util.Date(v.get(index) * MILLIS_PER_DAY);
        }
        DateMilliVector v = (DateMilliVector) vector;
        return index -> {
            long millis = v.get(index);
            if (Math.floorMod(millis, MILLIS_PER_DAY) != 0) {
                throw new DataException("column '" + path + "' row " + index + ": date64 value " + millis
                        + " ms is not a whole day, which a Connect Date cannot hold");
            }
            return new java.util.Date(millis);
        };
    }

    private static ColumnReader timeReader(FieldVector vector, Schema schema) {
        boolean precise = ArrowParameters.TIME_NAME.equals(schema.name());
        if (vector instanceof TimeSecVector v) {
            return index -> new java.util.Date(v.get(index) * 1000L);
        }
        if (vector instanceof TimeMilliVector v) {
            return index -> new java.util.Date(v.get(index));
        }
        if (vector instanceof TimeMicroVector v) {
            return precise ? v::get : index -> new java.util.Date(Math.floorDiv(v.get(index), 1000L));
        }
        TimeNanoVector v = (TimeNanoVector) vector;
        return precise ? v::get : index -> new java.util.Date(Math.floorDiv(v.get(index), 1_000_000L));
    }

    private static ColumnReader timestampReader(TimeStampVector v, TimeUnit unit, Schema schema) {
        if (ArrowParameters.TIMESTAMP_NAME.equals(schema.name())) {
            return v::get;
        }
        return switch (unit) {
            case SECOND -> index -> new java.util.Date(Math.multiplyExact(v.get(index), 1000L));
            case MILLISECOND -> index -> new java.util.Date(v.get(index));
            case MICROSECOND -> index -> new java.util.Date(Math.floorDiv(v.get(index), 1000L));
            case NANOSECOND -> index -> new java.util.Date(Math.floorDiv(v.get(index), 1_000_000L));
        };
    }

    private static ColumnReader intervalReader(FieldVector vector, Schema schema) {
        if (vector instanceof IntervalYearVector v) {
            return v::get;
        }
        if (vector instanceof IntervalDayVector v) {
            return index -> new Struct(schema)
                    .put("days", IntervalDayVector.getDays(v.getDataBuffer(), index))
                    .put("milliseconds", IntervalDayVector.getMilliseconds(v.getDataBuffer(), index));
        }
        IntervalMonthDayNanoVector v = (IntervalMonthDayNanoVector) vector;
        return index -> new Struct(schema)
                .put("months", IntervalMonthDayNanoVector.getMonths(v.getDataBuffer(), index))
                .put("days", IntervalMonthDayNanoVector.getDays(v.getDataBuffer(), index))
                .put("nanoseconds", IntervalMonthDayNanoVector.getNanoseconds(v.getDataBuffer(), index));
    }

    private ColumnReader listReader(FieldVector vector, Schema schema, String path) {
        FieldVector data = (FieldVector) childOf(vector);
        ColumnReader element = create(data, schema.valueSchema(), path + "[]");
        if (vector instanceof FixedSizeListVector v) {
            int size = v.getListSize();
            return index -> elements(element, (long) index * size, (long) index * size + size);
        }
        if (vector instanceof LargeListVector v) {
            return index -> elements(element, v.getElementStartIndex(index), v.getElementEndIndex(index));
        }
        if (vector instanceof ListViewVector v) {
            return index -> elements(element, v.getElementStartIndex(index), v.getElementEndIndex(index));
        }
        if (vector instanceof LargeListViewVector v) {
            return index -> {
                long start = v.getOffsetBuffer().getLong((long) index * LargeListViewVector.OFFSET_WIDTH);
                long size = v.getSizeBuffer().getLong((long) index * LargeListViewVector.SIZE_WIDTH);
                return elements(element, start, start + size);
            };
        }
        ListVector v = (ListVector) vector;
        return index -> elements(element, v.getElementStartIndex(index), v.getElementEndIndex(index));
    }

    private static ValueVector childOf(FieldVector vector) {
        if (vector instanceof FixedSizeListVector v) {
            return v.getDataVector();
        }
        if (vector instanceof LargeListVector v) {
            return v.getDataVector();
        }
        if (vector instanceof ListViewVector v) {
            return v.getDataVector();
        }
        if (vector instanceof LargeListViewVector v) {
            return v.getDataVector();
        }
        return ((ListVector) vector).getDataVector();
    }

    private static List<Object> elements(ColumnReader element, long start, long end) {
        if (start == end) {
            return Collections.emptyList();
        }
        List<Object> out = new ArrayList<>((int) (end - start));
        for (long i = start; i < end; i++) {
            out.add(element.read(Math.toIntExact(i)));
        }
        return out;
    }

    private ColumnReader mapReader(MapVector vector, Schema schema, String path) {
        StructVector entries = (StructVector) vector.getDataVector();
        ColumnReader key = create((FieldVector) entries.getChildByOrdinal(0), schema.keySchema(), path + ".{key}");
        ColumnReader value = create((FieldVector) entries.getChildByOrdinal(1), schema.valueSchema(), path + ".{value}");
        return index -> {
            int start = vector.getElementStartIndex(index);
            int end = vector.getElementEndIndex(index);
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = start; i < end; i++) {
                Object k = key.read(i);
                if (k == null) {
                    throw new DataException("column '" + path + "' row " + index + ": map entry " + (i - start)
                            + " has a null key");
                }
                out.put(k, value.read(i));
            }
            return out;
        };
    }

    private ColumnReader structReader(StructVector vector, Schema schema, String path) {
        List<org.apache.kafka.connect.data.Field> fields = schema.fields();
        ColumnReader[] children = new ColumnReader[fields.size()];
        for (int i = 0; i < children.length; i++) {
            org.apache.kafka.connect.data.Field f = fields.get(i);
            children[i] = create((FieldVector) vector.getChildByOrdinal(i), f.schema(), path + "." + f.name());
        }
        return index -> {
            Struct s = new Struct(schema);
            for (int i = 0; i < children.length; i++) {
                s.put(fields.get(i), children[i].read(index));
            }
            return s;
        };
    }

    private ColumnReader runEndReader(RunEndEncodedVector vector, Schema schema, String path) {
        ColumnReader values = create(vector.getValuesVector(), schema, path);
        return index -> values.read(vector.getPhysicalIndex(index));
    }
}
