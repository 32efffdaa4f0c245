package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.columnar.vector.TimestampColumnVector;

/**
 * TIMESTAMP or TIMESTAMP_LTZ over an Arrow Timestamp of any unit (with or without time zone; both
 * hold epoch-based 64-bit values). Sub-millisecond parts are split with floor division, so values
 * before 1970 keep a non-negative nano-of-millisecond as {@link TimestampData} requires.
 */
final class ArrowTimestampColumnVector extends ArrowColumnVector implements TimestampColumnVector {
    private final long data;
    private final TimeUnit unit;

    ArrowTimestampColumnVector(TimeStampVector vector, TimeUnit unit, String column) {
        super(vector, column);
        this.data = vector.getDataBuffer().memoryAddress();
        this.unit = unit;
    }

    @Override
    public TimestampData getTimestamp(int i, int precision) {
        checkRow(i);
        long v = MemoryUtil.getLong(data + (long) i * 8);
        switch (unit) {
            case SECOND:
                return TimestampData.fromEpochMillis(Math.multiplyExact(v, 1000L));
            case MILLISECOND:
                return TimestampData.fromEpochMillis(v);
            case MICROSECOND:
                return TimestampData.fromEpochMillis(Math.floorDiv(v, 1_000L), (int) Math.floorMod(v, 1_000L) * 1_000);
            default:
                return TimestampData.fromEpochMillis(Math.floorDiv(v, 1_000_000L), (int) Math.floorMod(v, 1_000_000L));
        }
    }
}
