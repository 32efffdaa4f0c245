package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.memory.ArrowBuf;
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
    private final ArrowBuf data;
    private final int width;

    ArrowSignedIntColumnVector(BaseFixedWidthVector vector, int bitWidth) {
        super(vector);
        this.data = vector.getDataBuffer();
        this.width = bitWidth / 8;
    }

    @Override
    public long getLong(int i) {
        switch (width) {
            case 1:
                return data.getByte(i);
            case 2:
                return data.getShort((long) i * 2);
            case 4:
                return data.getInt((long) i * 4);
            default:
                return data.getLong((long) i * 8);
        }
    }

    @Override
    public byte getByte(int i) {
        return data.getByte(i);
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
