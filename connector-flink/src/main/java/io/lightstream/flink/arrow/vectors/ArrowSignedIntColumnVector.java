package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.flink.table.data.columnar.vector.ByteColumnVector;
import org.apache.flink.table.data.columnar.vector.IntColumnVector;
import org.apache.flink.table.data.columnar.vector.LongColumnVector;
import org.apache.flink.table.data.columnar.vector.ShortColumnVector;

/**
 * Signed Arrow integers of any width, read from the data buffer and widened to whichever Flink
 * integer type was declared (the binding only allows widening, so no value is truncated).
 */
final class ArrowSignedIntColumnVector extends ArrowColumnVector
        implements ByteColumnVector, ShortColumnVector, IntColumnVector, LongColumnVector {
    private final long data;
    private final int width;

    ArrowSignedIntColumnVector(BaseFixedWidthVector vector, int bitWidth, String column) {
        super(vector, column);
        this.data = vector.getDataBuffer().memoryAddress();
        this.width = bitWidth / 8;
    }

    @Override
    public long getLong(int i) {
        checkRow(i);
        switch (width) {
            case 1:
                return MemoryUtil.getByte(data + i);
            case 2:
                return MemoryUtil.getShort(data + (long) i * 2);
            case 4:
                return MemoryUtil.getInt(data + (long) i * 4);
            default:
                return MemoryUtil.getLong(data + (long) i * 8);
        }
    }

    @Override
    public byte getByte(int i) {
        return (byte) getLong(i);
    }

    @Override
    public short getShort(int i) {
        return (short) getLong(i);
    }

    @Override
    public int getInt(int i) {
        return (int) getLong(i);
    }
}
