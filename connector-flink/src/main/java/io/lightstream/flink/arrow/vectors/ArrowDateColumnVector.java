package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.flink.table.data.columnar.vector.IntColumnVector;

/**
 * DATE (days since the epoch) over Arrow Date(DAY) or Date(MILLISECOND); milliseconds are floored
 * to the day so dates before 1970 stay correct.
 */
final class ArrowDateColumnVector extends ArrowColumnVector implements IntColumnVector {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final ArrowBuf data;
    private final boolean days;

    ArrowDateColumnVector(BaseFixedWidthVector vector) {
        super(vector);
        this.data = vector.getDataBuffer();
        this.days = vector instanceof DateDayVector;
    }

    @Override
    public int getInt(int i) {
        return days ? data.getInt((long) i * 4) : (int) Math.floorDiv(data.getLong((long) i * 8), MILLIS_PER_DAY);
    }
}
