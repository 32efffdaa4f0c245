package io.lightstream.flink.source.reader;

import io.lightstream.flink.source.deserializer.LightstreamDeserializer;
import io.lightstream.flink.source.deserializer.RecordContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/** Reads column {@code v} as an Integer, the record type of Flink's {@code SourceReaderTestBase}. */
final class IntegerDeserializer implements LightstreamDeserializer<Integer> {
    static final RowType ROW_TYPE = (RowType) DataTypes.ROW(DataTypes.FIELD("v", DataTypes.INT().notNull()))
            .getLogicalType();

    @Override
    public RowType rowType() {
        return ROW_TYPE;
    }

    @Override
    public Integer deserialize(RowData row, RecordContext context) {
        return row.getInt(0);
    }

    @Override
    public TypeInformation<Integer> getProducedType() {
        return Types.INT;
    }
}
