package io.lightstream.flink.arrow.vectors;

import io.lightstream.flink.arrow.InvalidArrowDataException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.columnar.vector.DecimalColumnVector;
import org.apache.flink.table.data.columnar.vector.IntColumnVector;
import org.apache.flink.table.data.columnar.vector.LongColumnVector;
import org.apache.flink.table.data.columnar.vector.ShortColumnVector;

/**
 * Unsigned Arrow integers, widened to a signed Flink type that holds every value: UInt8 to
 * SMALLINT, UInt16 to INT, UInt32 to BIGINT, UInt64 to DECIMAL(20, 0). UInt64 may also be declared
 * BIGINT; a value above {@link Long#MAX_VALUE} then fails naming the column instead of wrapping.
 */
final class ArrowUnsignedIntColumnVector extends ArrowColumnVector
        implements ShortColumnVector, IntColumnVector, LongColumnVector, DecimalColumnVector {
    private final long data;
    private final int width;

    ArrowUnsignedIntColumnVector(BaseFixedWidthVector vector, int bitWidth, String column) {
        super(vector, column);
        this.data = vector.getDataBuffer().memoryAddress();
        this.width = bitWidth / 8;
    }

    /** The raw value; for UInt64 the bits of an unsigned long. */
    private long raw(int i) {
        checkRow(i);
        switch (width) {
            case 1:
                return MemoryUtil.getByte(data + i) & 0xFFL;
            case 2:
                return MemoryUtil.getShort(data + (long) i * 2) & 0xFFFFL;
            case 4:
                return MemoryUtil.getInt(data + (long) i * 4) & 0xFFFF_FFFFL;
            default:
                return MemoryUtil.getLong(data + (long) i * 8);
        }
    }

    @Override
    public short getShort(int i) {
        return (short) raw(i);
    }

    @Override
    public int getInt(int i) {
        return (int) raw(i);
    }

    @Override
    public long getLong(int i) {
        long v = raw(i);
        if (width == 8 && v < 0) {
            throw new InvalidArrowDataException(column, "unsigned 64-bit value " + Long.toUnsignedString(v)
                    + " at row " + i + " exceeds BIGINT; declare the column as DECIMAL(20, 0)");
        }
        return v;
    }

    @Override
    public DecimalData getDecimal(int i, int precision, int scale) {
        long v = raw(i);
        if (v >= 0 && DecimalData.isCompact(precision)) {
            return DecimalData.fromUnscaledLong(v, precision, scale);
        }
        BigInteger unsigned = new BigInteger(Long.toUnsignedString(v));
        return DecimalData.fromBigDecimal(new BigDecimal(unsigned, scale), precision, scale);
    }
}
