package io.lightstream.flink.sink;

import java.io.Serializable;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

/**
 * Turns the sink's input records into Flink internal rows of {@link #rowType()}, which the sink
 * writes into Arrow vectors (one column per field, typed by {@link
 * io.lightstream.flink.arrow.ArrowTypeMapping}).
 *
 * <p>Instances are serialized with the sink; {@link #open} runs once per writer, on the task
 * thread, before the first record. The returned row is consumed before the next call, so it may be
 * reused.
 *
 * @param <IN> the sink's input type
 */
public interface LightstreamRecordSerializer<IN> extends Serializable {

    /** The columns written and their Flink types. */
    RowType rowType();

    /** Prepares per-writer resources (converters). */
    default void open(ClassLoader userCodeClassLoader) {}

    /** The row for one record. */
    RowData serialize(IN record);

    /** Writes Flink internal rows as they are. */
    static LightstreamRecordSerializer<RowData> rowData(RowType rowType) {
        return new RowDataRecordSerializer(rowType);
    }

    /** Writes {@link Row}s holding Flink's default Java classes for each type. */
    static LightstreamRecordSerializer<Row> row(RowType rowType) {
        return new ConvertingRecordSerializer<>(rowType, null);
    }

    /** Writes POJOs of class {@code type}, one column per field of {@code rowType}, read by name. */
    static <T> LightstreamRecordSerializer<T> pojo(Class<T> type, RowType rowType) {
        return new ConvertingRecordSerializer<>(rowType, type);
    }
}
