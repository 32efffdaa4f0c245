package io.lightstream.format.parquet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Arrow schema to Parquet schema and back, and the pairing of the two into {@link ColumnNode}
 * trees that carry the Dremel levels.
 *
 * <p>Arrow to Parquet: structs become groups, lists (plain, large and fixed-size) the standard
 * three-level {@code LIST} (group, repeated {@code list}, {@code element}), maps the {@code MAP}
 * layout (repeated {@code key_value} with a required {@code key}), dictionary-encoded columns their
 * value type (Parquet dictionary-encodes pages by itself), and leaves as {@link LeafCodec} says.
 * Unions, list views, run-end encoded columns and month-day-nano intervals have no Parquet form
 * and are rejected with the column named.
 *
 * <p>Parquet to Arrow follows the logical-type annotations, and reads the legacy list layouts
 * (two-level lists, bare repeated fields) that the format's backward-compatibility rules allow.
 * Stateless.
 */
final class ParquetSchemaConverter {
    private ParquetSchemaConverter() {}

    /** Raised when a stored Arrow field does not fit the Parquet node it is paired with. */
    static final class Mismatch extends Exception {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message, null, false, false);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Arrow -> Parquet

    /**
     * The Parquet schema for an Arrow schema.
     *
     * @throws IllegalArgumentException naming the first column Parquet cannot hold
     */
    static MessageType toParquet(Schema schema) {
        List<Type> fields = new ArrayList<>();
        for (Field f : schema.getFields()) {
            fields.add(toParquet(f, f.getName()));
        }
        return new MessageType("arrow_schema", fields);
    }

    static Type toParquet(Field f, String path) {
        Repetition rep = f.isNullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
        ArrowType type = f.getType();
        switch (type.getTypeID()) {
            case Struct: {
                if (f.getChildren().isEmpty()) {
                    throw unsupported(path, "struct with no fields (Parquet groups need at least one field)");
                }
                List<Type> children = new ArrayList<>();
                for (Field c : f.getChildren()) {
                    children.add(toParquet(c, path + "." + c.getName()));
                }
                return new GroupType(rep, f.getName(), children);
            }
            case List:
            case LargeList:
            case FixedSizeList: {
                Field element = f.getChildren().get(0);
                Type elementType = renamed(toParquet(element, path + "[]"), "element");
                return Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
                        .addField(Types.repeatedGroup().addField(elementType).named("list")).named(f.getName());
            }
            case Map: {
                Field entries = f.getChildren().get(0);
                if (entries.getChildren().size() != 2) {
                    throw unsupported(path, "map whose entries struct does not have exactly a key and a value");
                }
                Field key = entries.getChildren().get(0);
                Field value = entries.getChildren().get(1);
                if (key.isNullable()) {
                    key = new Field(key.getName(), new FieldType(false, key.getType(), key.getDictionary(),
                            key.getMetadata()), key.getChildren());
                }
                Type keyType = renamed(toParquet(key, path + ".key"), "key");
                Type valueType = renamed(toParquet(value, path + ".value"), "value");
                return Types.buildGroup(rep).as(LogicalTypeAnnotation.mapType())
                        .addField(Types.repeatedGroup().addField(keyType).addField(valueType).named("key_value"))
                        .named(f.getName());
            }
            default: {
                LeafCodec codec = LeafCodec.forArrow(type, null);
                if (codec == null) {
                    throw unsupported(path, type.toString());
                }
                if (type.getTypeID() == ArrowType.ArrowTypeID.Null) {
                    rep = Repetition.OPTIONAL;
                }
                Types.PrimitiveBuilder<PrimitiveType> b = Types.primitive(codec.physical, rep);
                if (codec.typeLength > 0) {
                    b = b.length(codec.typeLength);
                }
                if (codec.annotation != null) {
                    b = b.as(codec.annotation);
                }
                return b.named(f.getName());
            }
        }
    }

    private static Type renamed(Type t, String name) {
        return rebuilt(t, t.getRepetition(), name);
    }

    /** A copy of {@code t} with another repetition and name. */
    private static Type rebuilt(Type t, Repetition rep, String name) {
        if (t.isPrimitive()) {
            PrimitiveType p = t.asPrimitiveType();
            Types.PrimitiveBuilder<PrimitiveType> b = Types.primitive(p.getPrimitiveTypeName(), rep);
            if (p.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
                b = b.length(p.getTypeLength());
            }
            return b.as(p.getLogicalTypeAnnotation()).named(name);
        }
        return Types.buildGroup(rep).as(t.getLogicalTypeAnnotation()).addFields(
                t.asGroupType().getFields().toArray(new Type[0])).named(name);
    }

