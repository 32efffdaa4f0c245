package io.lightstream.flink.arrow.vectors;

import io.lightstream.flink.arrow.InvalidArrowDataException;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.flink.table.data.columnar.vector.BytesColumnVector;

/**
 * BINARY(n) or BYTES over Arrow FixedSizeBinary: the batch's values are copied once, in bulk, into
 * a fresh heap array on first access.
 */
final class ArrowFixedSizeBinaryColumnVector extends ArrowColumnVector implements BytesColumnVector {
    private final FixedSizeBinaryVector binary;
    private final int width;
    private byte[] heap;

    ArrowFixedSizeBinaryColumnVector(FixedSizeBinaryVector vector, String column) {
        super(vector, column);
        this.binary = vector;
        this.width = vector.getByteWidth();
    }

    @Override
    public Bytes getBytes(int i) {
        checkRow(i);
        if (heap == null) {
            long length = (long) width * binary.getValueCount();
            if (length > Integer.MAX_VALUE - 8) {
                throw new InvalidArrowDataException(column, "holds " + length
                        + " bytes of values in one batch, more than a Java array can hold; send smaller batches");
            }
            byte[] copy = new byte[(int) length];
            binary.getDataBuffer().getBytes(0, copy, 0, (int) length);
            heap = copy;
        }
        return new Bytes(heap, i * width, width);
    }
}
