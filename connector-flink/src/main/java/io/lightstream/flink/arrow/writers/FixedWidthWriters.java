package io.lightstream.flink.arrow.writers;

import io.lightstream.flink.arrow.InvalidArrowDataException;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalYearVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;

/** Writers of the fixed-width Flink types. */
final class FixedWidthWriters {
    private FixedWidthWriters() {}

    /** Base of fixed-width writers: nulls clear the validity bit, the size is count x width. */
    abstract static class FixedWidthWriter extends ArrowFieldWriter {
        private final double bytesPerValue;

        FixedWidthWriter(BaseFixedWidthVector vector, String column, double bytesPerValue) {
            super(vector, column);
            this.bytesPerValue = bytesPerValue;
        }

        @Override
        final void writeNull(int index) {
            ((BaseFixedWidthVector) vector).setNull(index);
        }

        @Override
        public final long estimatedBytes() {
            return (long) Math.ceil(count() * bytesPerValue);
        }
    }

    static final class BooleanWriter extends FixedWidthWriter {
        private final BitVector bits;

        BooleanWriter(BitVector vector, String column) {
            super(vector, column, 0.125);
            this.bits = vector;
        }

        @Override
        void writeValue(int index, RowData row, int pos) {
            bits.setSafe(index, row.getBoolean(pos) ? 1 : 0);
        }

        @Override
        void writeValue(int index, ArrayData array, int pos) {
            bits.setSafe(index, array.getBoolean(pos) ? 1 : 0);
        }
    }

    static final class TinyIntWriter extends FixedWidthWriter {
        private final TinyIntVector v;

        TinyIntWriter(TinyIntVector vector, String column) {
            super(vector, column, 1);
            this.v = vector;
        }

        @Override
        void writeValue(int index, RowData row, int pos) {
            v.setSafe(index, row.getByte(pos));
        }

        @Override
        void writeValue(int index, ArrayData array, int pos) {
            v.setSafe(index, array.getByte(pos));
        }
    }

    static final class SmallIntWriter extends FixedWidthWriter {
        private final SmallIntVector v;

        SmallIntWriter(SmallIntVector vector, String column) {
            super(vector, column, 2);
            this.v = vector;
        }

        @Override
        void writeValue(int index, RowData row, int pos) {
            v.setSafe(index, row.getShort(pos));
        }

        @Override
        void writeValue(int index, ArrayData array, int pos) {
            v.setSafe(index, array.getShort(pos));
        }
    }

    /** INT, DATE (days) and INTERVAL YEAR TO MONTH (months): Flink ints into 32-bit Arrow vectors. */
    static final class IntWriter extends FixedWidthWriter {
        private final BaseFixedWidthVector v;

        IntWriter(BaseFixedWidthVector vector, String column) {
            super(vector, column, 4);
            this.v = vector;
        }

        private void set(int index, int value) {
            if (v instanceof IntVector) {
                ((IntVector) v).setSafe(index, value);
            } else if (v instanceof DateDayVector) {
                ((DateDayVector) v).setSafe(index, value);
            } else {
                ((IntervalYearVector) v).setSafe(index, value);
            }
        }

        @Override
        void writeValue(int index, RowData row, int pos) {
            set(index, row.getInt(pos));
        }

        @Override
        void writeValue(int index, ArrayData array, int pos) {
            set(index, array.getInt(pos));
        }
    }

    /** BIGINT, and INTERVAL DAY TO SECOND (milliseconds) into Duration(MILLISECOND). */
    static final class BigIntWriter extends FixedWidthWriter {
        private final BaseFixedWidthVector v;

        BigIntWriter(BaseFixedWidthVector vector, String column) {
            super(vector, column, 8);
            this.v = vector;
        }

        private void set(int index, long value) {
            if (v instanceof BigIntVector) {
                ((BigIntVector) v).setSafe(index, value);
            } else {
                ((DurationVector) v).setSafe(index, value);
            }
        }

        @Override
        void writeValue(int index, RowData row, int pos) {
            set(index, row.getLong(pos));
        }

        @Override
        void writeValue(int index, ArrayData array, int pos) {
            set(index, array.getLong(pos));
        }
    }

    static final class FloatWriter extends FixedWidthWriter {
        private final Float4Vector v;

        FloatWriter(Float4Vector vector, String column) {
            super(vector, column, 4);
            this.v = vector;
        }

        @Override
        void writeValue(int index, RowData row, int pos) {
            v.setSafe(index, row.getFloat(pos));
        }

        @Override
        void writeValue(int index, ArrayData array, int pos) {
            v.setSafe(index, array.getFloat(pos));
        }
    }

    static final class DoubleWriter extends FixedWidthWriter {
        private final Float8Vector v;

        DoubleWriter(Float8Vector vector, String column) {
            super(vector, column, 8);
            this.v = vector;
        }

