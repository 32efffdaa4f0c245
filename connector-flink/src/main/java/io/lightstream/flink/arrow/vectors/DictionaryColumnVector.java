package io.lightstream.flink.arrow.vectors;

import io.lightstream.flink.arrow.InvalidArrowDataException;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.columnar.ColumnarRowData;
import org.apache.flink.table.data.columnar.vector.ArrayColumnVector;
import org.apache.flink.table.data.columnar.vector.BooleanColumnVector;
import org.apache.flink.table.data.columnar.vector.ByteColumnVector;
import org.apache.flink.table.data.columnar.vector.BytesColumnVector;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.data.columnar.vector.DecimalColumnVector;
import org.apache.flink.table.data.columnar.vector.DoubleColumnVector;
import org.apache.flink.table.data.columnar.vector.FloatColumnVector;
import org.apache.flink.table.data.columnar.vector.IntColumnVector;
import org.apache.flink.table.data.columnar.vector.LongColumnVector;
import org.apache.flink.table.data.columnar.vector.MapColumnVector;
import org.apache.flink.table.data.columnar.vector.RowColumnVector;
import org.apache.flink.table.data.columnar.vector.ShortColumnVector;
import org.apache.flink.table.data.columnar.vector.TimestampColumnVector;

/**
 * A dictionary-encoded column read transparently: each accessor maps the row to its dictionary
 * index and reads the value from the column vector over the dictionary. The dictionary vector is
 * wrapped like any column of its type, so variable-width dictionaries are copied to the heap once,
 * not once per row.
 */
final class DictionaryColumnVector extends ArrowColumnVector
        implements BooleanColumnVector, ByteColumnVector, ShortColumnVector, IntColumnVector, LongColumnVector,
                FloatColumnVector, DoubleColumnVector, BytesColumnVector, DecimalColumnVector, TimestampColumnVector,
                ArrayColumnVector, MapColumnVector, RowColumnVector {
    private final ColumnVector values;
    private final int size;
    private final long indexAddress;
    private final int indexWidth;
    private final boolean signed;

    DictionaryColumnVector(BaseIntVector indices, ColumnVector values, int size, String column) {
        super(indices, column);
        this.values = values;
        this.size = size;
        this.indexAddress = ((org.apache.arrow.vector.BaseFixedWidthVector) indices).getDataBuffer().memoryAddress();
        org.apache.arrow.vector.types.pojo.ArrowType.Int type =
                (org.apache.arrow.vector.types.pojo.ArrowType.Int) indices.getField().getType();
        this.indexWidth = type.getBitWidth() / 8;
        this.signed = type.getIsSigned();
    }

    /** The raw index of row {@code i}, read from the index buffer's memory (see ArrowColumnVector). */
    private long rawIndex(int i) {
        checkRow(i);
        switch (indexWidth) {
            case 1: {
                byte b = MemoryUtil.getByte(indexAddress + i);
                return signed ? b : b & 0xFFL;
            }
            case 2: {
                short s = MemoryUtil.getShort(indexAddress + (long) i * 2);
                return signed ? s : s & 0xFFFFL;
            }
            case 4: {
                int v = MemoryUtil.getInt(indexAddress + (long) i * 4);
                return signed ? v : v & 0xFFFF_FFFFL;
            }
            default:
                // An unsigned 64-bit index above Long.MAX_VALUE reads as negative: out of range below.
                return MemoryUtil.getLong(indexAddress + (long) i * 8);
        }
    }

    private int index(int i) {
        long index = rawIndex(i);
        if (index < 0 || index >= size) {
            throw new InvalidArrowDataException(column, "dictionary index " + index + " at row " + i
                    + " is outside the dictionary of " + size + " entries");
        }
        return (int) index;
    }

    @Override
    public boolean isNullAt(int i) {
        return super.isNullAt(i) || values.isNullAt(index(i));
    }

    @Override
    public boolean getBoolean(int i) {
        return ((BooleanColumnVector) values).getBoolean(index(i));
    }

    @Override
    public byte getByte(int i) {
        return ((ByteColumnVector) values).getByte(index(i));
    }

    @Override
    public short getShort(int i) {
        return ((ShortColumnVector) values).getShort(index(i));
    }

    @Override
    public int getInt(int i) {
        return ((IntColumnVector) values).getInt(index(i));
    }

    @Override
    public long getLong(int i) {
        return ((LongColumnVector) values).getLong(index(i));
    }

    @Override
    public float getFloat(int i) {
        return ((FloatColumnVector) values).getFloat(index(i));
    }

    @Override
    public double getDouble(int i) {
        return ((DoubleColumnVector) values).getDouble(index(i));
    }

    @Override
    public Bytes getBytes(int i) {
        return ((BytesColumnVector) values).getBytes(index(i));
    }

    @Override
    public DecimalData getDecimal(int i, int precision, int scale) {
        return ((DecimalColumnVector) values).getDecimal(index(i), precision, scale);
    }

    @Override
    public TimestampData getTimestamp(int i, int precision) {
        return ((TimestampColumnVector) values).getTimestamp(index(i), precision);
    }

    @Override
    public ArrayData getArray(int i) {
        return ((ArrayColumnVector) values).getArray(index(i));
    }

    @Override
    public MapData getMap(int i) {
        return ((MapColumnVector) values).getMap(index(i));
    }

    @Override
    public ColumnarRowData getRow(int i) {
        return ((RowColumnVector) values).getRow(index(i));
    }
}
