package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.flink.table.data.columnar.vector.DoubleColumnVector;
import org.apache.flink.table.data.columnar.vector.FloatColumnVector;

/** FLOAT or DOUBLE over Arrow Float16, Float32 or Float64 (widening only). */
final class ArrowFloatingPointColumnVector extends ArrowColumnVector
        implements FloatColumnVector, DoubleColumnVector {
    private final ArrowBuf data;
    private final int width;
    private final Float2Vector half;

    ArrowFloatingPointColumnVector(BaseFixedWidthVector vector, int byteWidth) {
        super(vector);
        this.data = vector.getDataBuffer();
        this.width = byteWidth;
        this.half = byteWidth == 2 ? (Float2Vector) vector : null;
    }

    @Override
    public float getFloat(int i) {
        return width == 2 ? half.getValueAsFloat(i) : data.getFloat((long) i * 4);
    }

    @Override
    public double getDouble(int i) {
        return width == 8 ? data.getDouble((long) i * 8) : getFloat(i);
    }
}
