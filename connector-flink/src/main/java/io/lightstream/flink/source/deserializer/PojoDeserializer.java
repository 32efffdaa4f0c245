package io.lightstream.flink.source.deserializer;

import io.lightstream.flink.pojo.PojoDataType;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.logical.RowType;

/** Converts each row to a new POJO through a Flink structured type built from the class and the row type. */
final class PojoDeserializer<T> implements LightstreamDeserializer<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final RowType rowType;
    private transient DataStructureConverter<Object, Object> converter;

    PojoDeserializer(Class<T> type, RowType rowType) {
        this.type = Objects.requireNonNull(type, "type");
        this.rowType = Objects.requireNonNull(rowType, "rowType");
        // Fail at construction, not on the cluster, when the class does not fit the row type.
        PojoDataType.of(type, rowType);
    }

    @Override
    public RowType rowType() {
        return rowType;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open(ClassLoader userCodeClassLoader) {
        converter = (DataStructureConverter<Object, Object>) DataStructureConverters.getConverter(
                PojoDataType.of(type, rowType));
        converter.open(userCodeClassLoader);
    }

    @Override
    public T deserialize(RowData row, RecordContext context) {
        return type.cast(converter.toExternal(row));
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }
}
