package io.lightstream.bench.flink;

import io.lightstream.sample.SampleShape;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The Flink row type of each {@link SampleShape}: the same columns, all NOT NULL, dictionary
 * columns as their STRING values. Stateless.
 */
final class ShapeRows {
    private ShapeRows() {}

    static RowType rowType(SampleShape shape) {
        List<DataTypes.Field> fields = new ArrayList<>();
        for (Field f : shape.schema().getFields()) {
            fields.add(DataTypes.FIELD(f.getName(), type(f).notNull()));
        }
        return (RowType) DataTypes.ROW(fields.toArray(new DataTypes.Field[0])).getLogicalType();
    }

    private static DataType type(Field f) {
        if (f.getDictionary() != null || f.getType() instanceof ArrowType.Utf8) {
            return DataTypes.STRING();
        }
        if (f.getType() instanceof ArrowType.Int i) {
            return i.getBitWidth() == 64 ? DataTypes.BIGINT() : DataTypes.INT();
        }
        if (f.getType() instanceof ArrowType.FloatingPoint p) {
            return p.getPrecision() == FloatingPointPrecision.SINGLE ? DataTypes.FLOAT() : DataTypes.DOUBLE();
        }
        throw new IllegalArgumentException("no Flink type for column " + f);
    }

    /** Rows one operation moves for {@code shape} when the suite's row parameter is {@code rows}. */
    static long rowsFor(String shape, long rows) {
        // A wide row is 25 times a numeric one: fewer rows keep runs and files of comparable size.
        return SampleShape.parse(shape) == SampleShape.WIDE ? rows / 8 : rows;
    }
}
