package io.lightstream.flink.arrow.vectors;

import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.columnar.ColumnarMapData;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.data.columnar.vector.MapColumnVector;

/**
 * MAP or MULTISET over an Arrow Map: each row is a {@link ColumnarMapData} window onto the key and
 * value column vectors of the entries struct, with no copy.
 */
final class ArrowMapColumnVector extends ArrowColumnVector implements MapColumnVector {
    private final long offsets;
    private final ColumnVector keys;
    private final ColumnVector values;

    ArrowMapColumnVector(MapVector vector, ColumnVector keys, ColumnVector values, String column) {
        super(vector, column);
        this.offsets = vector.getOffsetBuffer().memoryAddress();
        this.keys = keys;
        this.values = values;
    }

    @Override
    public MapData getMap(int i) {
        checkRow(i);
        int start = MemoryUtil.getInt(offsets + (long) i * 4);
        int end = MemoryUtil.getInt(offsets + (long) (i + 1) * 4);
        return new ColumnarMapData(keys, values, start, end - start);
    }
}
