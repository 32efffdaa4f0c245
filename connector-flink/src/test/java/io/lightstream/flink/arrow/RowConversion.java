package io.lightstream.flink.arrow;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;

/** Converts between external {@link Row}s and internal {@link RowData} with Flink's own converters (test utility). */
public final class RowConversion {
    private final DataStructureConverter<Object, Object> converter;

    @SuppressWarnings("unchecked")
    public RowConversion(RowType rowType) {
        converter = (DataStructureConverter<Object, Object>) DataStructureConverters.getConverter(
                TypeConversions.fromLogicalToDataType(rowType));
        converter.open(RowConversion.class.getClassLoader());
    }

    public RowData toInternal(Row row) {
        return (RowData) converter.toInternalOrNull(row);
    }

    public Row toExternal(RowData row) {
        return (Row) converter.toExternalOrNull(row);
    }
}
