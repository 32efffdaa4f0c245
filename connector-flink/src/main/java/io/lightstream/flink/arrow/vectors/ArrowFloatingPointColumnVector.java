package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.flink.table.data.columnar.vector.DoubleColumnVector;
import org.apache.flink.table.data.columnar.vector.FloatColumnVector;

/** FLOAT or DOUBLE over Arrow Float16, Float32 or Float64 (widening only). */
final class ArrowFloatingPointColumnVector extends ArrowColumnVector
        implements FloatColumnVector, DoubleColumnVector {
    private final long data;
    private final int width;
    private final Float2Vector half;

    ArrowFloatingPointColumnVector(BaseFixedWidthVector vector, int byteWidth, String column) {
        super(vector, column);
        this.data = vector.getDataBuffer().memoryAddress();
        this.width = byteWidth;
        this.half = byteWidth == 2 ? (Float2Vector) vector : null;
    }

    @Override
    public float getFloat(int i) {
        checkRow(i);
        if (width == 2) {
            return half.getValueAsFloat(i);
        }
        return Float.intBitsToFloat(MemoryUtil.getInt(data + (long) i * 4));
    }

    @Override
    public double getDouble(int i) {
        if (width == 8) {
            checkRow(i);
            return Double.longBitsToDouble(MemoryUtil.getLong(data + (long) i * 8));
        }
        return getFloat(i);
    }
}
