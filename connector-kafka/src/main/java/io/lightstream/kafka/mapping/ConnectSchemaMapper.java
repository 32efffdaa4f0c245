package io.lightstream.kafka.mapping;

import static io.lightstream.kafka.mapping.ArrowParameters.BYTE_WIDTH;
import static io.lightstream.kafka.mapping.ArrowParameters.CHILD_NAME;
import static io.lightstream.kafka.mapping.ArrowParameters.DECIMAL_PRECISION;
import static io.lightstream.kafka.mapping.ArrowParameters.DICTIONARY_INDEX;
import static io.lightstream.kafka.mapping.ArrowParameters.DURATION_NAME;
import static io.lightstream.kafka.mapping.ArrowParameters.INTERVAL_DAY_TIME_NAME;
import static io.lightstream.kafka.mapping.ArrowParameters.INTERVAL_MONTH_DAY_NANO_NAME;
import static io.lightstream.kafka.mapping.ArrowParameters.INTERVAL_YEAR_MONTH_NAME;
import static io.lightstream.kafka.mapping.ArrowParameters.KEYS_SORTED;
import static io.lightstream.kafka.mapping.ArrowParameters.LIST_SIZE;
import static io.lightstream.kafka.mapping.ArrowParameters.METADATA_PREFIX;
import static io.lightstream.kafka.mapping.ArrowParameters.TIMESTAMP_NAME;
import static io.lightstream.kafka.mapping.ArrowParameters.TIMEZONE;
import static io.lightstream.kafka.mapping.ArrowParameters.TIME_NAME;
import static io.lightstream.kafka.mapping.ArrowParameters.TYPE;
import static io.lightstream.kafka.mapping.ArrowParameters.UNIT;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Maps Arrow schemas to Connect schemas and back: the one place that decides which Connect type
 * stands for which Arrow type.
 *
 * <table>
 * <caption>Arrow to Connect</caption>
 * <tr><th>Arrow</th><th>Connect</th><th>parameters</th></tr>
 * <tr><td>bool, int8..int64, float32, float64, utf8, binary</td><td>BOOLEAN, INT8..INT64, FLOAT32, FLOAT64, STRING, BYTES</td><td>none</td></tr>
 * <tr><td>uint8, uint16, uint32</td><td>INT16, INT32, INT64 (widened)</td><td>arrow.type</td></tr>
 * <tr><td>uint64</td><td>Decimal, scale 0 (no Connect integer holds it)</td><td>arrow.type, precision 20</td></tr>
 * <tr><td>float16</td><td>FLOAT32</td><td>arrow.type</td></tr>
 * <tr><td>large_utf8, utf8_view / large_binary, binary_view</td><td>STRING / BYTES</td><td>arrow.type</td></tr>
 * <tr><td>fixed_size_binary(n)</td><td>BYTES</td><td>arrow.type, arrow.byte_width</td></tr>
 * <tr><td>decimal128/256(p, s)</td><td>Decimal(s)</td><td>connect.decimal.precision (arrow.type for a 256-bit p &lt;= 38)</td></tr>
 * <tr><td>date32 / date64</td><td>Date</td><td>date64: arrow.type</td></tr>
 * <tr><td>time32(s, ms)</td><td>Time</td><td>seconds: arrow.type, arrow.unit</td></tr>
 * <tr><td>time64(us, ns)</td><td>{@link TemporalMode}: INT64 {@code io.lightstream.arrow.Time}, or Time</td><td>arrow.unit (+ arrow.type)</td></tr>
 * <tr><td>timestamp(s, ms, tz)</td><td>Timestamp</td><td>unless (ms, UTC): arrow.type, arrow.unit, arrow.timezone</td></tr>
 * <tr><td>timestamp(us, ns, tz)</td><td>{@link TemporalMode}: INT64 {@code io.lightstream.arrow.Timestamp}, or Timestamp</td><td>arrow.unit, arrow.timezone (+ arrow.type)</td></tr>
 * <tr><td>duration(unit)</td><td>INT64 {@code io.lightstream.arrow.Duration}</td><td>arrow.unit</td></tr>
 * <tr><td>interval(year_month / day_time / month_day_nano)</td><td>INT32 / STRUCT / STRUCT, named {@code io.lightstream.arrow.Interval*}</td><td></td></tr>
 * <tr><td>list, large_list, fixed_size_list(n), list_view, large_list_view</td><td>ARRAY</td><td>arrow.type, arrow.list_size</td></tr>
 * <tr><td>struct / map</td><td>STRUCT / MAP</td><td>map: arrow.keys_sorted</td></tr>
 * <tr><td>dictionary-encoded, run-end encoded</td><td>the value type, decoded</td><td>arrow.dictionary_index</td></tr>
 * <tr><td>null</td><td>optional STRING, always null</td><td>arrow.type</td></tr>
 * <tr><td>union</td><td colspan="2">rejected: Connect has no union type</td></tr>
 * </table>
 *
 * <p>Arrow nullability is Connect optionality; field custom metadata travels in {@code
 * arrow.metadata.*} parameters. The reverse direction honours every parameter above and maps plain
 * Connect types to the first Arrow type of each row; a plain {@code Timestamp} becomes
 * {@code timestamp(ms)} in {@link MappingOptions#defaultTimezone()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConnectSchemaMapper {
    static final String LIST_ITEM_NAME = "item";
    static final String MAP_ENTRIES_NAME = "entries";
    static final String MAP_KEY_NAME = "key";
    static final String MAP_VALUE_NAME = "value";

    private final MappingOptions options;

    public ConnectSchemaMapper(MappingOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public MappingOptions options() {
        return options;
    }

    // ---------------------------------------------------------------- Arrow to Connect

    /**
     * The Connect STRUCT schema of rows of {@code schema}, named {@code name} (may be null).
     * Schema-level custom metadata becomes {@code arrow.metadata.*} parameters of the struct.
     *
     * @throws SchemaMappingException naming the first column that cannot be represented
     */
    public Schema toConnect(org.apache.arrow.vector.types.pojo.Schema schema, String name) {
        SchemaBuilder struct = SchemaBuilder.struct();
        if (name != null) {
            struct.name(name);
        }
        addFields(struct, schema.getFields(), "");
        putMetadata(struct, schema.getCustomMetadata());
        return struct.build();
    }

    /** The Connect schema of one Arrow field; {@code path} names it in errors. */
    public Schema toConnect(Field field, String path) {
        SchemaBuilder b = builderFor(field, path);
        DictionaryEncoding dictionary = field.getDictionary();
        if (dictionary != null) {
            ArrowType.Int index = dictionary.getIndexType();
            b.parameter(DICTIONARY_INDEX, (index.getIsSigned() ? "int" : "uint") + index.getBitWidth());
        }
        putMetadata(b, field.getMetadata());
        if (field.isNullable()) {
            b.optional();
        }
        return b.build();
    }

    private void addFields(SchemaBuilder struct, List<Field> fields, String parentPath) {
        Set<String> seen = new HashSet<>();
        for (Field child : fields) {
            String path = parentPath.isEmpty() ? child.getName() : parentPath + "." + child.getName();
            if (child.getName() == null || child.getName().isEmpty()) {
                throw new SchemaMappingException(parentPath.isEmpty() ? "<root>" : parentPath,
                        "has a field without a name; Connect struct fields need names");
            }
            if (!seen.add(child.getName())) {
                throw new SchemaMappingException(path, "appears twice in its struct; Connect struct field names must be unique");
            }
            struct.field(child.getName(), toConnect(child, path));
        }
    }

    private SchemaBuilder builderFor(Field field, String path) {
        ArrowType type = field.getType();
        if (type instanceof ArrowType.ExtensionType ext) {
            Field storage = new Field(field.getName(),
                    new FieldType(field.isNullable(), ext.storageType(), null, field.getMetadata()), field.getChildren());
            SchemaBuilder b = builderFor(storage, path);
            b.parameter(METADATA_PREFIX + "ARROW:extension:name", ext.extensionName());
            b.parameter(METADATA_PREFIX + "ARROW:extension:metadata", ext.serialize());
            return b;
        }
        switch (type.getTypeID()) {
            case Null:
                return SchemaBuilder.string().parameter(TYPE, "null");
            case Bool:
                return SchemaBuilder.bool();
            case Int:
                return integer((ArrowType.Int) type);
            case FloatingPoint:
                return switch (((ArrowType.FloatingPoint) type).getPrecision()) {
                    case HALF -> SchemaBuilder.float32().parameter(TYPE, "float16");
                    case SINGLE -> SchemaBuilder.float32();
                    case DOUBLE -> SchemaBuilder.float64();
                };
            case Utf8:
                return SchemaBuilder.string();
            case LargeUtf8:
                return SchemaBuilder.string().parameter(TYPE, "large_utf8");
            case Utf8View:
                return SchemaBuilder.string().parameter(TYPE, "utf8_view");
            case Binary:
                return SchemaBuilder.bytes();
            case LargeBinary:
                return SchemaBuilder.bytes().parameter(TYPE, "large_binary");
            case BinaryView:
                return SchemaBuilder.bytes().parameter(TYPE, "binary_view");
            case FixedSizeBinary:
                return SchemaBuilder.bytes().parameter(TYPE, "fixed_size_binary")
                        .parameter(BYTE_WIDTH, Integer.toString(((ArrowType.FixedSizeBinary) type).getByteWidth()));
            case Decimal: {
                ArrowType.Decimal d = (ArrowType.Decimal) type;
                SchemaBuilder b = Decimal.builder(d.getScale()).parameter(DECIMAL_PRECISION, Integer.toString(d.getPrecision()));
                if (d.getBitWidth() == 256 && d.getPrecision() <= 38) {
                    b.parameter(TYPE, "decimal256");
                }
                return b;
            }
            case Date:
                return ((ArrowType.Date) type).getUnit() == DateUnit.DAY
                        ? Date.builder() : Date.builder().parameter(TYPE, "date64");
            case Time:
                return time((ArrowType.Time) type);
            case Timestamp:
                return timestamp((ArrowType.Timestamp) type, path);
            case Duration:
                return SchemaBuilder.int64().name(DURATION_NAME)
                        .parameter(UNIT, ((ArrowType.Duration) type).getUnit().name());
            case Interval:
                return interval(((ArrowType.Interval) type).getUnit());
            case List:
            case LargeList:
            case FixedSizeList:
            case ListView:
            case LargeListView:
                return list(field, path);
            case Struct: {
                SchemaBuilder b = SchemaBuilder.struct();
                addFields(b, field.getChildren(), path);
                return b;
            }
            case Map:
                return map(field, path);
            case RunEndEncoded: {
                Field values = field.getChildren().get(1);
                Field decoded = new Field(field.getName(),
                        new FieldType(field.isNullable(), values.getType(), null, null), values.getChildren());
                return builderFor(decoded, path);
            }
            case Union:
                throw new SchemaMappingException(path, "has Arrow type " + type
                        + ", and Kafka Connect has no union type; project the union into separate columns before sending");
            default:
                throw new SchemaMappingException(path, "has Arrow type " + type + ", which has no Kafka Connect counterpart");
        }
    }

    private static SchemaBuilder integer(ArrowType.Int t) {
        if (t.getIsSigned()) {
            return switch (t.getBitWidth()) {
                case 8 -> SchemaBuilder.int8();
                case 16 -> SchemaBuilder.int16();
                case 32 -> SchemaBuilder.int32();
                default -> SchemaBuilder.int64();
            };
        }
        return switch (t.getBitWidth()) {
            case 8 -> SchemaBuilder.int16().parameter(TYPE, "uint8");
            case 16 -> SchemaBuilder.int32().parameter(TYPE, "uint16");
            case 32 -> SchemaBuilder.int64().parameter(TYPE, "uint32");
            default -> Decimal.builder(0).parameter(DECIMAL_PRECISION, "20").parameter(TYPE, "uint64");
        };
    }

    private SchemaBuilder time(ArrowType.Time t) {
        return switch (t.getUnit()) {
            case MILLISECOND -> Time.builder();
            case SECOND -> Time.builder().parameter(TYPE, "time32").parameter(UNIT, TimeUnit.SECOND.name());
            case MICROSECOND, NANOSECOND -> options.temporalMode() == TemporalMode.PRECISE
                    ? SchemaBuilder.int64().name(TIME_NAME).parameter(UNIT, t.getUnit().name())
                    : Time.builder().parameter(TYPE, "time64").parameter(UNIT, t.getUnit().name());
        };
    }

    private SchemaBuilder timestamp(ArrowType.Timestamp t, String path) {
        String tz = t.getTimezone();
        if (tz != null) {
            try {
                ZoneId.of(tz);
            } catch (DateTimeException e) {
                throw new SchemaMappingException(path, "has an invalid time zone '" + tz + "': " + e.getMessage());
            }
        }
        boolean subMilli = t.getUnit() == TimeUnit.MICROSECOND || t.getUnit() == TimeUnit.NANOSECOND;
        SchemaBuilder b;
        if (subMilli && options.temporalMode() == TemporalMode.PRECISE) {
            b = SchemaBuilder.int64().name(TIMESTAMP_NAME).parameter(UNIT, t.getUnit().name());
        } else {
            b = Timestamp.builder();
            if (t.getUnit() == TimeUnit.MILLISECOND && "UTC".equals(tz)) {
                return b;
            }
            b.parameter(TYPE, "timestamp");
            if (t.getUnit() != TimeUnit.MILLISECOND) {
                b.parameter(UNIT, t.getUnit().name());
            }
        }
        if (tz != null) {
            b.parameter(TIMEZONE, tz);
        }
        return b;
    }

    private static SchemaBuilder interval(IntervalUnit unit) {
        return switch (unit) {
            case YEAR_MONTH -> SchemaBuilder.int32().name(INTERVAL_YEAR_MONTH_NAME);
            case DAY_TIME -> SchemaBuilder.struct().name(INTERVAL_DAY_TIME_NAME)
                    .field("days", Schema.INT32_SCHEMA).field("milliseconds", Schema.INT32_SCHEMA);
            case MONTH_DAY_NANO -> SchemaBuilder.struct().name(INTERVAL_MONTH_DAY_NANO_NAME)
                    .field("months", Schema.INT32_SCHEMA).field("days", Schema.INT32_SCHEMA)
                    .field("nanoseconds", Schema.INT64_SCHEMA);
        };
    }

    private SchemaBuilder list(Field field, String path) {
        Field element = field.getChildren().get(0);
        SchemaBuilder b = SchemaBuilder.array(toConnect(element, path + "[]"));
        switch (field.getType().getTypeID()) {
            case LargeList -> b.parameter(TYPE, "large_list");
            case ListView -> b.parameter(TYPE, "list_view");
            case LargeListView -> b.parameter(TYPE, "large_list_view");
            case FixedSizeList -> b.parameter(TYPE, "fixed_size_list").parameter(LIST_SIZE,
                    Integer.toString(((ArrowType.FixedSizeList) field.getType()).getListSize()));
            default -> { }
        }
        if (!LIST_ITEM_NAME.equals(element.getName())) {
            b.parameter(CHILD_NAME, element.getName());
        }
        return b;
    }

    private SchemaBuilder map(Field field, String path) {
        Field entries = field.getChildren().get(0);
        Field key = entries.getChildren().get(0);
        Field value = entries.getChildren().get(1);
        SchemaBuilder b = SchemaBuilder.map(toConnect(key, path + ".{key}"), toConnect(value, path + ".{value}"));
        if (((ArrowType.Map) field.getType()).getKeysSorted()) {
            b.parameter(KEYS_SORTED, "true");
        }
        if (!MAP_ENTRIES_NAME.equals(entries.getName())) {
            b.parameter(CHILD_NAME, entries.getName());
        }
        return b;
    }

    private static void putMetadata(SchemaBuilder b, Map<String, String> metadata) {
        if (metadata != null) {
            metadata.forEach((k, v) -> b.parameter(METADATA_PREFIX + k, v));
        }
    }

    // ---------------------------------------------------------------- Connect to Arrow

    /**
     * The Arrow schema of rows of the Connect STRUCT {@code schema}. Top-level {@code
     * arrow.metadata.*} parameters become schema custom metadata.
     *
     * @throws SchemaMappingException naming the first field that cannot be represented
     */
    public org.apache.arrow.vector.types.pojo.Schema toArrow(Schema schema) {
        if (schema.type() != Schema.Type.STRUCT) {
            throw new SchemaMappingException("<root>", "is a Connect " + schema.type()
                    + "; rows need a STRUCT schema (or declare an Arrow schema for schemaless records)");
        }
        List<Field> fields = new ArrayList<>();
        for (org.apache.kafka.connect.data.Field f : schema.fields()) {
            fields.add(toArrow(f.name(), f.schema(), f.name()));
        }
        return new org.apache.arrow.vector.types.pojo.Schema(fields, metadataOf(schema));
    }

    /** The Arrow field named {@code name} for Connect schema {@code schema}; {@code path} names it in errors. */
    public Field toArrow(String name, Schema schema, String path) {
        Map<String, String> params = schema.parameters() == null ? Map.of() : schema.parameters();
        String arrowType = params.get(TYPE);
        Map<String, String> metadata = metadataOf(schema);
        boolean nullable = schema.isOptional();
        String logical = schema.name();
        if (logical != null) {
            Field f = logicalToArrow(name, schema, path, params, arrowType, nullable, metadata);
            if (f != null) {
                return f;
            }
        }
        ArrowType type;
        switch (schema.type()) {
            case INT8 -> type = new ArrowType.Int(8, true);
            case INT16 -> type = "uint8".equals(arrowType) ? new ArrowType.Int(8, false) : new ArrowType.Int(16, true);
            case INT32 -> type = "uint16".equals(arrowType) ? new ArrowType.Int(16, false) : new ArrowType.Int(32, true);
            case INT64 -> type = "uint32".equals(arrowType) ? new ArrowType.Int(32, false) : new ArrowType.Int(64, true);
            case FLOAT32 -> type = new ArrowType.FloatingPoint(
                    "float16".equals(arrowType) ? FloatingPointPrecision.HALF : FloatingPointPrecision.SINGLE);
            case FLOAT64 -> type = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case BOOLEAN -> type = ArrowType.Bool.INSTANCE;
            case STRING -> type = arrowType == null ? ArrowType.Utf8.INSTANCE : switch (arrowType) {
                case "null" -> ArrowType.Null.INSTANCE;
                case "large_utf8" -> ArrowType.LargeUtf8.INSTANCE;
                case "utf8_view" -> ArrowType.Utf8View.INSTANCE;
                default -> throw badParameter(path, schema, TYPE, arrowType);
            };
            case BYTES -> type = arrowType == null ? ArrowType.Binary.INSTANCE : switch (arrowType) {
                case "large_binary" -> ArrowType.LargeBinary.INSTANCE;
                case "binary_view" -> ArrowType.BinaryView.INSTANCE;
                case "fixed_size_binary" -> new ArrowType.FixedSizeBinary(positiveInt(params, BYTE_WIDTH, path));
                default -> throw badParameter(path, schema, TYPE, arrowType);
            };
            case ARRAY -> {
                return listToArrow(name, schema, path, params, arrowType, nullable, metadata);
            }
            case MAP -> {
                return mapToArrow(name, schema, path, params, nullable, metadata);
            }
            case STRUCT -> {
                List<Field> children = new ArrayList<>();
                for (org.apache.kafka.connect.data.Field f : schema.fields()) {
                    children.add(toArrow(f.name(), f.schema(), path + "." + f.name()));
                }
                return new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null, metadata), children);
            }
            default -> throw new SchemaMappingException(path, "has Connect type " + schema.type() + ", which has no Arrow counterpart");
        }
        if (arrowType != null && !matchesPrimitive(schema.type(), arrowType)) {
            throw badParameter(path, schema, TYPE, arrowType);
        }
        return new Field(name, new FieldType(nullable || type instanceof ArrowType.Null, type, null, metadata), null);
    }

    private Field logicalToArrow(String name, Schema schema, String path, Map<String, String> params, String arrowType,
            boolean nullable, Map<String, String> metadata) {
        ArrowType type;
        switch (schema.name()) {
            case Decimal.LOGICAL_NAME -> type = decimalToArrow(schema, path, params, arrowType);
            case Date.LOGICAL_NAME -> type = new ArrowType.Date("date64".equals(arrowType) ? DateUnit.MILLISECOND : DateUnit.DAY);
            case Time.LOGICAL_NAME -> {
                TimeUnit unit = arrowType == null ? TimeUnit.MILLISECOND : unit(params, path, TimeUnit.MILLISECOND);
                type = new ArrowType.Time(unit, timeBitWidth(unit));
            }
            case Timestamp.LOGICAL_NAME -> type = "timestamp".equals(arrowType)
                    ? new ArrowType.Timestamp(unit(params, path, TimeUnit.MILLISECOND), zone(params, path))
                    : new ArrowType.Timestamp(TimeUnit.MILLISECOND, options.defaultTimezone());
            case TIMESTAMP_NAME -> type = new ArrowType.Timestamp(unit(params, path, null), zone(params, path));
            case TIME_NAME -> {
                TimeUnit unit = unit(params, path, null);
                type = new ArrowType.Time(unit, timeBitWidth(unit));
            }
            case DURATION_NAME -> type = new ArrowType.Duration(unit(params, path, null));
            case INTERVAL_YEAR_MONTH_NAME -> type = new ArrowType.Interval(IntervalUnit.YEAR_MONTH);
            case INTERVAL_DAY_TIME_NAME -> type = new ArrowType.Interval(IntervalUnit.DAY_TIME);
            case INTERVAL_MONTH_DAY_NANO_NAME -> type = new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO);
            default -> {
                return null; // a user-named schema: its physical type decides
            }
        }
        return new Field(name, new FieldType(nullable, type, null, metadata), null);
    }

    private ArrowType decimalToArrow(Schema schema, String path, Map<String, String> params, String arrowType) {
        int scale = intParameter(params, Decimal.SCALE_FIELD, path);
        if ("uint64".equals(arrowType)) {
            if (scale != 0) {
                throw new SchemaMappingException(path, "is a uint64 column with Decimal scale " + scale + "; it must be 0");
            }
            return new ArrowType.Int(64, false);
        }
        int precision = params.containsKey(DECIMAL_PRECISION)
                ? intParameter(params, DECIMAL_PRECISION, path) : options.defaultDecimalPrecision();
        if (precision < 1 || precision > 76) {
            throw new SchemaMappingException(path, "has decimal precision " + precision + "; Arrow decimals hold 1 to 76 digits");
        }
        if (scale > precision || scale < -precision) {
            throw new SchemaMappingException(path, "has decimal scale " + scale + " outside the precision " + precision
                    + (params.containsKey(DECIMAL_PRECISION) ? "" : " (the default; set '" + DECIMAL_PRECISION
                            + "' on the schema or raise the default decimal precision)"));
        }
        if (arrowType != null && !arrowType.equals("decimal256")) {
            throw badParameter(path, schema, TYPE, arrowType);
        }
        int bitWidth = precision > 38 || "decimal256".equals(arrowType) ? 256 : 128;
        return new ArrowType.Decimal(precision, scale, bitWidth);
    }

    private Field listToArrow(String name, Schema schema, String path, Map<String, String> params, String arrowType,
            boolean nullable, Map<String, String> metadata) {
        Field element = toArrow(params.getOrDefault(CHILD_NAME, LIST_ITEM_NAME), schema.valueSchema(), path + "[]");
        ArrowType type = arrowType == null ? ArrowType.List.INSTANCE : switch (arrowType) {
            case "large_list" -> ArrowType.LargeList.INSTANCE;
            case "list_view" -> ArrowType.ListView.INSTANCE;
            case "large_list_view" -> ArrowType.LargeListView.INSTANCE;
            case "fixed_size_list" -> new ArrowType.FixedSizeList(positiveInt(params, LIST_SIZE, path));
            default -> throw badParameter(path, schema, TYPE, arrowType);
        };
        return new Field(name, new FieldType(nullable, type, null, metadata), List.of(element));
    }

    private Field mapToArrow(String name, Schema schema, String path, Map<String, String> params, boolean nullable,
            Map<String, String> metadata) {
        Field key = toArrow(MAP_KEY_NAME, schema.keySchema(), path + ".{key}");
        // Arrow map keys are never null; a null key in a record is rejected when the row is written.
        key = new Field(key.getName(), new FieldType(false, key.getType(), null, key.getMetadata()), key.getChildren());
        Field value = toArrow(MAP_VALUE_NAME, schema.valueSchema(), path + ".{value}");
        Field entries = new Field(params.getOrDefault(CHILD_NAME, MAP_ENTRIES_NAME),
                FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(key, value));
        boolean sorted = Boolean.parseBoolean(params.getOrDefault(KEYS_SORTED, "false"));
        return new Field(name, new FieldType(nullable, new ArrowType.Map(sorted), null, metadata), List.of(entries));
    }

    private static boolean matchesPrimitive(Schema.Type type, String arrowType) {
        return switch (type) {
            case INT16 -> arrowType.equals("uint8");
            case INT32 -> arrowType.equals("uint16");
            case INT64 -> arrowType.equals("uint32");
            case FLOAT32 -> arrowType.equals("float16");
            case STRING, BYTES -> true; // checked by the switch above
            default -> false;
        };
    }

    private static int timeBitWidth(TimeUnit unit) {
        return unit == TimeUnit.SECOND || unit == TimeUnit.MILLISECOND ? 32 : 64;
    }

    private static TimeUnit unit(Map<String, String> params, String path, TimeUnit defaultUnit) {
        String text = params.get(UNIT);
        if (text == null) {
            if (defaultUnit == null) {
                throw new SchemaMappingException(path, "lacks the '" + UNIT + "' parameter its logical type needs");
            }
            return defaultUnit;
        }
        try {
            return TimeUnit.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SchemaMappingException(path, "has '" + UNIT + "'='" + text
                    + "'; expected SECOND, MILLISECOND, MICROSECOND or NANOSECOND");
        }
    }

    private static String zone(Map<String, String> params, String path) {
        String tz = params.get(TIMEZONE);
        if (tz != null) {
            try {
                ZoneId.of(tz);
            } catch (DateTimeException e) {
                throw new SchemaMappingException(path, "has an invalid '" + TIMEZONE + "'='" + tz + "': " + e.getMessage());
            }
        }
        return tz;
    }

    private static int intParameter(Map<String, String> params, String key, String path) {
        String text = params.get(key);
        if (text == null) {
            throw new SchemaMappingException(path, "lacks the '" + key + "' parameter");
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new SchemaMappingException(path, "has '" + key + "'='" + text + "', which is not an integer");
        }
    }

    private static int positiveInt(Map<String, String> params, String key, String path) {
        int n = intParameter(params, key, path);
        if (n < 1) {
            throw new SchemaMappingException(path, "has '" + key + "'=" + n + "; it must be at least 1");
        }
        return n;
    }

    private static SchemaMappingException badParameter(String path, Schema schema, String key, String value) {
        return new SchemaMappingException(path, "has '" + key + "'='" + value + "', which does not apply to a Connect "
                + schema.type() + (schema.name() == null ? "" : " named " + schema.name()));
    }

    private static Map<String, String> metadataOf(Schema schema) {
        Map<String, String> params = schema.parameters();
        if (params == null) {
            return null;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith(METADATA_PREFIX)) {
                metadata.put(k.substring(METADATA_PREFIX.length()), v);
            }
        });
        return metadata.isEmpty() ? null : metadata;
    }
}
