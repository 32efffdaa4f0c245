package io.lightstream.flink.source.deserializer;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/** Emits the columnar view itself: no copy, no conversion. */
final class RowDataDeserializer implements LightstreamDeserializer<RowData> {
    private static final long serialVersionUID = 1L;

    private final RowType rowType;

    RowDataDeserializer(RowType rowType) {
        this.rowType = Objects.requireNonNull(rowType, "rowType");
    }

    @Override
    public RowType rowType() {
        return rowType;
    }

    @Override
    public RowData deserialize(RowData row, RecordContext context) {
        return row;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return InternalTypeInfo.of(rowType);
    }
}
