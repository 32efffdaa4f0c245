package io.lightstream.format.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.lightstream.format.TemporalText;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Emits Arrow values as JSON with Jackson's streaming generator.
 *
 * <p>Mapping: booleans and numbers as JSON literals (decimals exact, NaN and infinities as the
 * strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, unsigned 64-bit integers as
 * their unsigned value), text as strings, binary as base64 strings, dates, times and timestamps as
 * ISO-8601 strings ({@link TemporalText}), durations as integers, lists as arrays, structs as
 * objects, maps with text keys as objects, dictionary columns as their values. Stateless.
 */
final class JsonValueWriter {
    private JsonValueWriter() {}

    /** Whether JSON (as written here and read by {@link JsonValueReader}) can hold the type. */
    static void check(Field f, String path) {
        ArrowType t = f.getType();
        switch (t.getTypeID()) {
            case Null, Bool, Int, FloatingPoint, Decimal, Utf8, LargeUtf8, Utf8View, Binary, LargeBinary, BinaryView,
                    FixedSizeBinary, Date, Time, Timestamp, Duration -> {
                return;
            }
            case List, LargeList, FixedSizeList -> check(f.getChildren().get(0), path + "[]");
            case Struct -> {
                for (Field c : f.getChildren()) {
                    check(c, path + "." + c.getName());
                }
            }
            case Map -> {
                Field entries = f.getChildren().get(0);
                ArrowType key = entries.getChildren().get(0).getType();
                if (!(key instanceof ArrowType.Utf8 || key instanceof ArrowType.LargeUtf8)) {
                    throw new IllegalArgumentException("JSON cannot hold map column '" + path
                            + "' with non-text keys (" + key + ")");
                }
                check(entries.getChildren().get(1), path + ".value");
            }
            default -> throw new IllegalArgumentException("JSON cannot hold column '" + path + "' of type " + t);
        }
    }

