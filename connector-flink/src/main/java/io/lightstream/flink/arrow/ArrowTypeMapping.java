package io.lightstream.flink.arrow;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DayTimeIntervalType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DistinctType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.NullType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.StructuredType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.YearMonthIntervalType;

/**
 * The one mapping between Flink {@link LogicalType logical types} and Arrow {@link Field fields},
 * in both directions, plus the rules for reading an Arrow field as a declared Flink type.
 *
 * <table>
 * <caption>Flink to Arrow (what the sink writes)</caption>
 * <tr><th>Flink</th><th>Arrow</th></tr>
 * <tr><td>BOOLEAN</td><td>Bool</td></tr>
 * <tr><td>TINYINT / SMALLINT / INT / BIGINT</td><td>Int(8/16/32/64, signed)</td></tr>
 * <tr><td>FLOAT / DOUBLE</td><td>FloatingPoint(SINGLE / DOUBLE)</td></tr>
 * <tr><td>DECIMAL(p, s)</td><td>Decimal(p, s, 128)</td></tr>
 * <tr><td>CHAR / VARCHAR / STRING</td><td>Utf8</td></tr>
 * <tr><td>BINARY(n)</td><td>FixedSizeBinary(n)</td></tr>
 * <tr><td>VARBINARY / BYTES</td><td>Binary</td></tr>
 * <tr><td>DATE</td><td>Date(DAY)</td></tr>
 * <tr><td>TIME(p)</td><td>Time(SECOND, 32) for p = 0, (MILLISECOND, 32) for 1-3, (MICROSECOND, 64) for 4-6,
 *     (NANOSECOND, 64) for 7-9</td></tr>
 * <tr><td>TIMESTAMP(p)</td><td>Timestamp(unit of p, no time zone)</td></tr>
 * <tr><td>TIMESTAMP_LTZ(p)</td><td>Timestamp(unit of p, "UTC")</td></tr>
 * <tr><td>INTERVAL YEAR TO MONTH</td><td>Interval(YEAR_MONTH)</td></tr>
 * <tr><td>INTERVAL DAY TO SECOND</td><td>Duration(MILLISECOND)</td></tr>
 * <tr><td>ARRAY&lt;T&gt;</td><td>List with child {@code item}</td></tr>
 * <tr><td>MAP&lt;K, V&gt;</td><td>Map(keysSorted = false), entries {@code entries{key, value}}, key non-null</td></tr>
 * <tr><td>MULTISET&lt;T&gt;</td><td>Map&lt;T, Int(32)&gt; (element to count)</td></tr>
 * <tr><td>ROW / structured type</td><td>Struct</td></tr>
 * <tr><td>NULL</td><td>Null</td></tr>
 * </table>
 *
 * <p>Arrow to Flink additionally accepts: unsigned integers widened so no value overflows (UInt8
 * to SMALLINT, UInt16 to INT, UInt32 to BIGINT, UInt64 to DECIMAL(20, 0)), Float16, LargeUtf8 and
 * Utf8View, LargeBinary and BinaryView, Decimal256 with precision up to 38, Date(MILLISECOND), every
 * time and timestamp unit, Interval(DAY_TIME) and every Duration unit, LargeList, FixedSizeList,
 * ListView and LargeListView. Timestamps with any non-null time zone are instants
 * (TIMESTAMP_LTZ); without one, wall-clock values (TIMESTAMP). Dictionary-encoded fields map to
 * their value type and are decoded transparently on read.
 *
 * <p>Flink's runtime keeps TIME values in milliseconds: finer Arrow time units are read floored to
 * the millisecond.
 *
 * <p>Stateless and thread-safe.
 */
public final class ArrowTypeMapping {
    /** Name of a list's element field, as pyarrow and Arrow C++ write it. */
    public static final String LIST_ELEMENT_NAME = "item";

    /** Time zone written on TIMESTAMP_LTZ columns: their values are UTC epoch instants. */
    public static final String LTZ_TIME_ZONE = "UTC";

    private ArrowTypeMapping() {}

