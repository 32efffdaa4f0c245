package io.lightstream.flink.source.deserializer;

import java.io.Serializable;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

/**
 * Turns each row read from a Lightstream endpoint into the source's output type.
 *
 * <p>The {@link #rowType()} says which columns are read (by name, so it also projects) and as which
 * Flink types; stream columns not in it are never decoded. The row handed to {@link #deserialize} is
 * a view over the Arrow batch, reused for the next row and invalid once the batch is released, so an
 * implementation that keeps it must copy it.
 *
 * <p>Instances are serialized with the source; {@link #open} runs once per reader, on the reader's
 * thread, before the first row.
 *
 * @param <T> the emitted type
 */
public interface LightstreamDeserializer<T> extends Serializable, ResultTypeQueryable<T> {

    /** The columns to read and their Flink types. */
    RowType rowType();

    /** Prepares per-reader resources (converters). */
    default void open(ClassLoader userCodeClassLoader) {}

    /** The record for one row. */
    T deserialize(RowData row, RecordContext context);

    /**
     * Emits Flink's internal {@link RowData}: the reused columnar view over the Arrow batch, read in
     * place. Downstream operators copy it when they keep it (as they do for any reused record when
     * object reuse is off).
     */
    static LightstreamDeserializer<RowData> rowData(RowType rowType) {
        return new RowDataDeserializer(rowType);
    }

    /** Emits a new {@link Row} per row, with Flink's default Java classes for each type. */
    static LightstreamDeserializer<Row> row(RowType rowType) {
        return new RowDeserializer(rowType);
    }

    /**
     * Emits a new instance of the POJO class {@code type} per row, its fields set by name from the
     * columns of {@code rowType} (public fields or getter/setter pairs, and a public no-argument
     * constructor, as for Flink's structured types).
     */
    static <T> LightstreamDeserializer<T> pojo(Class<T> type, RowType rowType) {
        return new PojoDeserializer<>(type, rowType);
    }
}
