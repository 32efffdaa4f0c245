package io.lightstream.flink.arrow.vectors;

import io.lightstream.flink.arrow.InvalidArrowDataException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.flink.table.data.columnar.vector.BytesColumnVector;

/**
 * STRING or BYTES over Arrow Utf8/Binary (32-bit offsets) or LargeUtf8/LargeBinary (64-bit
 * offsets). On first access the column's value bytes are copied once, in bulk, into a fresh heap
 * array; each row is then a {@link Bytes} slice of it. The array is not reused across batches, so
 * a {@code StringData} that escapes a row stays valid.
 */
final class ArrowVarBytesColumnVector extends ArrowColumnVector implements BytesColumnVector {
    private final long offsets;
    private final ArrowBuf data;
    private final boolean large;
    private byte[] heap;
    private long base;

    ArrowVarBytesColumnVector(FieldVector vector, String column) {
        super(vector, column);
        this.large = vector instanceof BaseLargeVariableWidthVector;
        if (large) {
            this.offsets = ((BaseLargeVariableWidthVector) vector).getOffsetBuffer().memoryAddress();
            this.data = ((BaseLargeVariableWidthVector) vector).getDataBuffer();
        } else {
            this.offsets = ((BaseVariableWidthVector) vector).getOffsetBuffer().memoryAddress();
            this.data = ((BaseVariableWidthVector) vector).getDataBuffer();
        }
    }

    /** Offset {@code i}, for {@code 0 <= i <= valueCount} (the offsets buffer has valueCount + 1 entries). */
    private long offset(int i) {
        return large ? MemoryUtil.getLong(offsets + (long) i * 8) : MemoryUtil.getInt(offsets + (long) i * 4);
    }

    private void materialize() {
        int count = vector.getValueCount();
        long start = count == 0 ? 0 : offset(0);
        long end = count == 0 ? 0 : offset(count);
        long length = end - start;
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new InvalidArrowDataException(column, "holds " + length
                    + " bytes of values in one batch, more than a Java array can hold; send smaller batches");
        }
        byte[] copy = new byte[(int) length];
        data.getBytes(start, copy, 0, (int) length);
        this.base = start;
        this.heap = copy;
    }

    @Override
    public Bytes getBytes(int i) {
        checkRow(i);
        if (heap == null) {
            materialize();
        }
        long start = offset(i);
        return new Bytes(heap, (int) (start - base), (int) (offset(i + 1) - start));
    }
}