        @Override
        void writeValue(int index, RowData row, int pos) {
            v.setSafe(index, row.getDouble(pos));
        }

        @Override
        void writeValue(int index, ArrayData array, int pos) {
            v.setSafe(index, array.getDouble(pos));
        }
    }

    /**
     * DECIMAL(p, s) into Decimal128(p, s): compact values (p up to 18) go in as their unscaled long,
     * wider ones as big-endian unscaled bytes; no {@link java.math.BigDecimal} on either path.
     */
    static final class DecimalWriter extends FixedWidthWriter {
        private final DecimalVector v;
        private final int precision;
        private final int scale;

        DecimalWriter(DecimalVector vector, String column, int precision, int scale) {
            super(vector, column, DecimalVector.TYPE_WIDTH);
            this.v = vector;
            this.precision = precision;
            this.scale = scale;
        }

        private void set(int index, DecimalData d) {
            if (d.isCompact()) {
                v.setSafe(index, d.toUnscaledLong());
            } else {
                v.setBigEndianSafe(index, d.toUnscaledBytes());
            }
        }

        @Override
        void writeValue(int index, RowData row, int pos) {
            set(index, row.getDecimal(pos, precision, scale));
        }

        @Override
        void writeValue(int index, ArrayData array, int pos) {
            set(index, array.getDecimal(pos, precision, scale));
        }
    }

    /** TIME (milliseconds of the day) into Time of the unit chosen for its precision. */
    static final class TimeWriter extends FixedWidthWriter {
        private final BaseFixedWidthVector v;
        private final TimeUnit unit;

        TimeWriter(BaseFixedWidthVector vector, String column, TimeUnit unit) {
            super(vector, column, unit == TimeUnit.SECOND || unit == TimeUnit.MILLISECOND ? 4 : 8);
            this.v = vector;
            this.unit = unit;
        }

        private void set(int index, int millis) {
            switch (unit) {
                case SECOND:
                    ((TimeSecVector) v).setSafe(index, Math.floorDiv(millis, 1000));
                    break;
                case MILLISECOND:
                    ((TimeMilliVector) v).setSafe(index, millis);
                    break;
                case MICROSECOND:
                    ((TimeMicroVector) v).setSafe(index, millis * 1_000L);
                    break;
                default:
                    ((TimeNanoVector) v).setSafe(index, millis * 1_000_000L);
                    break;
            }
        }

        @Override
        void writeValue(int index, RowData row, int pos) {
            set(index, row.getInt(pos));
        }

        @Override
        void writeValue(int index, ArrayData array, int pos) {
            set(index, array.getInt(pos));
        }
    }

    /**
     * TIMESTAMP and TIMESTAMP_LTZ into Timestamp of the unit chosen for the precision. Values that do
     * not fit the unit's 64-bit range (beyond about 2262 for nanoseconds) fail naming the column.
     */
    static final class TimestampWriter extends FixedWidthWriter {
        private final TimeStampVector v;
        private final TimeUnit unit;
        private final int precision;

        TimestampWriter(TimeStampVector vector, String column, TimeUnit unit, int precision) {
            super(vector, column, 8);
            this.v = vector;
            this.unit = unit;
            this.precision = precision;
        }

        private void set(int index, TimestampData ts) {
            long millis = ts.getMillisecond();
            int nanos = ts.getNanoOfMillisecond();
            long value;
            try {
                switch (unit) {
                    case SECOND:
                        value = Math.floorDiv(millis, 1000L);
                        break;
                    case MILLISECOND:
                        value = millis;
                        break;
                    case MICROSECOND:
                        value = scale(millis, nanos / 1_000, 1_000L);
                        break;
                    default:
                        value = scale(millis, nanos, 1_000_000L);
                        break;
                }
            } catch (ArithmeticException e) {
                throw new InvalidArrowDataException(column, "timestamp " + ts + " is outside the range of an Arrow "
                        + unit + " timestamp");
            }
            v.setSafe(index, value);
        }

        /**
         * {@code millis * factor + sub} with overflow checks, where 0 <= sub < factor. Before 1970 the
         * product alone can overflow although the sum fits (the earliest nanosecond timestamp), so
         * negative millis are scaled one step closer to zero first.
         */
        private static long scale(long millis, long sub, long factor) {
            if (millis < 0 && sub > 0) {
                return Math.addExact(Math.multiplyExact(millis + 1, factor), sub - factor);
            }
            return Math.addExact(Math.multiplyExact(millis, factor), sub);
        }

        @Override
        void writeValue(int index, RowData row, int pos) {
            set(index, row.getTimestamp(pos, precision));
        }

        @Override
        void writeValue(int index, ArrayData array, int pos) {
            set(index, array.getTimestamp(pos, precision));
        }
    }
}
