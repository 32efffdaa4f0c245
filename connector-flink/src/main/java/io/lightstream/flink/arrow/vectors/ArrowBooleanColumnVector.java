package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.flink.table.data.columnar.vector.BooleanColumnVector;

/** BOOLEAN over an Arrow {@code Bool} vector, read from the bit-packed buffer. */
final class ArrowBooleanColumnVector extends ArrowColumnVector implements BooleanColumnVector {
    private final ArrowBuf data;

    ArrowBooleanColumnVector(BitVector vector) {
        super(vector);
        this.data = vector.getDataBuffer();
    }

    @Override
    public boolean getBoolean(int i) {
        return BitVectorHelper.get(data, i) != 0;
    }
}
