package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVector;
import org.apache.flink.table.data.columnar.vector.BooleanColumnVector;

/** BOOLEAN over an Arrow {@code Bool} vector, read from the bit-packed buffer. */
final class ArrowBooleanColumnVector extends ArrowColumnVector implements BooleanColumnVector {
    private final long data;

    ArrowBooleanColumnVector(BitVector vector, String column) {
        super(vector, column);
        this.data = vector.getDataBuffer().memoryAddress();
    }

    @Override
    public boolean getBoolean(int i) {
        checkRow(i);
        return (MemoryUtil.getByte(data + (i >>> 3)) & (1 << (i & 7))) != 0;
    }
}
