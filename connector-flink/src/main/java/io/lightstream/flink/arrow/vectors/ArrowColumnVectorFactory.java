package io.lightstream.flink.arrow.vectors;

import io.lightstream.flink.arrow.ArrowTypeMapping;
import io.lightstream.flink.arrow.InvalidArrowDataException;
import io.lightstream.flink.arrow.UnsupportedTypeException;
import java.util.List;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DistinctType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.StructuredType;
import org.apache.flink.table.data.columnar.vector.ColumnVector;

/**
 * Wraps an Arrow vector as the Flink {@link ColumnVector} that reads it as a declared Flink type.
 * The declared type must have been checked against the vector's field with {@link
 * ArrowTypeMapping#checkReadable} (as {@link io.lightstream.flink.arrow.RowTypeBinding} does);
 * nested struct fields are matched by name, dictionary-encoded vectors are resolved through the
 * batch's {@link DictionaryProvider}.
 *
 * <p>Every column vector that reads Arrow memory is added to the caller's list, so the batch's view
 * can {@linkplain ArrowColumnVector#release() release} them all before the batch is closed.
 *
 * <p>Stateless and thread-safe; the vectors it returns are not.
 */
final class ArrowColumnVectorFactory {
    private ArrowColumnVectorFactory() {}

    /**
     * The column vector reading {@code vector} as {@code declared}.
     *
     * @param dictionaries resolves dictionary-encoded vectors (the batch's provider)
     * @param column column path, for error messages
     * @param created receives every vector created for this column, nested ones included
     * @throws InvalidArrowDataException a dictionary the vector references is missing
     * @throws UnsupportedTypeException the vector's type cannot be read
     */
    static ColumnVector create(FieldVector vector, LogicalType declared, DictionaryProvider dictionaries,
            String column, List<ArrowColumnVector> created) {
        ColumnVector v = wrap(vector, declared, dictionaries, column, created);
        if (v instanceof ArrowColumnVector) {
            created.add((ArrowColumnVector) v);
        }
        return v;
    }

