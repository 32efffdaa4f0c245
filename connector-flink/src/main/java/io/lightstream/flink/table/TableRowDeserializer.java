package io.lightstream.flink.table;

import io.lightstream.flink.source.deserializer.LightstreamDeserializer;
import io.lightstream.flink.source.deserializer.RecordContext;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * The rows a table scan produces: the projected physical columns read in place, followed by the
 * requested metadata columns. Both the joined row and the metadata row are reused, like the
 * columnar view itself.
 */
final class TableRowDeserializer implements LightstreamDeserializer<RowData> {
    private static final long serialVersionUID = 1L;

    private final RowType physical;
    private final List<ReadableMetadata> metadata;
    private final TypeInformation<RowData> producedType;
    private transient GenericRowData metadataRow;
    private transient JoinedRowData joined;

    TableRowDeserializer(RowType physical, List<ReadableMetadata> metadata, TypeInformation<RowData> producedType) {
        this.physical = physical;
        this.metadata = List.copyOf(metadata);
        this.producedType = producedType;
    }

    @Override
    public RowType rowType() {
        return physical;
    }

    @Override
    public void open(ClassLoader userCodeClassLoader) {
        metadataRow = new GenericRowData(metadata.size());
        joined = new JoinedRowData();
    }

    @Override
    public RowData deserialize(RowData row, RecordContext context) {
        if (metadata.isEmpty()) {
            return row;
        }
        for (int i = 0; i < metadata.size(); i++) {
            metadataRow.setField(i, metadata.get(i).read(context));
        }
        return joined.replace(row, metadataRow);
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }
}
