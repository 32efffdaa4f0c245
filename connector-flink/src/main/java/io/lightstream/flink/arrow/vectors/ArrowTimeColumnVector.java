package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.flink.table.data.columnar.vector.IntColumnVector;

/**
 * TIME over Arrow Time of any unit, as Flink's runtime holds it: milliseconds of the day (finer
 * units are floored to the millisecond).
 */
final class ArrowTimeColumnVector extends ArrowColumnVector implements IntColumnVector {
    private final long data;
    private final TimeUnit unit;

    ArrowTimeColumnVector(BaseFixedWidthVector vector, TimeUnit unit, String column) {
        super(vector, column);
        this.data = vector.getDataBuffer().memoryAddress();
        this.unit = unit;
    }

    @Override
    public int getInt(int i) {
        checkRow(i);
        switch (unit) {
            case SECOND:
                return MemoryUtil.getInt(data + (long) i * 4) * 1000;
            case MILLISECOND:
                return MemoryUtil.getInt(data + (long) i * 4);
            case MICROSECOND:
                return (int) Math.floorDiv(MemoryUtil.getLong(data + (long) i * 8), 1_000L);
            default:
                return (int) Math.floorDiv(MemoryUtil.getLong(data + (long) i * 8), 1_000_000L);
        }
    }
}
