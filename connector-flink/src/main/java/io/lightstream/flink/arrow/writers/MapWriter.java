package io.lightstream.flink.arrow.writers;

import io.lightstream.flink.arrow.InvalidArrowDataException;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;

/**
 * MAP (and MULTISET, whose values are the element counts) into an Arrow Map: offsets here, one
 * entries-struct slot per entry, keys and values through their writers. Arrow map keys cannot be
 * null, so a null key fails naming the column.
 */
final class MapWriter extends ArrowFieldWriter {
    private final MapVector map;
    private final StructVector entries;
    private final ArrowFieldWriter keys;
    private final ArrowFieldWriter values;
    private int entryCount;

    MapWriter(MapVector vector, String column, ArrowFieldWriter keys, ArrowFieldWriter values) {
        super(vector, column);
        this.map = vector;
        this.entries = (StructVector) vector.getDataVector();
        this.keys = keys;
        this.values = values;
    }

    @Override
    void writeNull(int index) {
        map.setNull(index);
    }

    @Override
    void writeValue(int index, RowData row, int pos) {
        append(index, row.getMap(pos));
    }

    @Override
    void writeValue(int index, ArrayData array, int pos) {
        append(index, array.getMap(pos));
    }

    private void append(int index, MapData data) {
        ArrayData keyArray = data.keyArray();
        ArrayData valueArray = data.valueArray();
        int size = data.size();
        map.startNewValue(index);
        for (int i = 0; i < size; i++) {
            if (keyArray.isNullAt(i)) {
                throw new InvalidArrowDataException(column, "map key is null (entry " + i
                        + "); Arrow maps cannot hold null keys");
            }
            entries.setIndexDefined(entryCount++);
            keys.write(keyArray, i);
            values.write(valueArray, i);
        }
        map.endValue(index, size);
    }

    @Override
    public long estimatedBytes() {
        return count() * 4L + keys.estimatedBytes() + values.estimatedBytes();
    }

    @Override
    public void finish() {
        keys.finish();
        values.finish();
        entries.setValueCount(entryCount);
        super.finish();
    }

    @Override
    public void reset() {
        super.reset();
        keys.reset();
        values.reset();
        entryCount = 0;
    }
}
