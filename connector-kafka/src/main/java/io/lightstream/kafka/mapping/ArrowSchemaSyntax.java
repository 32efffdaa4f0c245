package io.lightstream.kafka.mapping;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A one-line text form of an Arrow schema, in the spelling pyarrow prints types, so that a schema
 * can be declared in a connector property:
 *
 * <pre>
 * id: int64 not null, name: string, price: decimal128(12, 2), seen: timestamp[us, tz=UTC],
 * tags: list&lt;string&gt;, attrs: map&lt;string, int64&gt;, pos: struct&lt;x: double, y: double&gt;
 * </pre>
 *
 * <p>A column is {@code name: type}, nullable unless followed by {@code not null}. Names with
 * characters other than letters, digits and {@code _} are quoted with backquotes. Types:
 * {@code null, bool, int8..int64, uint8..uint64, float16, float32 (float), float64 (double),
 * string (utf8), large_string, string_view, binary, large_binary, binary_view,
 * fixed_size_binary[n], decimal128(p, s), decimal256(p, s), date32, date64, time32[s|ms],
 * time64[us|ns], timestamp[unit] or timestamp[unit, tz=ZONE], duration[unit],
 * interval[year_month|day_time|month_day_nano], list<T>, large_list<T>, fixed_size_list<T>[n],
 * struct<name: T, ...>, map<K, V>}. A list element or map value is nullable unless followed by
 * {@code not null}; it may be named ({@code list<element: int32>}); map keys are never null.
 *
 * <p>Stateless; thread-safe.
 */
public final class ArrowSchemaSyntax {
    private ArrowSchemaSyntax() {}