    /** Writes the value at {@code i} (the caller has checked it is not null, or writes null itself). */
    static void write(JsonGenerator g, FieldVector v, int i, DictionaryProvider dictionaries) throws IOException {
        if (v.isNull(i)) {
            g.writeNull();
            return;
        }
        Field f = v.getField();
        if (f.getDictionary() != null) {
            Dictionary d = dictionaries == null ? null : dictionaries.lookup(f.getDictionary().getId());
            if (d == null) {
                throw new IllegalArgumentException("column '" + f.getName() + "' is dictionary-encoded (id "
                        + f.getDictionary().getId() + ") but no dictionary with that id was given");
            }
            write(g, d.getVector(), (int) ((BaseIntVector) v).getValueAsLong(i), dictionaries);
            return;
        }
        ArrowType t = f.getType();
        ArrowBuf data;
        switch (t.getTypeID()) {
            case Null -> g.writeNull();
            case Bool -> g.writeBoolean(((BitVector) v).get(i) != 0);
            case Int -> {
                ArrowType.Int it = (ArrowType.Int) t;
                data = v.getDataBuffer();
                switch (it.getBitWidth()) {
                    case 8 -> g.writeNumber(it.getIsSigned() ? data.getByte(i) : data.getByte(i) & 0xFF);
                    case 16 -> g.writeNumber(it.getIsSigned() ? data.getShort((long) i * 2)
                            : data.getShort((long) i * 2) & 0xFFFF);
                    case 32 -> {
                        int x = data.getInt((long) i * 4);
                        if (it.getIsSigned()) {
                            g.writeNumber(x);
                        } else {
                            g.writeNumber(x & 0xFFFFFFFFL);
                        }
                    }
                    default -> {
                        long x = data.getLong((long) i * 8);
                        if (it.getIsSigned() || x >= 0) {
                            g.writeNumber(x);
                        } else {
                            g.writeNumber(new java.math.BigInteger(Long.toUnsignedString(x)));
                        }
                    }
                }
            }
            case FloatingPoint -> {
                double d = switch (((ArrowType.FloatingPoint) t).getPrecision()) {
                    case HALF -> ((Float2Vector) v).getValueAsDouble(i);
                    case SINGLE -> v.getDataBuffer().getFloat((long) i * 4);
                    case DOUBLE -> v.getDataBuffer().getDouble((long) i * 8);
                };
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    g.writeString(Double.toString(d));
                } else if (((ArrowType.FloatingPoint) t).getPrecision() == org.apache.arrow.vector.types
                        .FloatingPointPrecision.DOUBLE) {
                    g.writeNumber(d);
                } else {
                    g.writeNumber((float) d);
                }
            }
            case Decimal -> g.writeNumber((BigDecimal) v.getObject(i));
            case Utf8, LargeUtf8, Utf8View -> g.writeString(v.getObject(i).toString());
            case Binary, LargeBinary, BinaryView, FixedSizeBinary -> g.writeBinary(bytes(v, i));
            case Date -> g.writeString(TemporalText.date(((ArrowType.Date) t).getUnit() == DateUnit.DAY
                    ? v.getDataBuffer().getInt((long) i * 4)
                    : Math.floorDiv(v.getDataBuffer().getLong((long) i * 8), 86_400_000L)));
            case Time -> {
                ArrowType.Time tt = (ArrowType.Time) t;
                long x = tt.getBitWidth() == 32 ? v.getDataBuffer().getInt((long) i * 4)
                        : v.getDataBuffer().getLong((long) i * 8);
                g.writeString(TemporalText.time(x, tt.getUnit()));
            }
            case Timestamp -> {
                ArrowType.Timestamp ts = (ArrowType.Timestamp) t;
                g.writeString(TemporalText.timestamp(v.getDataBuffer().getLong((long) i * 8), ts.getUnit(),
                        ts.getTimezone() != null));
            }
            case Duration -> g.writeNumber(v.getDataBuffer().getLong((long) i * 8));
            case Struct -> {
                StructVector s = (StructVector) v;
                g.writeStartObject();
                List<Field> children = f.getChildren();
                for (int c = 0; c < children.size(); c++) {
                    g.writeFieldName(children.get(c).getName());
                    write(g, (FieldVector) s.getChildByOrdinal(c), i, dictionaries);
                }
                g.writeEndObject();
            }
            case Map -> {
                MapVector m = (MapVector) v;
                StructVector entries = (StructVector) m.getDataVector();
                FieldVector keys = (FieldVector) entries.getChildByOrdinal(0);
                FieldVector values = (FieldVector) entries.getChildByOrdinal(1);
                g.writeStartObject();
                int start = m.getOffsetBuffer().getInt((long) i * 4);
                int end = m.getOffsetBuffer().getInt((long) i * 4 + 4);
                for (int j = start; j < end; j++) {
                    g.writeFieldName(keys.getObject(j).toString());
                    write(g, values, j, dictionaries);
                }
                g.writeEndObject();
            }
            case List, LargeList, FixedSizeList -> {
                int start;
                int end;
                FieldVector data2;
                if (v instanceof ListVector l) {
                    start = l.getOffsetBuffer().getInt((long) i * 4);
                    end = l.getOffsetBuffer().getInt((long) i * 4 + 4);
                    data2 = l.getDataVector();
                } else if (v instanceof LargeListVector l) {
                    start = (int) l.getOffsetBuffer().getLong((long) i * 8);
                    end = (int) l.getOffsetBuffer().getLong((long) i * 8 + 8);
                    data2 = l.getDataVector();
                } else {
                    FixedSizeListVector l = (FixedSizeListVector) v;
                    start = i * l.getListSize();
                    end = start + l.getListSize();
                    data2 = l.getDataVector();
                }
                g.writeStartArray();
                for (int j = start; j < end; j++) {
                    write(g, data2, j, dictionaries);
                }
                g.writeEndArray();
            }
            default -> throw new IllegalStateException("unexpected JSON column type " + t);
        }
    }

    private static byte[] bytes(FieldVector v, int i) {
        if (v instanceof BaseVariableWidthVector b) {
            return b.get(i);
        }
        if (v instanceof BaseLargeVariableWidthVector b) {
            return b.get(i);
        }
        if (v instanceof BaseVariableWidthViewVector b) {
            return b.get(i);
        }
        return ((FixedSizeBinaryVector) v).get(i);
    }
}