    // ---------------------------------------------------------------------------------------------
    // Flink -> Arrow
    // ---------------------------------------------------------------------------------------------

    /** The Arrow schema for rows of {@code rowType}, one top-level field per Flink field. */
    public static Schema toArrowSchema(RowType rowType) {
        List<Field> fields = new ArrayList<>(rowType.getFieldCount());
        for (RowType.RowField f : rowType.getFields()) {
            fields.add(toField(f.getName(), f.getType(), f.getName()));
        }
        return new Schema(fields);
    }

    /**
     * The Arrow field for a Flink column.
     *
     * @throws UnsupportedTypeException the type (or a nested type) has no Arrow representation
     */
    public static Field toArrowField(String name, LogicalType type) {
        return toField(name, type, name);
    }

    private static Field toField(String name, LogicalType type, String path) {
        FieldType fieldType = new FieldType(type.isNullable(), toArrowType(type, path), null);
        List<Field> children = null;
        switch (type.getTypeRoot()) {
            case ARRAY:
                children = List.of(toField(LIST_ELEMENT_NAME, ((ArrayType) type).getElementType(), path + "[]"));
                break;
            case MAP: {
                MapType map = (MapType) type;
                children = List.of(mapEntries(map.getKeyType(), map.getValueType(), path));
                break;
            }
            case MULTISET:
                children = List.of(mapEntries(((MultisetType) type).getElementType(), new IntType(false), path));
                break;
            case ROW: {
                RowType row = (RowType) type;
                children = new ArrayList<>(row.getFieldCount());
                for (RowType.RowField f : row.getFields()) {
                    children.add(toField(f.getName(), f.getType(), path + "." + f.getName()));
                }
                break;
            }
            case STRUCTURED_TYPE: {
                StructuredType structured = (StructuredType) type;
                children = new ArrayList<>();
                for (StructuredType.StructuredAttribute a : structured.getAttributes()) {
                    children.add(toField(a.getName(), a.getType(), path + "." + a.getName()));
                }
                break;
            }
            case DISTINCT_TYPE:
                return toField(name, ((DistinctType) type).getSourceType().copy(type.isNullable()), path);
            default:
                break;
        }
        return new Field(name, fieldType, children);
    }

    private static Field mapEntries(LogicalType keyType, LogicalType valueType, String path) {
        // Arrow requires non-null map keys; null keys are rejected when written.
        Field key = toField(MapVector.KEY_NAME, keyType.copy(false), path + "{key}");
        Field value = toField(MapVector.VALUE_NAME, valueType, path + "{value}");
        return new Field(MapVector.DATA_VECTOR_NAME, FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(key, value));
    }