    /**
     * Parses a schema.
     *
     * @throws IllegalArgumentException naming the character position and what was expected there
     */
    public static Schema parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the schema is empty; declare at least one column as name: type");
        }
        Parser p = new Parser(text);
        List<Field> fields = p.fields();
        p.skipSpace();
        if (!p.atEnd()) {
            throw p.error("expected ',' or the end of the schema");
        }
        return new Schema(fields);
    }

    /** The text form of {@code schema}, which {@link #parse} reads back to an equal schema (without metadata). */
    public static String format(Schema schema) {
        StringBuilder b = new StringBuilder();
        for (Field f : schema.getFields()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            field(b, f);
        }
        return b.toString();
    }

    private static void field(StringBuilder b, Field f) {
        b.append(name(f.getName())).append(": ");
        type(b, f);
        if (!f.isNullable()) {
            b.append(" not null");
        }
    }

    private static String name(String n) {
        return n.matches("[A-Za-z_][A-Za-z0-9_]*") ? n : "`" + n.replace("`", "``") + "`";
    }

    private static void type(StringBuilder b, Field f) {
        ArrowType t = f.getType();
        switch (t.getTypeID()) {
            case Null -> b.append("null");
            case Bool -> b.append("bool");
            case Int -> {
                ArrowType.Int i = (ArrowType.Int) t;
                b.append(i.getIsSigned() ? "int" : "uint").append(i.getBitWidth());
            }
            case FloatingPoint -> b.append(switch (((ArrowType.FloatingPoint) t).getPrecision()) {
                case HALF -> "float16";
                case SINGLE -> "float32";
                case DOUBLE -> "float64";
            });
            case Utf8 -> b.append("string");
            case LargeUtf8 -> b.append("large_string");
            case Utf8View -> b.append("string_view");
            case Binary -> b.append("binary");
            case LargeBinary -> b.append("large_binary");
            case BinaryView -> b.append("binary_view");
            case FixedSizeBinary -> b.append("fixed_size_binary[").append(((ArrowType.FixedSizeBinary) t).getByteWidth())
                    .append(']');
            case Decimal -> {
                ArrowType.Decimal d = (ArrowType.Decimal) t;
                b.append("decimal").append(d.getBitWidth()).append('(').append(d.getPrecision()).append(", ")
                        .append(d.getScale()).append(')');
            }
            case Date -> b.append(((ArrowType.Date) t).getUnit() == DateUnit.DAY ? "date32" : "date64");
            case Time -> {
                ArrowType.Time tm = (ArrowType.Time) t;
                b.append("time").append(tm.getBitWidth()).append('[').append(unit(tm.getUnit())).append(']');
            }
            case Timestamp -> {
                ArrowType.Timestamp ts = (ArrowType.Timestamp) t;
                b.append("timestamp[").append(unit(ts.getUnit()));
                if (ts.getTimezone() != null) {
                    b.append(", tz=").append(ts.getTimezone());
                }
                b.append(']');
            }
            case Duration -> b.append("duration[").append(unit(((ArrowType.Duration) t).getUnit())).append(']');
            case Interval -> b.append("interval[").append(((ArrowType.Interval) t).getUnit().name().toLowerCase(Locale.ROOT))
                    .append(']');
            case List, LargeList, FixedSizeList -> {
                b.append(switch (t.getTypeID()) {
                    case LargeList -> "large_list<";
                    case FixedSizeList -> "fixed_size_list<";
                    default -> "list<";
                });
                Field element = f.getChildren().get(0);
                if (!ConnectSchemaMapper.LIST_ITEM_NAME.equals(element.getName())) {
                    b.append(name(element.getName())).append(": ");
                }
                type(b, element);
                if (!element.isNullable()) {
                    b.append(" not null");
                }
                b.append('>');
                if (t instanceof ArrowType.FixedSizeList fsl) {
                    b.append('[').append(fsl.getListSize()).append(']');
                }
            }
            case Struct -> {
                b.append("struct<");
                boolean first = true;
                for (Field c : f.getChildren()) {
                    if (!first) {
                        b.append(", ");
                    }
                    first = false;
                    field(b, c);
                }
                b.append('>');
            }
            case Map -> {
                Field entries = f.getChildren().get(0);
                b.append("map<");
                type(b, entries.getChildren().get(0));
                b.append(", ");
                Field value = entries.getChildren().get(1);
                type(b, value);
                if (!value.isNullable()) {
                    b.append(" not null");
                }
                b.append('>');
            }
            default -> throw new IllegalArgumentException("column '" + f.getName() + "' has type " + t
                    + ", which the schema syntax cannot express");
        }
    }

    private static String unit(TimeUnit u) {
        return switch (u) {
            case SECOND -> "s";
            case MILLISECOND -> "ms";
            case MICROSECOND -> "us";
            case NANOSECOND -> "ns";
        };
    }

    /** Recursive-descent parser over the text; positions in errors are 1-based characters. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String message) {
            String near = atEnd() ? "the end" : "'" + text.substring(pos, Math.min(text.length(), pos + 20)) + "'";
            return new IllegalArgumentException("schema syntax error at character " + (pos + 1) + " (near " + near
                    + "): " + message);
        }

        boolean accept(char c) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char c, String what) {
            if (!accept(c)) {
                throw error("expected '" + c + "' " + what);
            }
        }

        String word() {
            skipSpace();
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return text.substring(start, pos);
        }

        String name() {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == '`') {
                StringBuilder b = new StringBuilder();
                pos++;
                while (true) {
                    if (atEnd()) {
                        throw error("unterminated `quoted` name");
                    }
                    char c = text.charAt(pos++);
                    if (c == '`') {
                        if (pos < text.length() && text.charAt(pos) == '`') {
                            b.append('`');
                            pos++;
                        } else {
                            break;
                        }
                    } else {
                        b.append(c);
                    }
                }
                if (b.length() == 0) {
                    throw error("a column name cannot be empty");
                }
                return b.toString();
            }
            String w = word();
            if (w.isEmpty()) {
                throw error("expected a column name");
            }
            return w;
        }

        int number(String what) {
            String w = word();
            try {
                return Integer.parseInt(w);
            } catch (NumberFormatException e) {
                throw error("expected " + what);
            }
        }

        /** Parses {@code name: type [not null]} entries separated by commas. */
        List<Field> fields() {
            List<Field> fields = new ArrayList<>();
            Set<String> names = new HashSet<>();
            do {
                int at = pos;
                String name = name();
                expect(':', "after the column name '" + name + "'");
                Field f = typed(name);
                if (!names.add(name)) {
                    pos = at;
                    throw error("column '" + name + "' is declared twice");
                }
                fields.add(f);
            } while (accept(','));
            return fields;
        }

        boolean notNull() {
            int save = pos;
            String w = word();
            if (w.equalsIgnoreCase("not")) {
                String n = word();
                if (!n.equalsIgnoreCase("null")) {
                    throw error("expected 'null' after 'not'");
                }
                return true;
            }
            pos = save;
            return false;
        }

        /** A type and its optional {@code not null}, as a field named {@code name}. */
        Field typed(String name) {
            skipSpace();
            int at = pos;
            String t = word().toLowerCase(Locale.ROOT);
            if (t.isEmpty()) {
                throw error("expected a type for '" + name + "'");
            }
            List<Field> children = null;
            ArrowType type;
            switch (t) {
                case "null" -> type = ArrowType.Null.INSTANCE;
                case "bool", "boolean" -> type = ArrowType.Bool.INSTANCE;
                case "int8", "int16", "int32", "int64" -> type = new ArrowType.Int(Integer.parseInt(t.substring(3)), true);
                case "uint8", "uint16", "uint32", "uint64" -> type = new ArrowType.Int(Integer.parseInt(t.substring(4)), false);
                case "float16", "halffloat" -> type = new ArrowType.FloatingPoint(FloatingPointPrecision.HALF);
                case "float32", "float" -> type = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
                case "float64", "double" -> type = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
                case "string", "utf8" -> type = ArrowType.Utf8.INSTANCE;
                case "large_string", "large_utf8" -> type = ArrowType.LargeUtf8.INSTANCE;
                case "string_view", "utf8_view" -> type = ArrowType.Utf8View.INSTANCE;
                case "binary" -> type = ArrowType.Binary.INSTANCE;
                case "large_binary" -> type = ArrowType.LargeBinary.INSTANCE;
                case "binary_view" -> type = ArrowType.BinaryView.INSTANCE;
                case "fixed_size_binary" -> {
                    expect('[', "after fixed_size_binary (e.g. fixed_size_binary[16])");
                    int width = number("a byte width");
                    if (width < 1) {
                        throw error("a fixed_size_binary width must be at least 1");
                    }
                    expect(']', "after the byte width");
                    type = new ArrowType.FixedSizeBinary(width);
                }
                case "decimal", "decimal128", "decimal256" -> type = decimal(t);
                case "date32" -> type = new ArrowType.Date(DateUnit.DAY);
                case "date64" -> type = new ArrowType.Date(DateUnit.MILLISECOND);
                case "time32", "time64" -> {
                    expect('[', "after " + t + " (e.g. " + t + (t.equals("time32") ? "[ms])" : "[us])"));
                    TimeUnit unit = unit();
                    boolean small = unit == TimeUnit.SECOND || unit == TimeUnit.MILLISECOND;
                    if (small != t.equals("time32")) {
                        throw error(t.equals("time32") ? "time32 holds s or ms" : "time64 holds us or ns");
                    }
                    expect(']', "after the time unit");
                    type = new ArrowType.Time(unit, small ? 32 : 64);
                }
                case "timestamp" -> {
                    expect('[', "after timestamp (e.g. timestamp[ms, tz=UTC])");
                    TimeUnit unit = unit();
                    String tz = null;
                    if (accept(',')) {
                        if (!word().equalsIgnoreCase("tz")) {
                            throw error("expected tz=ZONE");
                        }
                        expect('=', "after tz");
                        skipSpace();
                        int start = pos;
                        while (pos < text.length() && text.charAt(pos) != ']') {
                            pos++;
                        }
                        tz = text.substring(start, pos).trim();
                        try {
                            ZoneId.of(tz);
                        } catch (DateTimeException e) {
                            pos = start;
                            throw error("'" + tz + "' is not a time zone: " + e.getMessage());
                        }
                    }
                    expect(']', "after the timestamp unit");
                    type = new ArrowType.Timestamp(unit, tz);
                }
                case "duration" -> {
                    expect('[', "after duration (e.g. duration[ms])");
                    TimeUnit unit = unit();
                    expect(']', "after the duration unit");
                    type = new ArrowType.Duration(unit);
                }
                case "interval" -> {
                    expect('[', "after interval");
                    String u = word().toLowerCase(Locale.ROOT);
                    type = switch (u) {
                        case "year_month" -> new ArrowType.Interval(IntervalUnit.YEAR_MONTH);
                        case "day_time" -> new ArrowType.Interval(IntervalUnit.DAY_TIME);
                        case "month_day_nano" -> new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO);
                        default -> throw error("expected year_month, day_time or month_day_nano");
                    };
                    expect(']', "after the interval unit");
                }
                case "list", "large_list", "fixed_size_list" -> {
                    expect('<', "after " + t);
                    Field element = element();
                    expect('>', "to close " + t);
                    children = List.of(element);
                    if (t.equals("fixed_size_list")) {
                        expect('[', "after fixed_size_list<...> (e.g. fixed_size_list<float32>[3])");
                        int n = number("a list size");
                        if (n < 1) {
                            throw error("a fixed_size_list size must be at least 1");
                        }
                        expect(']', "after the list size");
                        type = new ArrowType.FixedSizeList(n);
                    } else {
                        type = t.equals("list") ? ArrowType.List.INSTANCE : ArrowType.LargeList.INSTANCE;
                    }
                }
                case "struct" -> {
                    expect('<', "after struct");
                    children = fields();
                    expect('>', "to close struct");
                    type = ArrowType.Struct.INSTANCE;
                }
                case "map" -> {
                    expect('<', "after map");
                    Field key = typed(ConnectSchemaMapper.MAP_KEY_NAME);
                    key = new Field(key.getName(), new FieldType(false, key.getType(), null), key.getChildren());
                    expect(',', "between the map's key and value types");
                    Field value = typed(ConnectSchemaMapper.MAP_VALUE_NAME);
                    expect('>', "to close map");
                    Field entries = new Field(ConnectSchemaMapper.MAP_ENTRIES_NAME,
                            FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(key, value));
                    children = List.of(entries);
                    type = new ArrowType.Map(false);
                }
                default -> {
                    pos = at;
                    throw error("unknown type '" + t + "'");
                }
            }
            boolean nullable = !notNull() || type instanceof ArrowType.Null;
            return new Field(name, new FieldType(nullable, type, null), children);
        }

        /** A list element: {@code T}, {@code T not null} or {@code name: T [not null]}. */
        Field element() {
            skipSpace();
            int save = pos;
            String maybeName = word();
            if (!maybeName.isEmpty() && accept(':')) {
                return typed(maybeName);
            }
            pos = save;
            return typed(ConnectSchemaMapper.LIST_ITEM_NAME);
        }

        ArrowType decimal(String t) {
            expect('(', "after " + t + " (e.g. " + t + "(12, 2))");
            int precision = number("a precision");
            expect(',', "between precision and scale");
            skipSpace();
            boolean negative = accept('-');
            int scale = number("a scale") * (negative ? -1 : 1);
            expect(')', "after the scale");
            int bits = t.equals("decimal256") || t.equals("decimal") && precision > 38 ? 256 : 128;
            if (precision < 1 || precision > (bits == 128 ? 38 : 76)) {
                throw error(t + " precision must be 1.." + (bits == 128 ? 38 : 76) + ", got " + precision);
            }
            if (scale > precision) {
                throw error("scale " + scale + " exceeds precision " + precision);
            }
            return new ArrowType.Decimal(precision, scale, bits);
        }

        TimeUnit unit() {
            String u = word().toLowerCase(Locale.ROOT);
            return switch (u) {
                case "s" -> TimeUnit.SECOND;
                case "ms" -> TimeUnit.MILLISECOND;
                case "us" -> TimeUnit.MICROSECOND;
                case "ns" -> TimeUnit.NANOSECOND;
                default -> throw error("expected a time unit: s, ms, us or ns");
            };
        }
    }
}
