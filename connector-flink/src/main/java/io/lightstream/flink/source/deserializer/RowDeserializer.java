package io.lightstream.flink.source.deserializer;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;

/** Converts each row to a {@link Row} with Flink's own data structure converters. */
final class RowDeserializer implements LightstreamDeserializer<Row> {
    private static final long serialVersionUID = 1L;

    private final RowType rowType;
    private transient DataStructureConverter<Object, Object> converter;

    RowDeserializer(RowType rowType) {
        this.rowType = Objects.requireNonNull(rowType, "rowType");
    }

    private DataType dataType() {
        return TypeConversions.fromLogicalToDataType(rowType);
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
    public Row deserialize(RowData row, RecordContext context) {
        return (Row) converter.toExternal(row);
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return ExternalTypeInfo.of(dataType());
    }
}
