package io.lightstream.flink.arrow.writers;

import io.lightstream.flink.arrow.UnsupportedTypeException;
import java.util.List;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DistinctType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.TimestampType;

/**
 * Creates the {@link ArrowFieldWriter} that fills an Arrow vector created from {@link
 * io.lightstream.flink.arrow.ArrowTypeMapping#toArrowField} with values of the Flink type it was
 * created from. Stateless and thread-safe.
 */
public final class ArrowFieldWriterFactory {
    private ArrowFieldWriterFactory() {}

    /**
     * The writer of {@code type} values into {@code vector}.
     *
     * @param column column path, for error messages
     * @throws UnsupportedTypeException the vector does not have the Arrow type the mapping gives
     *     {@code type}
     */
    public static ArrowFieldWriter create(FieldVector vector, LogicalType type, String column) {
        if (type instanceof DistinctType) {
            return create(vector, ((DistinctType) type).getSourceType(), column);
        }
        try {
            return createChecked(vector, type, column);
        } catch (ClassCastException e) {
            throw new UnsupportedTypeException(column, "Arrow vector " + vector.getField()
                    + " is not the vector the type mapping gives " + type.asSummaryString());
        }
    }

    private static ArrowFieldWriter createChecked(FieldVector vector, LogicalType type, String column) {
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return new FixedWidthWriters.BooleanWriter((BitVector) vector, column);
            case TINYINT:
                return new FixedWidthWriters.TinyIntWriter((TinyIntVector) vector, column);
            case SMALLINT:
                return new FixedWidthWriters.SmallIntWriter((SmallIntVector) vector, column);
            case INTEGER:
            case DATE:
            case INTERVAL_YEAR_MONTH:
                return new FixedWidthWriters.IntWriter((BaseFixedWidthVector) vector, column);
            case BIGINT:
            case INTERVAL_DAY_TIME:
                return new FixedWidthWriters.BigIntWriter((BaseFixedWidthVector) vector, column);
            case FLOAT:
                return new FixedWidthWriters.FloatWriter((Float4Vector) vector, column);
            case DOUBLE:
                return new FixedWidthWriters.DoubleWriter((Float8Vector) vector, column);
            case DECIMAL: {
                DecimalType d = (DecimalType) type;
                return new FixedWidthWriters.DecimalWriter((DecimalVector) vector, column, d.getPrecision(),
                        d.getScale());
            }
            case CHAR:
            case VARCHAR:
                return new BytesWriter(vector, column, true);
            case BINARY:
            case VARBINARY:
                return new BytesWriter(vector, column, false);
            case TIME_WITHOUT_TIME_ZONE:
                return new FixedWidthWriters.TimeWriter((BaseFixedWidthVector) vector, column,
                        ((ArrowType.Time) vector.getField().getType()).getUnit());
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return new FixedWidthWriters.TimestampWriter((TimeStampVector) vector, column,
                        ((ArrowType.Timestamp) vector.getField().getType()).getUnit(),
                        ((TimestampType) type).getPrecision());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return new FixedWidthWriters.TimestampWriter((TimeStampVector) vector, column,
                        ((ArrowType.Timestamp) vector.getField().getType()).getUnit(),
                        ((LocalZonedTimestampType) type).getPrecision());
            case ARRAY: {
                ListVector list = (ListVector) vector;
                ArrowFieldWriter elements = create(list.getDataVector(), ((ArrayType) type).getElementType(),
                        column + "[]");
                return new ArrayWriter(list, column, elements);
            }
            case MAP:
            case MULTISET: {
                MapVector map = (MapVector) vector;
                StructVector entries = (StructVector) map.getDataVector();
                List<FieldVector> kv = entries.getChildrenFromFields();
                LogicalType keyType = type instanceof MapType
                        ? ((MapType) type).getKeyType()
                        : ((MultisetType) type).getElementType();
                LogicalType valueType = type instanceof MapType ? ((MapType) type).getValueType() : new IntType(false);
                return new MapWriter(map, column, create(kv.get(0), keyType, column + "{key}"),
                        create(kv.get(1), valueType, column + "{value}"));
            }
            case ROW:
            case STRUCTURED_TYPE: {
                StructVector struct = (StructVector) vector;
                List<FieldVector> children = struct.getChildrenFromFields();
                List<LogicalType> types = type.getChildren();
                ArrowFieldWriter[] fields = new ArrowFieldWriter[types.size()];
                for (int i = 0; i < fields.length; i++) {
                    FieldVector child = children.get(i);
                    fields[i] = create(child, types.get(i), column + "." + child.getName());
                }
                return new RowWriter(struct, column, fields);
            }
            case NULL:
                return new NullWriter((NullVector) vector, column);
            default:
                throw new UnsupportedTypeException(column, "Flink type " + type.asSummaryString()
                        + " has no Arrow representation");
        }
    }
}
