package io.lightstream.flink.arrow.vectors;

import io.lightstream.flink.arrow.InvalidArrowDataException;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.flink.table.data.columnar.vector.BytesColumnVector;

/**
 * STRING or BYTES over Arrow Utf8View/BinaryView. Views point into several data buffers (or hold
 * short values inline), so on first access every value is gathered once into one fresh heap array
 * with an offsets table; rows are then {@link Bytes} slices of it.
 */
final class ArrowViewBytesColumnVector extends ArrowColumnVector implements BytesColumnVector {
    private static final int VIEW_WIDTH = BaseVariableWidthViewVector.ELEMENT_SIZE;
    private static final int INLINE = BaseVariableWidthViewVector.INLINE_SIZE;

    private final BaseVariableWidthViewVector views;
    private byte[] heap;
    private int[] starts;

    ArrowViewBytesColumnVector(BaseVariableWidthViewVector vector, String column) {
        super(vector, column);
        this.views = vector;
    }

    private void materialize() {
        int count = views.getValueCount();
        ArrowBuf viewBuffer = views.getDataBuffer();
        List<ArrowBuf> dataBuffers = views.getDataBuffers();
        long total = 0;
        for (int i = 0; i < count; i++) {
            if (!views.isNull(i)) {
                total += viewBuffer.getInt((long) i * VIEW_WIDTH);
            }
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new InvalidArrowDataException(column, "holds " + total
                    + " bytes of values in one batch, more than a Java array can hold; send smaller batches");
        }
        byte[] copy = new byte[(int) total];
        int[] offsets = new int[count + 1];
        int pos = 0;
        for (int i = 0; i < count; i++) {
            offsets[i] = pos;
            if (views.isNull(i)) {
                continue;
            }
            long view = (long) i * VIEW_WIDTH;
            int length = viewBuffer.getInt(view);
            if (length <= INLINE) {
                viewBuffer.getBytes(view + 4, copy, pos, length);
            } else {
                int bufferIndex = viewBuffer.getInt(view + 8);
                int offset = viewBuffer.getInt(view + 12);
                if (bufferIndex < 0 || bufferIndex >= dataBuffers.size()) {
                    throw new InvalidArrowDataException(column, "view at row " + i + " references data buffer "
                            + bufferIndex + " of " + dataBuffers.size());
                }
                dataBuffers.get(bufferIndex).getBytes(offset, copy, pos, length);
            }
            pos += length;
        }
        offsets[count] = pos;
        this.heap = copy;
        this.starts = offsets;
    }

    @Override
    public Bytes getBytes(int i) {
        checkRow(i);
        if (heap == null) {
            materialize();
        }
        return new Bytes(heap, starts[i], starts[i + 1] - starts[i]);
    }
}