    private static ArrowType toArrowType(LogicalType type, String path) {
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return ArrowType.Bool.INSTANCE;
            case TINYINT:
                return new ArrowType.Int(8, true);
            case SMALLINT:
                return new ArrowType.Int(16, true);
            case INTEGER:
                return new ArrowType.Int(32, true);
            case BIGINT:
                return new ArrowType.Int(64, true);
            case FLOAT:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL: {
                DecimalType d = (DecimalType) type;
                return new ArrowType.Decimal(d.getPrecision(), d.getScale(), 128);
            }
            case CHAR:
            case VARCHAR:
                return ArrowType.Utf8.INSTANCE;
            case BINARY: {
                int length = ((BinaryType) type).getLength();
                // BINARY(0) only exists for empty literals; a zero-width fixed binary is not useful.
                return length == 0 ? ArrowType.Binary.INSTANCE : new ArrowType.FixedSizeBinary(length);
            }
            case VARBINARY:
                return ArrowType.Binary.INSTANCE;
            case DATE:
                return new ArrowType.Date(DateUnit.DAY);
            case TIME_WITHOUT_TIME_ZONE: {
                TimeUnit unit = unitOfPrecision(((TimeType) type).getPrecision());
                return new ArrowType.Time(unit, unit == TimeUnit.SECOND || unit == TimeUnit.MILLISECOND ? 32 : 64);
            }
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return new ArrowType.Timestamp(unitOfPrecision(((TimestampType) type).getPrecision()), null);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return new ArrowType.Timestamp(unitOfPrecision(((LocalZonedTimestampType) type).getPrecision()),
                        LTZ_TIME_ZONE);
            case INTERVAL_YEAR_MONTH:
                return new ArrowType.Interval(IntervalUnit.YEAR_MONTH);
            case INTERVAL_DAY_TIME:
                return new ArrowType.Duration(TimeUnit.MILLISECOND);
            case ARRAY:
                return ArrowType.List.INSTANCE;
            case MAP:
            case MULTISET:
                return new ArrowType.Map(false);
            case ROW:
            case STRUCTURED_TYPE:
                return ArrowType.Struct.INSTANCE;
            case NULL:
                return ArrowType.Null.INSTANCE;
            case DISTINCT_TYPE:
                return toArrowType(((DistinctType) type).getSourceType(), path);
            default:
                throw new UnsupportedTypeException(path, "Flink type " + type.asSummaryString()
                        + " has no Arrow representation (supported: boolean, integers, float, double, decimal, char,"
                        + " varchar, binary, varbinary, date, time, timestamp, timestamp_ltz, intervals, array, map,"
                        + " multiset, row, null)");
        }
    }

    /** The Arrow time unit that holds Flink fractional-second precision {@code precision} (0-9). */
    public static TimeUnit unitOfPrecision(int precision) {
        if (precision == 0) {
            return TimeUnit.SECOND;
        } else if (precision <= 3) {
            return TimeUnit.MILLISECOND;
        } else if (precision <= 6) {
            return TimeUnit.MICROSECOND;
        }
        return TimeUnit.NANOSECOND;
    }

    /** The Flink fractional-second precision of an Arrow time unit. */
    public static int precisionOfUnit(TimeUnit unit) {
        switch (unit) {
            case SECOND:
                return 0;
            case MILLISECOND:
                return 3;
            case MICROSECOND:
                return 6;
            default:
                return 9;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Arrow -> Flink
    // ---------------------------------------------------------------------------------------------

    /**
     * The Flink row type of an Arrow schema, one field per top-level Arrow field.
     *
     * @throws UnsupportedTypeException an Arrow field has no Flink counterpart
     */
    public static RowType toRowType(Schema schema) {
        List<RowType.RowField> fields = new ArrayList<>(schema.getFields().size());
        for (Field f : schema.getFields()) {
            fields.add(new RowType.RowField(f.getName(), toLogical(f, f.getName(), null)));
        }
        return new RowType(false, fields);
    }

    /**
     * The natural Flink type of an Arrow field (the value type, for dictionary-encoded fields).
     *
     * @throws UnsupportedTypeException the field (or a child) has no Flink counterpart
     */
    public static LogicalType toLogicalType(Field field) {
        return toLogical(field, field.getName(), null);
    }

    /**
     * The natural Flink type of a field of a batch, resolving dictionary-encoded fields through the
     * batch's dictionaries. Arrow Java holds dictionary-encoded vectors as index vectors whose field
     * carries the index type; the value type is that of the dictionary vector.
     *
     * @throws UnsupportedTypeException the field (or a child) has no Flink counterpart
     */
    public static LogicalType toLogicalType(Field field, DictionaryProvider dictionaries) {
        return toLogical(field, field.getName(), dictionaries);
    }

    /**
     * The Flink row type of a batch's schema, resolving dictionary-encoded fields through the batch's
     * dictionaries.
     */
    public static RowType toRowType(Schema schema, DictionaryProvider dictionaries) {
        List<RowType.RowField> fields = new ArrayList<>(schema.getFields().size());
        for (Field f : schema.getFields()) {
            fields.add(new RowType.RowField(f.getName(), toLogical(f, f.getName(), dictionaries)));
        }
        return new RowType(false, fields);
    }

    /**
     * The field describing the values of {@code field}: for a dictionary-encoded field whose
     * dictionary {@code dictionaries} holds, the dictionary vector's type and children under the
     * field's name and nullability; otherwise the field itself (a schema read from a stream message
     * already carries the value type).
     */
    public static Field valueField(Field field, DictionaryProvider dictionaries) {
        return valueField(field, dictionaries, field.getName());
    }

    private static Field valueField(Field field, DictionaryProvider dictionaries, String path) {
        DictionaryEncoding encoding = field.getDictionary();
        if (encoding == null || dictionaries == null) {
            return field;
        }
        Dictionary dictionary = dictionaries.lookup(encoding.getId());
        if (dictionary == null) {
            throw new InvalidArrowDataException(path, "references dictionary id " + encoding.getId()
                    + ", which the stream has not sent");
        }
        Field values = dictionary.getVector().getField();
        return new Field(field.getName(), new FieldType(field.isNullable(), values.getType(), null, field.getMetadata()),
                values.getChildren());
    }

    static LogicalType toLogical(Field encoded, String path, DictionaryProvider dictionaries) {
        Field field = valueField(encoded, dictionaries, path);
        boolean nullable = field.isNullable();
        ArrowType type = field.getType();
        switch (type.getTypeID()) {
            case Null:
                return new NullType();
            case Bool:
                return new BooleanType(nullable);
            case Int: {
                ArrowType.Int i = (ArrowType.Int) type;
                if (i.getIsSigned()) {
                    switch (i.getBitWidth()) {
                        case 8:
                            return new TinyIntType(nullable);
                        case 16:
                            return new SmallIntType(nullable);
                        case 32:
                            return new IntType(nullable);
                        default:
                            return new BigIntType(nullable);
                    }
                }
                switch (i.getBitWidth()) {
                    case 8:
                        return new SmallIntType(nullable);
                    case 16:
                        return new IntType(nullable);
                    case 32:
                        return new BigIntType(nullable);
                    default:
                        return new DecimalType(nullable, 20, 0);
                }
            }
            case FloatingPoint:
                return ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE
                        ? new DoubleType(nullable)
                        : new FloatType(nullable);
            case Utf8:
            case LargeUtf8:
            case Utf8View:
                return new VarCharType(nullable, VarCharType.MAX_LENGTH);
            case Binary:
            case LargeBinary:
            case BinaryView:
                return new VarBinaryType(nullable, VarBinaryType.MAX_LENGTH);
            case FixedSizeBinary: {
                int width = ((ArrowType.FixedSizeBinary) type).getByteWidth();
                return width == 0 ? new VarBinaryType(nullable, VarBinaryType.MAX_LENGTH) : new BinaryType(nullable, width);
            }
            case Decimal: {
                ArrowType.Decimal d = (ArrowType.Decimal) type;
                if (d.getPrecision() < 1 || d.getPrecision() > DecimalType.MAX_PRECISION || d.getScale() < 0
                        || d.getScale() > d.getPrecision()) {
                    throw new UnsupportedTypeException(path, "Arrow " + describe(field)
                            + " has no Flink counterpart: Flink decimals have precision 1-38 and scale 0-precision");
                }
                return new DecimalType(nullable, d.getPrecision(), d.getScale());
            }
            case Date:
                return new DateType(nullable);
            case Time:
                return new TimeType(nullable, precisionOfUnit(((ArrowType.Time) type).getUnit()));
            case Timestamp: {
                ArrowType.Timestamp ts = (ArrowType.Timestamp) type;
                int precision = precisionOfUnit(ts.getUnit());
                return ts.getTimezone() == null
                        ? new TimestampType(nullable, precision)
                        : new LocalZonedTimestampType(nullable, precision);
            }
            case Interval: {
                IntervalUnit unit = ((ArrowType.Interval) type).getUnit();
                if (unit == IntervalUnit.YEAR_MONTH) {
                    return new YearMonthIntervalType(nullable, YearMonthIntervalType.YearMonthResolution.YEAR_TO_MONTH,
                            YearMonthIntervalType.DEFAULT_PRECISION);
                } else if (unit == IntervalUnit.DAY_TIME) {
                    return dayTimeInterval(nullable);
                }
                throw new UnsupportedTypeException(path, "Arrow " + describe(field)
                        + " has no Flink counterpart (a month-day-nanosecond interval mixes calendar and exact units)");
            }
            case Duration:
                return dayTimeInterval(nullable);
            case List:
            case LargeList:
            case FixedSizeList:
            case ListView:
            case LargeListView: {
                Field element = onlyChild(field, path);
                return new ArrayType(nullable, toLogical(element, path + "[]", dictionaries));
            }
            case Map: {
                Field entries = onlyChild(field, path);
                if (entries.getChildren().size() != 2) {
                    throw new UnsupportedTypeException(path, "malformed Arrow map: its entries struct has "
                            + entries.getChildren().size() + " children, expected key and value");
                }
                LogicalType key = toLogical(entries.getChildren().get(0), path + "{key}", dictionaries);
                LogicalType value = toLogical(entries.getChildren().get(1), path + "{value}", dictionaries);
                return new MapType(nullable, key, value);
            }
            case Struct: {
                List<RowType.RowField> fields = new ArrayList<>(field.getChildren().size());
                for (Field child : field.getChildren()) {
                    fields.add(new RowType.RowField(child.getName(), toLogical(child, path + "." + child.getName(), dictionaries)));
                }
                return new RowType(nullable, fields);
            }
            default:
                throw new UnsupportedTypeException(path, "Arrow " + describe(field)
                        + " has no Flink counterpart (unions, run-end encoded and extension types are not supported)");
        }
    }

    private static DayTimeIntervalType dayTimeInterval(boolean nullable) {
        // Flink holds DAY TO SECOND intervals as milliseconds; day precision 6 covers every long value
        // the planner will print without overflowing the declared width.
        return new DayTimeIntervalType(nullable, DayTimeIntervalType.DayTimeResolution.DAY_TO_SECOND,
                DayTimeIntervalType.MAX_DAY_PRECISION, 3);
    }

    private static Field onlyChild(Field field, String path) {
        if (field.getChildren().size() != 1) {
            throw new UnsupportedTypeException(path, "malformed Arrow " + describe(field) + ": expected one child, found "
                    + field.getChildren().size());
        }
        return field.getChildren().get(0);
    }

    // ---------------------------------------------------------------------------------------------
    // Reading an Arrow field as a declared Flink type
    // ---------------------------------------------------------------------------------------------

    /**
     * Checks that values of Arrow field {@code field} can be read as the declared Flink type without
     * loss: the natural mapping, safe widenings (narrower integers, unsigned integers into a wider
     * signed type, Float16/32 into DOUBLE, decimals of the same scale and no larger precision, any
     * string encoding into CHAR/VARCHAR, any binary encoding into BINARY/VARBINARY, any date, time or
     * timestamp unit), and nested types field by field. Nested ROW fields are matched by name.
     * Nullability is not checked here: NOT NULL columns are checked per batch, where the data is.
     *
     * @param path column path used in the error message
     * @throws UnsupportedTypeException the field cannot be read as {@code declared}
     */
    public static void checkReadable(Field field, LogicalType declared, String path) {
        checkReadable(field, declared, path, null);
    }

    /**
     * {@link #checkReadable(Field, LogicalType, String)} for a field of a batch whose
     * dictionary-encoded fields resolve through {@code dictionaries}.
     */
    public static void checkReadable(Field encoded, LogicalType declared, String path, DictionaryProvider dictionaries) {
        Field field = valueField(encoded, dictionaries, path);
        LogicalType target = unwrapDistinct(declared);
        ArrowType type = field.getType();
        ArrowType.ArrowTypeID id = type.getTypeID();
        boolean ok;
        switch (target.getTypeRoot()) {
            case BOOLEAN:
                ok = id == ArrowType.ArrowTypeID.Bool;
                break;
            case TINYINT:
                ok = isInt(type, 8, true, 0);
                break;
            case SMALLINT:
                ok = isInt(type, 16, true, 8);
                break;
            case INTEGER:
                ok = isInt(type, 32, true, 16);
                break;
            case BIGINT:
                // UInt64 is accepted; values above Long.MAX_VALUE fail when read, naming the column.
                ok = isInt(type, 64, true, 64);
                break;
            case FLOAT:
                ok = id == ArrowType.ArrowTypeID.FloatingPoint
                        && ((ArrowType.FloatingPoint) type).getPrecision() != FloatingPointPrecision.DOUBLE;
                break;
            case DOUBLE:
                ok = id == ArrowType.ArrowTypeID.FloatingPoint;
                break;
            case DECIMAL: {
                DecimalType d = (DecimalType) target;
                if (id == ArrowType.ArrowTypeID.Decimal) {
                    ArrowType.Decimal a = (ArrowType.Decimal) type;
                    ok = a.getScale() == d.getScale() && a.getPrecision() <= d.getPrecision();
                } else {
                    ok = isInt(type, 0, false, 64) && ((ArrowType.Int) type).getBitWidth() == 64 && d.getScale() == 0
                            && d.getPrecision() >= 20;
                }
                break;
            }
            case CHAR:
            case VARCHAR:
                ok = id == ArrowType.ArrowTypeID.Utf8 || id == ArrowType.ArrowTypeID.LargeUtf8
                        || id == ArrowType.ArrowTypeID.Utf8View;
                break;
            case BINARY:
            case VARBINARY:
                ok = id == ArrowType.ArrowTypeID.Binary || id == ArrowType.ArrowTypeID.LargeBinary
                        || id == ArrowType.ArrowTypeID.BinaryView || id == ArrowType.ArrowTypeID.FixedSizeBinary;
                break;
            case DATE:
                ok = id == ArrowType.ArrowTypeID.Date;
                break;
            case TIME_WITHOUT_TIME_ZONE:
                ok = id == ArrowType.ArrowTypeID.Time;
                break;
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                ok = id == ArrowType.ArrowTypeID.Timestamp && ((ArrowType.Timestamp) type).getTimezone() == null;
                if (!ok && id == ArrowType.ArrowTypeID.Timestamp) {
                    throw new UnsupportedTypeException(path, "stream has " + describe(field)
                            + ", an instant; declare the column as TIMESTAMP_LTZ to read it");
                }
                break;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                ok = id == ArrowType.ArrowTypeID.Timestamp && ((ArrowType.Timestamp) type).getTimezone() != null;
                if (!ok && id == ArrowType.ArrowTypeID.Timestamp) {
                    throw new UnsupportedTypeException(path, "stream has " + describe(field)
                            + ", a wall-clock time without time zone; declare the column as TIMESTAMP to read it");
                }
                break;
            case INTERVAL_YEAR_MONTH:
                ok = id == ArrowType.ArrowTypeID.Interval
                        && ((ArrowType.Interval) type).getUnit() == IntervalUnit.YEAR_MONTH;
                break;
            case INTERVAL_DAY_TIME:
                ok = id == ArrowType.ArrowTypeID.Duration || (id == ArrowType.ArrowTypeID.Interval
                        && ((ArrowType.Interval) type).getUnit() == IntervalUnit.DAY_TIME);
                break;
            case ARRAY:
                ok = isList(id);
                if (ok) {
                    checkReadable(onlyChild(field, path), ((ArrayType) target).getElementType(), path + "[]", dictionaries);
                }
                break;
            case MAP:
                ok = id == ArrowType.ArrowTypeID.Map;
                if (ok) {
                    Field entries = onlyChild(field, path);
                    checkMapEntries(entries, path);
                    checkReadable(entries.getChildren().get(0), ((MapType) target).getKeyType(), path + "{key}",
                            dictionaries);
                    checkReadable(entries.getChildren().get(1), ((MapType) target).getValueType(), path + "{value}",
                            dictionaries);
                }
                break;
            case MULTISET:
                ok = id == ArrowType.ArrowTypeID.Map;
                if (ok) {
                    Field entries = onlyChild(field, path);
                    checkMapEntries(entries, path);
                    checkReadable(entries.getChildren().get(0), ((MultisetType) target).getElementType(),
                            path + "{key}", dictionaries);
                    checkReadable(entries.getChildren().get(1), new IntType(false), path + "{value}", dictionaries);
                }
                break;
            case ROW:
            case STRUCTURED_TYPE:
                ok = id == ArrowType.ArrowTypeID.Struct;
                if (ok) {
                    List<String> names = fieldNames(target);
                    List<LogicalType> types = target.getChildren();
                    for (int i = 0; i < names.size(); i++) {
                        Field child = childByName(field, names.get(i), path);
                        checkReadable(child, types.get(i), path + "." + names.get(i), dictionaries);
                    }
                }
                break;
            case NULL:
                ok = id == ArrowType.ArrowTypeID.Null;
                break;
            default:
                // Reject types with no Arrow counterpart with the same message as the write direction.
                toArrowType(target, path);
                ok = false;
                break;
        }
        if (!ok) {
            throw new UnsupportedTypeException(path, "stream has " + describe(field) + " which cannot be read as "
                    + declared.asSummaryString());
        }
    }

    private static void checkMapEntries(Field entries, String path) {
        if (entries.getChildren().size() != 2) {
            throw new UnsupportedTypeException(path, "malformed Arrow map: its entries struct has "
                    + entries.getChildren().size() + " children, expected key and value");
        }
    }

    /** The field names of a ROW or structured type, in order. */
    static List<String> fieldNames(LogicalType rowOrStructured) {
        if (rowOrStructured instanceof RowType) {
            return ((RowType) rowOrStructured).getFieldNames();
        }
        return ((StructuredType) rowOrStructured).getAttributes().stream()
                .map(StructuredType.StructuredAttribute::getName)
                .collect(Collectors.toList());
    }

    /** The child of a struct field with the given name. */
    static Field childByName(Field struct, String name, String path) {
        for (Field child : struct.getChildren()) {
            if (child.getName().equals(name)) {
                return child;
            }
        }
        throw new UnsupportedTypeException(path + "." + name, "declared field is missing from the stream's struct "
                + path + ", which has fields " + struct.getChildren().stream().map(Field::getName).collect(Collectors.toList()));
    }

    /** {@code type} with distinct types replaced by their source types (nullability kept). */
    static LogicalType unwrapDistinct(LogicalType type) {
        if (type instanceof DistinctType) {
            return unwrapDistinct(((DistinctType) type).getSourceType().copy(type.isNullable()));
        }
        return type;
    }

    private static boolean isList(ArrowType.ArrowTypeID id) {
        return id == ArrowType.ArrowTypeID.List || id == ArrowType.ArrowTypeID.LargeList
                || id == ArrowType.ArrowTypeID.FixedSizeList || id == ArrowType.ArrowTypeID.ListView
                || id == ArrowType.ArrowTypeID.LargeListView;
    }

    /**
     * Whether {@code type} is an Arrow integer that fits a signed Flink integer: signed up to {@code
     * maxSigned} bits (0 = none; pass signedAllowed = false to refuse signed), unsigned up to {@code
     * maxUnsigned} bits.
     */
    private static boolean isInt(ArrowType type, int maxSigned, boolean signedAllowed, int maxUnsigned) {
        if (type.getTypeID() != ArrowType.ArrowTypeID.Int) {
            return false;
        }
        ArrowType.Int i = (ArrowType.Int) type;
        return i.getIsSigned() ? signedAllowed && i.getBitWidth() <= maxSigned : i.getBitWidth() <= maxUnsigned;
    }

    /** A short description of an Arrow field's type for messages, e.g. {@code Timestamp(MICROSECOND, UTC)}. */
    public static String describe(Field field) {
        String text = field.getType().toString();
        if (field.getDictionary() != null) {
            text += " (dictionary-encoded, index " + field.getDictionary().getIndexType() + ")";
        }
        return "Arrow type " + text;
    }
}
