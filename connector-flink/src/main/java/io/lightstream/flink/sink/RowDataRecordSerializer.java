package io.lightstream.flink.sink;

import java.util.Objects;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/** Passes internal rows through. */
final class RowDataRecordSerializer implements LightstreamRecordSerializer<RowData> {
    private static final long serialVersionUID = 1L;

    private final RowType rowType;

    RowDataRecordSerializer(RowType rowType) {
        this.rowType = Objects.requireNonNull(rowType, "rowType");
    }

    @Override
    public RowType rowType() {
        return rowType;
    }

    @Override
    public RowData serialize(RowData record) {
        return record;
    }
}
