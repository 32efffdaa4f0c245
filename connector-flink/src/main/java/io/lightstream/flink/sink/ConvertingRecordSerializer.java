package io.lightstream.flink.sink;

import io.lightstream.flink.pojo.PojoDataType;
import java.util.Objects;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

/**
 * Converts {@link org.apache.flink.types.Row}s or POJOs to internal rows with Flink's data structure
 * converters (a POJO through the structured type {@link PojoDataType} builds).
 */
final class ConvertingRecordSerializer<IN> implements LightstreamRecordSerializer<IN> {
    private static final long serialVersionUID = 1L;

    private final RowType rowType;
    private final Class<?> pojoClass;
    private transient DataStructureConverter<Object, Object> converter;

    /** @param pojoClass the POJO class, or null for {@code Row} */
    ConvertingRecordSerializer(RowType rowType, Class<?> pojoClass) {
        this.rowType = Objects.requireNonNull(rowType, "rowType");
        this.pojoClass = pojoClass;
        dataType(); // fail at construction when the POJO does not fit the row type
    }

    private DataType dataType() {
        return pojoClass == null ? TypeConversions.fromLogicalToDataType(rowType) : PojoDataType.of(pojoClass, rowType);
    }

    @Override
    public RowType rowType() {
        return rowType;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open(ClassLoader userCodeClassLoader) {
        converter = (DataStructureConverter<Object, Object>) DataStructureConverters.getConverter(dataType());
        converter.open(userCodeClassLoader);
    }

    @Override
    public RowData serialize(IN record) {
        return (RowData) converter.toInternal(record);
    }
}