    private static ColumnVector wrap(FieldVector vector, LogicalType declared, DictionaryProvider dictionaries,
            String column, List<ArrowColumnVector> created) {
        LogicalType type = declared instanceof DistinctType
                ? ((DistinctType) declared).getSourceType()
                : declared;
        DictionaryEncoding encoding = vector.getField().getDictionary();
        if (encoding != null) {
            Dictionary dictionary = dictionaries == null ? null : dictionaries.lookup(encoding.getId());
            if (dictionary == null) {
                throw new InvalidArrowDataException(column, "references dictionary id " + encoding.getId()
                        + ", which the stream has not sent");
            }
            FieldVector values = dictionary.getVector();
            ColumnVector decoded = create(values, type, dictionaries, column, created);
            return new DictionaryColumnVector((BaseIntVector) vector, decoded, values.getValueCount(), column);
        }
        switch (vector.getMinorType()) {
            case NULL:
                return ArrowNullColumnVector.INSTANCE;
            case BIT:
                return new ArrowBooleanColumnVector((BitVector) vector, column);
            case TINYINT:
            case SMALLINT:
            case INT:
            case BIGINT:
                return new ArrowSignedIntColumnVector((BaseFixedWidthVector) vector,
                        ((ArrowType.Int) vector.getField().getType()).getBitWidth(), column);
            case UINT1:
            case UINT2:
            case UINT4:
            case UINT8:
                return new ArrowUnsignedIntColumnVector((BaseFixedWidthVector) vector,
                        ((ArrowType.Int) vector.getField().getType()).getBitWidth(), column);
            case FLOAT2:
                return new ArrowFloatingPointColumnVector((BaseFixedWidthVector) vector, 2, column);
            case FLOAT4:
                return new ArrowFloatingPointColumnVector((BaseFixedWidthVector) vector, 4, column);
            case FLOAT8:
                return new ArrowFloatingPointColumnVector((BaseFixedWidthVector) vector, 8, column);
            case DECIMAL:
            case DECIMAL256:
                return new ArrowDecimalColumnVector((BaseFixedWidthVector) vector, column);
            case VARCHAR:
            case VARBINARY:
            case LARGEVARCHAR:
            case LARGEVARBINARY:
                return new ArrowVarBytesColumnVector(vector, column);
            case VIEWVARCHAR:
            case VIEWVARBINARY:
                return new ArrowViewBytesColumnVector((BaseVariableWidthViewVector) vector, column);
            case FIXEDSIZEBINARY:
                return new ArrowFixedSizeBinaryColumnVector((FixedSizeBinaryVector) vector, column);
            case DATEDAY:
            case DATEMILLI:
                return new ArrowDateColumnVector((BaseFixedWidthVector) vector, column);
            case TIMESEC:
            case TIMEMILLI:
            case TIMEMICRO:
            case TIMENANO:
                return new ArrowTimeColumnVector((BaseFixedWidthVector) vector,
                        ((ArrowType.Time) vector.getField().getType()).getUnit(), column);
            case TIMESTAMPSEC:
            case TIMESTAMPMILLI:
            case TIMESTAMPMICRO:
            case TIMESTAMPNANO:
            case TIMESTAMPSECTZ:
            case TIMESTAMPMILLITZ:
            case TIMESTAMPMICROTZ:
            case TIMESTAMPNANOTZ:
                return new ArrowTimestampColumnVector((TimeStampVector) vector,
                        ((ArrowType.Timestamp) vector.getField().getType()).getUnit(), column);
            case INTERVALYEAR:
            case INTERVALDAY:
            case DURATION:
                return new ArrowIntervalColumnVector((BaseFixedWidthVector) vector, column);
            case LIST:
            case LARGELIST:
            case FIXED_SIZE_LIST:
            case LISTVIEW:
            case LARGELISTVIEW: {
                FieldVector child = vector.getChildrenFromFields().get(0);
                ColumnVector elements = create(child, ((ArrayType) type).getElementType(), dictionaries, column + "[]", created);
                return new ArrowListColumnVector(vector, elements, column);
            }
            case MAP: {
                MapVector map = (MapVector) vector;
                StructVector entries = (StructVector) map.getDataVector();
                LogicalType keyType;
                LogicalType valueType;
                if (type instanceof MultisetType) {
                    keyType = ((MultisetType) type).getElementType();
                    valueType = new IntType(false);
                } else {
                    keyType = ((MapType) type).getKeyType();
                    valueType = ((MapType) type).getValueType();
                }
                List<FieldVector> kv = entries.getChildrenFromFields();
                ColumnVector keys = create(kv.get(0), keyType, dictionaries, column + "{key}", created);
                ColumnVector values = create(kv.get(1), valueType, dictionaries, column + "{value}", created);
                return new ArrowMapColumnVector(map, keys, values, column);
            }
            case STRUCT: {
                StructVector struct = (StructVector) vector;
                List<String> names = type instanceof RowType
                        ? ((RowType) type).getFieldNames()
                        : ((StructuredType) type).getAttributes().stream()
                                .map(StructuredType.StructuredAttribute::getName)
                                .collect(java.util.stream.Collectors.toList());
                List<LogicalType> types = type.getChildren();
                ColumnVector[] fields = new ColumnVector[names.size()];
                for (int i = 0; i < fields.length; i++) {
                    FieldVector child = struct.getChild(names.get(i), FieldVector.class);
                    if (child == null) {
                        throw new UnsupportedTypeException(column + "." + names.get(i),
                                "declared field is missing from the stream's struct");
                    }
                    fields[i] = create(child, types.get(i), dictionaries, column + "." + names.get(i), created);
                }
                return new ArrowStructColumnVector(struct, fields, column);
            }
            default: {
                Field field = vector.getField();
                throw new UnsupportedTypeException(column, ArrowTypeMapping.describe(field)
                        + " cannot be read as " + declared.asSummaryString());
            }
        }
    }
}