    private static IllegalArgumentException unsupported(String path, String what) {
        return new IllegalArgumentException("Parquet cannot hold column '" + path + "' of type " + what);
    }

    // ---------------------------------------------------------------------------------------------
    // Parquet -> Arrow

    /** The Arrow schema that represents a Parquet schema when no stored Arrow schema applies. */
    static Field toArrow(Type t) {
        boolean nullable = t.getRepetition() == Repetition.OPTIONAL;
        if (t.isRepetition(Repetition.REPEATED)) {
            // A bare repeated field outside a LIST group: a non-null list of non-null elements.
            Type element = withRepetition(t, Repetition.REQUIRED);
            return new Field(t.getName(), FieldType.notNullable(ArrowType.List.INSTANCE), List.of(toArrow(element)));
        }
        if (t.isPrimitive()) {
            return new Field(t.getName(), new FieldType(nullable || isNullType(t.asPrimitiveType()),
                    arrowLeafType(t.asPrimitiveType()), null), null);
        }
        GroupType g = t.asGroupType();
        LogicalTypeAnnotation a = g.getLogicalTypeAnnotation();
        if (a instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && g.getFieldCount() == 1
                && g.getType(0).isRepetition(Repetition.REPEATED)) {
            Type element = listElement(g);
            Field elementField = toArrow(element.isRepetition(Repetition.REPEATED)
                    ? withRepetition(element, Repetition.REQUIRED) : element);
            return new Field(g.getName(), new FieldType(nullable, ArrowType.List.INSTANCE, null), List.of(elementField));
        }
        if ((a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) && g.getFieldCount() == 1
                && !g.getType(0).isPrimitive() && g.getType(0).asGroupType().getFieldCount() == 2) {
            GroupType kv = g.getType(0).asGroupType();
            Field key = toArrow(withRepetition(kv.getType(0), Repetition.REQUIRED));
            Field value = toArrow(kv.getType(1));
            Field entries = new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(key, value));
            return new Field(g.getName(), new FieldType(nullable, new ArrowType.Map(false), null), List.of(entries));
        }
        List<Field> children = new ArrayList<>();
        for (Type c : g.getFields()) {
            children.add(toArrow(c));
        }
        return new Field(g.getName(), new FieldType(nullable, ArrowType.Struct.INSTANCE, null), children);
    }

    /**
     * The element node of a LIST group, per the format's backward-compatibility rules: the repeated
     * child itself is the element when it is primitive, has several fields, or is named {@code
     * array} or {@code <list>_tuple}; otherwise its single child is.
     */
    static Type listElement(GroupType list) {
        Type repeated = list.getType(0);
        if (repeated.isPrimitive()) {
            return repeated;
        }
        GroupType r = repeated.asGroupType();
        if (r.getFieldCount() != 1 || r.getName().equals("array") || r.getName().equals(list.getName() + "_tuple")) {
            return repeated;
        }
        return r.getType(0);
    }

    private static Type withRepetition(Type t, Repetition rep) {
        return rebuilt(t, rep, t.getName());
    }

    private static boolean isNullType(PrimitiveType p) {
        return p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.UnknownLogicalTypeAnnotation;
    }

    static ArrowType arrowLeafType(PrimitiveType p) {
        LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
        if (a instanceof LogicalTypeAnnotation.UnknownLogicalTypeAnnotation) {
            return ArrowType.Null.INSTANCE;
        }
        if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
            int bits = d.getPrecision() <= 38 ? 128 : 256;
            return new ArrowType.Decimal(d.getPrecision(), d.getScale(), bits);
        }
        switch (p.getPrimitiveTypeName()) {
            case BOOLEAN:
                return ArrowType.Bool.INSTANCE;
            case INT32:
                if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i) {
                    return new ArrowType.Int(i.getBitWidth(), i.isSigned());
                }
                if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    return new ArrowType.Date(DateUnit.DAY);
                }
                if (a instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
                    return new ArrowType.Time(TimeUnit.MILLISECOND, 32);
                }
                return new ArrowType.Int(32, true);
            case INT64:
                if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i) {
                    return new ArrowType.Int(64, i.isSigned());
                }
                if (a instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation t) {
                    return new ArrowType.Time(t.getUnit() == LogicalTypeAnnotation.TimeUnit.NANOS
                            ? TimeUnit.NANOSECOND : TimeUnit.MICROSECOND, 64);
                }
                if (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
                    TimeUnit unit = switch (ts.getUnit()) {
                        case MILLIS -> TimeUnit.MILLISECOND;
                        case MICROS -> TimeUnit.MICROSECOND;
                        case NANOS -> TimeUnit.NANOSECOND;
                    };
                    return new ArrowType.Timestamp(unit, ts.isAdjustedToUTC() ? "UTC" : null);
                }
                return new ArrowType.Int(64, true);
            case INT96:
                return new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
            case FLOAT:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case BINARY:
                if (a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                        || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
                    return ArrowType.Utf8.INSTANCE;
                }
                return ArrowType.Binary.INSTANCE;
            case FIXED_LEN_BYTE_ARRAY:
                if (a instanceof LogicalTypeAnnotation.Float16LogicalTypeAnnotation) {
                    return new ArrowType.FloatingPoint(FloatingPointPrecision.HALF);
                }
                return new ArrowType.FixedSizeBinary(p.getTypeLength());
            default:
                throw new IllegalStateException("unknown Parquet type " + p);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Pairing

    /**
     * Pairs an Arrow field with the Parquet node that stores it.
     *
     * @param schema the file (or requested) schema, for column descriptors
     * @param parquetPath path of {@code t} in {@code schema}
     * @param parentDef definition level of the enclosing Parquet node
     * @param parentRep repetition level of the enclosing Parquet node
     * @throws Mismatch when the Arrow field cannot be read from (or written to) this node
     */
    static ColumnNode bind(Field f, Type t, MessageType schema, String[] parquetPath, int parentDef, int parentRep,
            String path) throws Mismatch {
        ArrowType type = f.getType();
        if (t.isRepetition(Repetition.REPEATED)) {
            // Bare repeated field: f must be a non-null list over its element.
            if (!(type instanceof ArrowType.List || type instanceof ArrowType.LargeList) || f.isNullable()) {
                throw new Mismatch(path + ": repeated field needs a non-null list");
            }
            int def = parentDef + 1;
            int rep = parentRep + 1;
            ColumnNode element = bindElement(f.getChildren().get(0), withRepetition(t, Repetition.REQUIRED), schema,
                    parquetPath, def, rep, path + "[]");
            return new ColumnNode(ColumnNode.Kind.LIST, plain(f, List.of(element.field)), parentDef, parentDef,
                    parentRep, List.of(element), null, null, path, 0);
        }
        boolean nullable = t.isRepetition(Repetition.OPTIONAL);
        if (f.isNullable() != nullable && !(type instanceof ArrowType.Null)) {
            throw new Mismatch(path + ": nullability differs");
        }
        int def = parentDef + (nullable ? 1 : 0);
        switch (type.getTypeID()) {
            case Struct: {
                if (t.isPrimitive() || t.getLogicalTypeAnnotation() != null
                        || t.asGroupType().getFieldCount() != f.getChildren().size()) {
                    throw new Mismatch(path + ": not a plain group of " + f.getChildren().size() + " fields");
                }
                GroupType g = t.asGroupType();
                List<ColumnNode> children = new ArrayList<>();
                List<Field> childFields = new ArrayList<>();
                for (int i = 0; i < g.getFieldCount(); i++) {
                    Field cf = f.getChildren().get(i);
                    Type ct = g.getType(i);
                    if (!cf.getName().equals(ct.getName())) {
                        throw new Mismatch(path + ": field " + i + " is " + ct.getName() + ", not " + cf.getName());
                    }
                    ColumnNode c = bind(cf, ct, schema, append(parquetPath, ct.getName()), def, parentRep,
                            path + "." + cf.getName());
                    children.add(c);
                    childFields.add(c.field);
                }
                return new ColumnNode(ColumnNode.Kind.STRUCT, plain(f, childFields), parentDef, def, parentRep,
                        children, null, null, path, 0);
            }
            case List:
            case LargeList:
            case FixedSizeList: {
                if (t.isPrimitive() || !(t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)
                        || t.asGroupType().getFieldCount() != 1 || !t.asGroupType().getType(0).isRepetition(Repetition.REPEATED)) {
                    throw new Mismatch(path + ": not a LIST group");
                }
                GroupType g = t.asGroupType();
                Type repeated = g.getType(0);
                Type element = listElement(g);
                String[] repeatedPath = append(parquetPath, repeated.getName());
                int repDef = def + 1;
                int rep = parentRep + 1;
                ColumnNode e;
                if (element == repeated) {
                    e = bindElement(f.getChildren().get(0), withRepetition(repeated, Repetition.REQUIRED), schema,
                            repeatedPath, repDef, rep, path + "[]");
                } else {
                    e = bind(f.getChildren().get(0), element, schema, append(repeatedPath, element.getName()), repDef,
                            rep, path + "[]");
                }
                int fixed = type instanceof ArrowType.FixedSizeList fsl ? fsl.getListSize() : 0;
                return new ColumnNode(ColumnNode.Kind.LIST, plain(f, List.of(e.field)), parentDef, def, parentRep,
                        List.of(e), null, null, path, fixed);
            }
            case Map: {
                if (t.isPrimitive() || t.asGroupType().getFieldCount() != 1 || t.asGroupType().getType(0).isPrimitive()
                        || t.asGroupType().getType(0).asGroupType().getFieldCount() != 2) {
                    throw new Mismatch(path + ": not a MAP group");
                }
                GroupType kv = t.asGroupType().getType(0).asGroupType();
                String[] kvPath = append(parquetPath, kv.getName());
                int kvDef = def + 1;
                int rep = parentRep + 1;
                Field entriesField = f.getChildren().get(0);
                Field keyField = entriesField.getChildren().get(0);
                Field valueField = entriesField.getChildren().get(1);
                ColumnNode key = bind(nonNull(keyField), kv.getType(0), schema, append(kvPath, kv.getType(0).getName()),
                        kvDef, rep, path + ".key");
                ColumnNode value = bind(valueField, kv.getType(1), schema, append(kvPath, kv.getType(1).getName()),
                        kvDef, rep, path + ".value");
                Field entries = new Field(entriesField.getName(), FieldType.notNullable(ArrowType.Struct.INSTANCE),
                        List.of(key.field, value.field));
                ColumnNode entriesNode = new ColumnNode(ColumnNode.Kind.STRUCT, entries, kvDef, kvDef, rep,
                        List.of(key, value), null, null, path + ".entries", 0);
                return new ColumnNode(ColumnNode.Kind.LIST, plain(f, List.of(entries)), parentDef, def, parentRep,
                        List.of(entriesNode), null, null, path, 0);
            }
            default: {
                if (!t.isPrimitive()) {
                    throw new Mismatch(path + ": a group cannot hold " + type);
                }
                PrimitiveType p = t.asPrimitiveType();
                LeafCodec codec = LeafCodec.forArrow(type, p);
                if (codec == null || codec.physical != p.getPrimitiveTypeName()
                        || (codec.physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY && codec.typeLength != p.getTypeLength())) {
                    throw new Mismatch(path + ": " + type + " cannot be read from " + p);
                }
                return new ColumnNode(ColumnNode.Kind.LEAF, plain(f, List.of()), parentDef, def, parentRep, List.of(),
                        schema.getColumnDescription(parquetPath), codec, path, 0);
            }
        }
    }

    /** A list element that is the repeated node itself (two-level lists, bare repeated fields). */
    private static ColumnNode bindElement(Field f, Type requiredElement, MessageType schema, String[] parquetPath,
            int def, int rep, String path) throws Mismatch {
        // The element occupies the repeated node's levels: present from `def`, never null.
        return bind(nonNull(f), requiredElement, schema, parquetPath, def, rep, path);
    }

    private static Field nonNull(Field f) {
        if (!f.isNullable()) {
            return f;
        }
        return new Field(f.getName(), new FieldType(false, f.getType(), f.getDictionary(), f.getMetadata()),
                f.getChildren());
    }

    /** The field with its dictionary encoding removed and the given children (the vector a reader fills). */
    private static Field plain(Field f, List<Field> children) {
        return new Field(f.getName(), new FieldType(f.isNullable(), f.getType(), null, f.getMetadata()),
                children.isEmpty() ? null : children);
    }

    private static String[] append(String[] path, String name) {
        String[] out = Arrays.copyOf(path, path.length + 1);
        out[path.length] = name;
        return out;
    }
}
