package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.flink.table.data.columnar.vector.IntColumnVector;

/**
 * DATE (days since the epoch) over Arrow Date(DAY) or Date(MILLISECOND); milliseconds are floored
 * to the day so dates before 1970 stay correct.
 */
final class ArrowDateColumnVector extends ArrowColumnVector implements IntColumnVector {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final long data;
    private final boolean days;

    ArrowDateColumnVector(BaseFixedWidthVector vector, String column) {
        super(vector, column);
        this.data = vector.getDataBuffer().memoryAddress();
        this.days = vector instanceof DateDayVector;
    }

    @Override
    public int getInt(int i) {
        checkRow(i);
        return days ? MemoryUtil.getInt(data + (long) i * 4)
                : (int) Math.floorDiv(MemoryUtil.getLong(data + (long) i * 8), MILLIS_PER_DAY);
    }
}
