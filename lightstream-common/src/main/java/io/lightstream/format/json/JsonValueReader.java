package io.lightstream.format.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.lightstream.FormatException;
import io.lightstream.format.TemporalText;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads one JSON value into one slot of an Arrow vector, for one field of the declared schema;
 * structs, lists and maps hold readers for their children. The inverse of {@link JsonValueWriter}.
 *
 * <p>A value of the wrong JSON type goes to the {@link MismatchPolicy}. Instances keep small scratch
 * state: one tree per reader, one thread.
 */
final class JsonValueReader {
    /** Where the reader is, for messages. */
    static final class Position {
        final String source;
        final MismatchPolicy policy;
        long record;

        Position(String source, MismatchPolicy policy) {
            this.source = source;
            this.policy = policy;
        }
    }

    private final Field field;
    private final ArrowType type;
    private final String path;
    private final Position position;
    private final JsonValueReader[] children;
    private final Map<String, Integer> childIndex;
    private final boolean[] seen;

    JsonValueReader(Field field, String path, Position position) {
        this.field = field;
        this.type = field.getType();
        this.path = path;
        this.position = position;
        if (field.getDictionary() != null) {
            throw new IllegalArgumentException("JSON reading cannot fill dictionary-encoded column '" + path
                    + "'; declare it with its value type");
        }
        JsonValueWriter.check(field, path);
        List<Field> kids = field.getChildren();
        if (type instanceof ArrowType.Map) {
            Field entries = kids.get(0);
            this.children = new JsonValueReader[] {
                new JsonValueReader(entries.getChildren().get(1), path + ".value", position)};
        } else {
            this.children = new JsonValueReader[kids.size()];
            for (int c = 0; c < kids.size(); c++) {
                String name = kids.get(c).getName();
                String childPath = type instanceof ArrowType.Struct ? (path.isEmpty() ? name : path + "." + name)
                        : path + "[]";
                children[c] = new JsonValueReader(kids.get(c), childPath, position);
            }
        }
        this.childIndex = new HashMap<>();
        if (type instanceof ArrowType.Struct) {
            for (int c = 0; c < kids.size(); c++) {
                childIndex.putIfAbsent(kids.get(c).getName(), c);
            }
        }
        this.seen = new boolean[children.length];
    }

