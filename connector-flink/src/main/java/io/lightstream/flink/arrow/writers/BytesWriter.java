package io.lightstream.flink.arrow.writers;

import io.lightstream.flink.arrow.InvalidArrowDataException;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryStringData;

/**
 * CHAR/VARCHAR/STRING into Utf8, VARBINARY/BYTES into Binary, BINARY(n) into FixedSizeBinary(n).
 * Strings held in one heap segment (the usual case) are copied straight from it, without an
 * intermediate {@code byte[]}.
 */
final class BytesWriter extends ArrowFieldWriter {
    private final BaseVariableWidthVector variable;
    private final FixedSizeBinaryVector fixed;
    private final boolean string;
    private long bytes;

    BytesWriter(ValueVector vector, String column, boolean string) {
        super(vector, column);
        this.variable = vector instanceof BaseVariableWidthVector ? (BaseVariableWidthVector) vector : null;
        this.fixed = vector instanceof FixedSizeBinaryVector ? (FixedSizeBinaryVector) vector : null;
        this.string = string;
    }

    @Override
    void writeNull(int index) {
        if (variable != null) {
            variable.setNull(index);
        } else {
            fixed.setNull(index);
        }
    }

    @Override
    void writeValue(int index, RowData row, int pos) {
        if (string) {
            setString(index, row.getString(pos));
        } else {
            setBytes(index, row.getBinary(pos));
        }
    }

    @Override
    void writeValue(int index, ArrayData array, int pos) {
        if (string) {
            setString(index, array.getString(pos));
        } else {
            setBytes(index, array.getBinary(pos));
        }
    }

    private void setString(int index, StringData value) {
        if (value instanceof BinaryStringData) {
            BinaryStringData s = (BinaryStringData) value;
            s.ensureMaterialized();
            MemorySegment[] segments = s.getSegments();
            if (segments.length == 1 && !segments[0].isOffHeap()) {
                int size = s.getSizeInBytes();
                variable.setSafe(index, segments[0].getArray(), s.getOffset(), size);
                bytes += size + 4;
                return;
            }
        }
        setBytes(index, value.toBytes());
    }

    private void setBytes(int index, byte[] value) {
        if (variable != null) {
            variable.setSafe(index, value, 0, value.length);
            bytes += value.length + 4;
        } else {
            if (value.length != fixed.getByteWidth()) {
                throw new InvalidArrowDataException(column, "BINARY(" + fixed.getByteWidth() + ") value has "
                        + value.length + " bytes");
            }
            fixed.setSafe(index, value);
            bytes += value.length;
        }
    }

    @Override
    public long estimatedBytes() {
        return bytes;
    }

    @Override
    public void reset() {
        super.reset();
        bytes = 0;
    }
}
