package io.lightstream.flink.table;

import io.lightstream.flink.source.deserializer.RecordContext;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;

/** The metadata columns a Lightstream table can read ({@code METADATA FROM 'key'}). */
enum ReadableMetadata {
    /** URI of the endpoint the row came from. */
    ENDPOINT("endpoint", DataTypes.STRING().notNull()) {
        @Override
        Object read(RecordContext context) {
            return StringData.fromString(context.endpoint());
        }
    },
    /** 0-based sequence of the row's batch in its stream. */
    BATCH_SEQUENCE("batch-sequence", DataTypes.BIGINT().notNull()) {
        @Override
        Object read(RecordContext context) {
            return context.batchSequence();
        }
    },
    /** When the row's batch was received. */
    ARRIVAL_TIME("arrival-time", DataTypes.TIMESTAMP_LTZ(3).notNull()) {
        @Override
        Object read(RecordContext context) {
            return TimestampData.fromEpochMillis(context.arrivalTimeMillis());
        }
    };

    final String key;
    final DataType dataType;

    ReadableMetadata(String key, DataType dataType) {
        this.key = key;
        this.dataType = dataType;
    }

    /** The internal value of this column for the current row. */
    abstract Object read(RecordContext context);

    static ReadableMetadata ofKey(String key) {
        for (ReadableMetadata m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown Lightstream metadata key '" + key + "'");
    }
}