    /** Reads the value at the parser's current token into {@code v[i]}; handles JSON null. */
    void read(JsonParser p, FieldVector v, int i) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            requireNullable(p, "null");
            return;
        }
        switch (type.getTypeID()) {
            case Null -> mismatch(p, v, i);
            case Bool -> readBool(p, v, i, t);
            case Int -> readInt(p, v, i, t);
            case FloatingPoint -> readFloat(p, v, i, t);
            case Decimal -> readDecimal(p, v, i, t);
            case Utf8, LargeUtf8, Utf8View -> readText(p, v, i, t);
            case Binary, LargeBinary, BinaryView, FixedSizeBinary -> readBinary(p, v, i, t);
            case Date, Time, Timestamp, Duration -> readTemporal(p, v, i, t);
            case Struct -> readStruct(p, (StructVector) v, i, t);
            case List, LargeList, FixedSizeList -> readList(p, v, i, t);
            case Map -> readMap(p, (MapVector) v, i, t);
            default -> throw new IllegalStateException("unexpected type " + type);
        }
    }

    /** A struct read from the top-level object of a record: the root's vectors stand in for the struct's children. */
    void readRecord(JsonParser p, List<FieldVector> vectors, int i) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new FormatException(prefix() + "expected a JSON object, got " + describe(p) + " (line "
                    + p.currentTokenLocation().getLineNr() + ")", offset(p));
        }
        readFields(p, vectors::get, i);
    }

    private interface ChildVectors {
        FieldVector get(int ordinal);
    }

    private void readFields(JsonParser p, ChildVectors vectors, int i) throws IOException {
        Arrays.fill(seen, false);
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            Integer c = childIndex.get(name);
            p.nextToken();
            if (c == null) {
                p.skipChildren();
                continue;
            }
            if (seen[c]) {
                throw error(p, "field '" + name + "' appears twice");
            }
            seen[c] = true;
            children[c].read(p, vectors.get(c), i);
        }
        if (t != JsonToken.END_OBJECT) {
            throw error(p, "unterminated object");
        }
        for (int c = 0; c < children.length; c++) {
            if (!seen[c] && !children[c].field.isNullable()) {
                throw new FormatException(prefix() + "column '" + children[c].path
                        + "' is declared non-nullable but the field is missing", offset(p));
            }
        }
    }

    private void readStruct(JsonParser p, StructVector v, int i, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            mismatch(p, v, i);
            return;
        }
        v.setIndexDefined(i);
        readFields(p, c -> (FieldVector) v.getChildByOrdinal(c), i);
    }

    private void readList(JsonParser p, FieldVector v, int i, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            mismatch(p, v, i);
            return;
        }
        JsonValueReader element = children[0];
        if (v instanceof ListVector l) {
            int off = l.startNewValue(i);
            int n = elements(p, element, l.getDataVector(), off);
            l.endValue(i, n);
        } else if (v instanceof LargeListVector l) {
            long off = l.startNewValue(i);
            int n = elements(p, element, l.getDataVector(), (int) off);
            l.endValue(i, n);
        } else {
            FixedSizeListVector l = (FixedSizeListVector) v;
            int size = l.getListSize();
            l.setNotNull(i);
            int n = elements(p, element, l.getDataVector(), i * size);
            if (n != size) {
                throw error(p, "array of " + n + " elements for a fixed-size list of " + size);
            }
        }
    }

    private int elements(JsonParser p, JsonValueReader element, FieldVector data, int offset) throws IOException {
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw error(p, "unterminated array");
            }
            element.read(p, data, offset + n);
            n++;
        }
        return n;
    }

    private void readMap(JsonParser p, MapVector m, int i, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            mismatch(p, m, i);
            return;
        }
        StructVector entries = (StructVector) m.getDataVector();
        FieldVector keys = (FieldVector) entries.getChildByOrdinal(0);
        FieldVector values = (FieldVector) entries.getChildByOrdinal(1);
        int off = m.startNewValue(i);
        int n = 0;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            byte[] key = p.currentName().getBytes(StandardCharsets.UTF_8);
            entries.setIndexDefined(off + n);
            if (keys instanceof BaseVariableWidthVector k) {
                k.setSafe(off + n, key);
            } else {
                ((BaseLargeVariableWidthVector) keys).setSafe(off + n, key);
            }
            p.nextToken();
            children[0].read(p, values, off + n);
            n++;
        }
        m.endValue(i, n);
    }

    private void readBool(JsonParser p, FieldVector v, int i, JsonToken t) throws IOException {
        int value = -1;
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            value = t == JsonToken.VALUE_TRUE ? 1 : 0;
        } else if (position.policy == MismatchPolicy.COERCE) {
            if (t == JsonToken.VALUE_NUMBER_INT && (p.getLongValue() == 0 || p.getLongValue() == 1)) {
                value = (int) p.getLongValue();
            } else if (t == JsonToken.VALUE_STRING) {
                value = switch (p.getText().trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "true", "1" -> 1;
                    case "false", "0" -> 0;
                    default -> -1;
                };
            }
        }
        if (value < 0) {
            mismatch(p, v, i);
            return;
        }
        ((BitVector) v).setSafe(i, value);
    }

    private void readInt(JsonParser p, FieldVector v, int i, JsonToken t) throws IOException {
        ArrowType.Int it = (ArrowType.Int) type;
        BigInteger value = null;
        if (t == JsonToken.VALUE_NUMBER_INT) {
            value = p.getBigIntegerValue();
        } else if (position.policy == MismatchPolicy.COERCE) {
            try {
                if (t == JsonToken.VALUE_STRING) {
                    value = new BigDecimal(p.getText().trim()).toBigIntegerExact();
                } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                    value = p.getDecimalValue().toBigIntegerExact();
                } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                    value = t == JsonToken.VALUE_TRUE ? BigInteger.ONE : BigInteger.ZERO;
                }
            } catch (ArithmeticException | NumberFormatException e) {
                value = null;
            }
        }
        if (value == null) {
            mismatch(p, v, i);
            return;
        }
        int width = it.getBitWidth();
        BigInteger min = it.getIsSigned() ? BigInteger.ONE.shiftLeft(width - 1).negate() : BigInteger.ZERO;
        BigInteger max = it.getIsSigned() ? BigInteger.ONE.shiftLeft(width - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            if (position.policy == MismatchPolicy.NULL) {
                mismatch(p, v, i);
                return;
            }
            throw error(p, value + " is out of range for " + type);
        }
        setLong(v, i, value.longValue(), width);
    }

    private static void setLong(FieldVector v, int i, long x, int width) {
        BaseFixedWidthVector fw = (BaseFixedWidthVector) v;
        while (i >= fw.getValueCapacity()) {
            fw.reAlloc();
        }
        switch (width) {
            case 8 -> fw.getDataBuffer().setByte(i, (byte) x);
            case 16 -> fw.getDataBuffer().setShort((long) i * 2, (short) x);
            case 32 -> fw.getDataBuffer().setInt((long) i * 4, (int) x);
            default -> fw.getDataBuffer().setLong((long) i * 8, x);
        }
        fw.setIndexDefined(i);
    }

    private void readFloat(JsonParser p, FieldVector v, int i, JsonToken t) throws IOException {
        Double d = null;
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            d = p.getDoubleValue();
        } else if (t == JsonToken.VALUE_STRING) {
            String s = p.getText().trim();
            switch (s) {
                case "NaN" -> d = Double.NaN;
                case "Infinity" -> d = Double.POSITIVE_INFINITY;
                case "-Infinity" -> d = Double.NEGATIVE_INFINITY;
                default -> {
                    if (position.policy == MismatchPolicy.COERCE) {
                        try {
                            d = Double.parseDouble(s);
                        } catch (NumberFormatException e) {
                            d = null;
                        }
                    }
                }
            }
        }
        if (d == null) {
            mismatch(p, v, i);
            return;
        }
        FloatingPointPrecision precision = ((ArrowType.FloatingPoint) type).getPrecision();
        if (precision == FloatingPointPrecision.HALF) {
            ((Float2Vector) v).setSafeWithPossibleTruncate(i, d.floatValue());
            return;
        }
        BaseFixedWidthVector fw = (BaseFixedWidthVector) v;
        while (i >= fw.getValueCapacity()) {
            fw.reAlloc();
        }
        if (precision == FloatingPointPrecision.SINGLE) {
            fw.getDataBuffer().setFloat((long) i * 4, d.floatValue());
        } else {
            fw.getDataBuffer().setDouble((long) i * 8, d);
        }
        fw.setIndexDefined(i);
    }

    private void readDecimal(JsonParser p, FieldVector v, int i, JsonToken t) throws IOException {
        BigDecimal d = null;
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            d = p.getDecimalValue();
        } else if (t == JsonToken.VALUE_STRING && position.policy == MismatchPolicy.COERCE) {
            try {
                d = new BigDecimal(p.getText().trim());
            } catch (NumberFormatException e) {
                d = null;
            }
        }
        if (d == null) {
            mismatch(p, v, i);
            return;
        }
        int scale = ((ArrowType.Decimal) type).getScale();
        try {
            d = d.setScale(scale);
            if (v instanceof DecimalVector dv) {
                dv.setSafe(i, d);
            } else {
                ((Decimal256Vector) v).setSafe(i, d);
            }
        } catch (ArithmeticException | UnsupportedOperationException e) {
            throw error(p, d + " does not fit " + type);
        }
    }

    private void readText(JsonParser p, FieldVector v, int i, JsonToken t) throws IOException {
        String s = null;
        if (t == JsonToken.VALUE_STRING) {
            s = p.getText();
        } else if (position.policy == MismatchPolicy.COERCE && t.isScalarValue()) {
            s = p.getText();
        }
        if (s == null) {
            mismatch(p, v, i);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (v instanceof BaseVariableWidthVector vw) {
            vw.setSafe(i, b);
        } else if (v instanceof BaseLargeVariableWidthVector vw) {
            vw.setSafe(i, b);
        } else {
            ((BaseVariableWidthViewVector) v).setSafe(i, b);
        }
    }

    private void readBinary(JsonParser p, FieldVector v, int i, JsonToken t) throws IOException {
        byte[] b = null;
        if (t == JsonToken.VALUE_STRING) {
            try {
                b = java.util.Base64.getDecoder().decode(p.getText().trim());
            } catch (IllegalArgumentException e) {
                b = null;
            }
        }
        if (b == null) {
            mismatch(p, v, i);
            return;
        }
        if (v instanceof BaseVariableWidthVector vw) {
            vw.setSafe(i, b);
        } else if (v instanceof BaseLargeVariableWidthVector vw) {
            vw.setSafe(i, b);
        } else if (v instanceof BaseVariableWidthViewVector vw) {
            vw.setSafe(i, b);
        } else {
            FixedSizeBinaryVector fb = (FixedSizeBinaryVector) v;
            if (b.length != fb.getByteWidth()) {
                mismatch(p, v, i);
                return;
            }
            fb.setSafe(i, b);
        }
    }

    private void readTemporal(JsonParser p, FieldVector v, int i, JsonToken t) throws IOException {
        Long raw = null;
        boolean isDuration = type instanceof ArrowType.Duration;
        if (t == JsonToken.VALUE_STRING && !isDuration) {
            String s = p.getText().trim();
            try {
                raw = switch (type.getTypeID()) {
                    case Date -> {
                        long days = TemporalText.parseDate(s);
                        yield ((ArrowType.Date) type).getUnit() == DateUnit.DAY ? days : days * 86_400_000L;
                    }
                    case Time -> TemporalText.parseTime(s, ((ArrowType.Time) type).getUnit());
                    default -> TemporalText.parseTimestamp(s, ((ArrowType.Timestamp) type).getUnit());
                };
            } catch (RuntimeException e) {
                raw = null;
            }
        } else if (t == JsonToken.VALUE_NUMBER_INT && (isDuration || position.policy == MismatchPolicy.COERCE)) {
            raw = p.getLongValue();
        } else if (t == JsonToken.VALUE_STRING && position.policy == MismatchPolicy.COERCE) {
            try {
                raw = Long.parseLong(p.getText().trim());
            } catch (NumberFormatException e) {
                raw = null;
            }
        }
        if (raw == null) {
            mismatch(p, v, i);
            return;
        }
        int width = ((BaseFixedWidthVector) v).getTypeWidth() * 8;
        setLong(v, i, raw, width);
    }

    private void requireNullable(JsonParser p, String what) throws FormatException {
        if (!field.isNullable() && !(type instanceof ArrowType.Null)) {
            throw new FormatException(prefix() + "column '" + path + "' is declared non-nullable but the value is "
                    + what, offset(p));
        }
    }

    /** A value of the wrong JSON type: error, or null under {@link MismatchPolicy#NULL}. */
    private void mismatch(JsonParser p, FieldVector v, int i) throws IOException {
        if (position.policy == MismatchPolicy.NULL) {
            requireNullable(p, "of the wrong type (" + describe(p) + ")");
            p.skipChildren();
            return;
        }
        throw error(p, "expected " + expected() + ", got " + describe(p));
    }

    private String expected() {
        return switch (type.getTypeID()) {
            case Null -> "null";
            case Bool -> "a boolean";
            case Int, Duration -> "an integer";
            case FloatingPoint, Decimal -> "a number";
            case Utf8, LargeUtf8, Utf8View -> "a string";
            case Binary, LargeBinary, BinaryView, FixedSizeBinary -> "a base64 string";
            case Date -> "a date string (yyyy-MM-dd)";
            case Time -> "a time string (HH:mm:ss)";
            case Timestamp -> "an ISO-8601 timestamp string";
            case Struct, Map -> "an object";
            default -> "an array";
        } + " (" + type + ")";
    }

    private static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "the end of the input";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "the string \"" + abbreviate(p.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + abbreviate(p.getText());
            case VALUE_TRUE, VALUE_FALSE -> p.getText();
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private String prefix() {
        return "JSON " + position.source + ": record " + position.record + ", ";
    }

    private static long offset(JsonParser p) {
        return p.currentTokenLocation().getByteOffset();
    }

    private FormatException error(JsonParser p, String what) {
        return new FormatException(prefix() + "column '" + path + "': " + what + " (line "
                + p.currentTokenLocation().getLineNr() + ")", offset(p));
    }
}
