package io.lightstream.flink.arrow.vectors;

import io.lightstream.flink.arrow.InvalidArrowDataException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.LargeListViewVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.ListViewVector;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.columnar.ColumnarArrayData;
import org.apache.flink.table.data.columnar.vector.ArrayColumnVector;
import org.apache.flink.table.data.columnar.vector.ColumnVector;

/**
 * ARRAY over Arrow List, LargeList, FixedSizeList, ListView or LargeListView: each row is a {@link
 * ColumnarArrayData} window onto the element column vector, with no copy.
 */
final class ArrowListColumnVector extends ArrowColumnVector implements ArrayColumnVector {
    private enum Layout { OFFSETS32, OFFSETS64, FIXED, VIEW32, VIEW64 }

    private final ColumnVector elements;
    private final Layout layout;
    private final ArrowBuf offsets;
    private final ArrowBuf sizes;
    private final int fixedSize;

    ArrowListColumnVector(FieldVector vector, ColumnVector elements, String column) {
        super(vector, column);
        this.elements = elements;
        if (vector instanceof ListVector) {
            layout = Layout.OFFSETS32;
            offsets = ((ListVector) vector).getOffsetBuffer();
            sizes = null;
            fixedSize = 0;
        } else if (vector instanceof LargeListVector) {
            layout = Layout.OFFSETS64;
            offsets = ((LargeListVector) vector).getOffsetBuffer();
            sizes = null;
            fixedSize = 0;
        } else if (vector instanceof FixedSizeListVector) {
            layout = Layout.FIXED;
            offsets = null;
            sizes = null;
            fixedSize = ((FixedSizeListVector) vector).getListSize();
        } else if (vector instanceof ListViewVector) {
            layout = Layout.VIEW32;
            offsets = ((ListViewVector) vector).getOffsetBuffer();
            sizes = ((ListViewVector) vector).getSizeBuffer();
            fixedSize = 0;
        } else {
            layout = Layout.VIEW64;
            offsets = ((LargeListViewVector) vector).getOffsetBuffer();
            sizes = ((LargeListViewVector) vector).getSizeBuffer();
            fixedSize = 0;
        }
    }

    @Override
    public ArrayData getArray(int i) {
        checkRow(i);
        long start;
        long length;
        switch (layout) {
            case OFFSETS32:
                start = offsets.getInt((long) i * 4);
                length = offsets.getInt((long) (i + 1) * 4) - start;
                break;
            case OFFSETS64:
                start = offsets.getLong((long) i * 8);
                length = offsets.getLong((long) (i + 1) * 8) - start;
                break;
            case FIXED:
                start = (long) i * fixedSize;
                length = fixedSize;
                break;
            case VIEW32:
                start = offsets.getInt((long) i * 4);
                length = sizes.getInt((long) i * 4);
                break;
            default:
                start = offsets.getLong((long) i * 8);
                length = sizes.getLong((long) i * 8);
                break;
        }
        if (start > Integer.MAX_VALUE || length > Integer.MAX_VALUE) {
            throw new InvalidArrowDataException(column, "list at row " + i + " starts at element " + start
                    + " with length " + length + ", beyond what a Flink array can address");
        }
        return new ColumnarArrayData(elements, (int) start, (int) length);
    }
}
