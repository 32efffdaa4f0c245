package io.lightstream.flink.source.reader;

import io.lightstream.flink.source.deserializer.LightstreamDeserializer;
import io.lightstream.flink.source.split.LightstreamSplitState;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits one row: converts it with the deserializer, hands it to the split's output (which assigns
 * timestamps and generates the split's watermarks), then advances the split position so a
 * checkpoint taken next resumes at the following row. Runs on the task thread.
 */
final class LightstreamRecordEmitter<T> implements RecordEmitter<RowCursor, T, LightstreamSplitState> {
    private final LightstreamDeserializer<T> deserializer;
    private final SourceMetrics metrics;

    LightstreamRecordEmitter(LightstreamDeserializer<T> deserializer, SourceMetrics metrics) {
        this.deserializer = deserializer;
        this.metrics = metrics;
    }

    @Override
    public void emitRecord(RowCursor cursor, SourceOutput<T> output, LightstreamSplitState state) {
        if (cursor.isFirstEmitted()) {
            metrics.batchStarted(cursor.endpoint(), cursor.encodedBytes());
        }
        output.collect(deserializer.deserialize(cursor.row(), cursor));
        state.emitted(cursor.batchSequence(), cursor.rowIndex(), cursor.rowCount());
    }
}
