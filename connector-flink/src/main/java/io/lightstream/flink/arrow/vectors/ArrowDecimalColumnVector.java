package io.lightstream.flink.arrow.vectors;

import java.math.BigDecimal;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.columnar.vector.DecimalColumnVector;

/**
 * DECIMAL over Arrow Decimal128 or Decimal256. Values whose declared precision fits a long (up to
 * 18 digits) are read from the low 64 bits of the little-endian two's-complement value, with no
 * {@link BigDecimal}; wider ones go through the vector's own decoder.
 */
final class ArrowDecimalColumnVector extends ArrowColumnVector implements DecimalColumnVector {
    private final long data;
    private final int width;

    ArrowDecimalColumnVector(BaseFixedWidthVector vector, String column) {
        super(vector, column);
        this.data = vector.getDataBuffer().memoryAddress();
        this.width = vector instanceof DecimalVector ? DecimalVector.TYPE_WIDTH : Decimal256Vector.TYPE_WIDTH;
    }

    @Override
    public DecimalData getDecimal(int i, int precision, int scale) {
        checkRow(i);
        if (DecimalData.isCompact(precision)) {
            // Same scale, precision <= 18: the value fits in the low 64 bits.
            return DecimalData.fromUnscaledLong(MemoryUtil.getLong(data + (long) i * width), precision, scale);
        }
        BigDecimal value = vector instanceof DecimalVector
                ? ((DecimalVector) vector).getObjectNotNull(i)
                : ((Decimal256Vector) vector).getObjectNotNull(i);
        return DecimalData.fromBigDecimal(value, precision, scale);
    }
}
