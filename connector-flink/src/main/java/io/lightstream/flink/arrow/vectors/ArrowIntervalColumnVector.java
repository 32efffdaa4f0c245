package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.IntervalDayVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.flink.table.data.columnar.vector.IntColumnVector;
import org.apache.flink.table.data.columnar.vector.LongColumnVector;

/**
 * Flink intervals: INTERVAL YEAR TO MONTH (int months) over Arrow Interval(YEAR_MONTH), INTERVAL DAY
 * TO SECOND (long milliseconds) over Arrow Interval(DAY_TIME) or Duration of any unit (finer units
 * floored to the millisecond).
 */
final class ArrowIntervalColumnVector extends ArrowColumnVector implements IntColumnVector, LongColumnVector {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private enum Kind { MONTHS, DAY_MILLIS, DURATION }

    private final long data;
    private final Kind kind;
    private final TimeUnit unit;

    ArrowIntervalColumnVector(BaseFixedWidthVector vector, String column) {
        super(vector, column);
        this.data = vector.getDataBuffer().memoryAddress();
        if (vector instanceof DurationVector) {
            this.kind = Kind.DURATION;
            this.unit = ((DurationVector) vector).getUnit();
        } else if (vector instanceof IntervalDayVector) {
            this.kind = Kind.DAY_MILLIS;
            this.unit = TimeUnit.MILLISECOND;
        } else {
            this.kind = Kind.MONTHS;
            this.unit = null;
        }
    }

    @Override
    public int getInt(int i) {
        checkRow(i);
        return MemoryUtil.getInt(data + (long) i * 4);
    }

    @Override
    public long getLong(int i) {
        checkRow(i);
        if (kind == Kind.DAY_MILLIS) {
            long at = data + (long) i * IntervalDayVector.TYPE_WIDTH;
            return MemoryUtil.getInt(at) * MILLIS_PER_DAY + MemoryUtil.getInt(at + 4);
        }
        long v = MemoryUtil.getLong(data + (long) i * 8);
        switch (unit) {
            case SECOND:
                return Math.multiplyExact(v, 1000L);
            case MILLISECOND:
                return v;
            case MICROSECOND:
                return Math.floorDiv(v, 1_000L);
            default:
                return Math.floorDiv(v, 1_000_000L);
        }
    }
}
