package io.lightstream.format.parquet;

import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Turns a column of plain values back into an Arrow dictionary-encoded column: distinct values in
 * first-seen order become the dictionary, each row its index.
 *
 * <p>Used when a Parquet file's stored Arrow schema says a column was dictionary-encoded (Parquet
 * keeps the values, not Arrow's dictionary). Hashing and equality work on the Arrow buffers
 * directly (no per-row objects) for fixed-width and variable-width value types; other types compare
 * through {@link FieldVector#getObject}. Not thread-safe.
 */
final class DictionaryRebuilder {
    private DictionaryRebuilder() {}

    /** The encoded column and its dictionary; both owned by the caller. */
    record Result(FieldVector indices, Dictionary dictionary) {}

    /**
     * @param encodedField the output field in Arrow's in-memory form (index type, with the encoding)
     */
    static Result encode(FieldVector values, Field encodedField, BufferAllocator allocator) {
        DictionaryEncoding encoding = encodedField.getDictionary();
        int rows = values.getValueCount();
        Field valueField = values.getField();
        FieldVector dict = new Field(encodedField.getName(), new FieldType(true, valueField.getType(), null),
                valueField.getChildren().isEmpty() ? null : valueField.getChildren()).createVector(allocator);
        FieldVector indices = encodedField.createVector(allocator);
        boolean ok = false;
        try {
            indices.setInitialCapacity(rows);
            indices.allocateNew();
            dict.allocateNew();
            BaseIntVector idx = (BaseIntVector) indices;
            int[] table = new int[1024];
            Arrays.fill(table, -1);
            int mask = table.length - 1;
            int size = 0;
            for (int i = 0; i < rows; i++) {
                if (values.isNull(i)) {
                    continue;
                }
                if (size * 2 >= table.length) {
                    table = rehash(dict, size, table.length * 2);
                    mask = table.length - 1;
                }
                int h = mix(values.hashCode(i));
                int slot = h & mask;
                int found = -1;
                while (table[slot] >= 0) {
                    if (same(values, i, dict, table[slot])) {
                        found = table[slot];
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
                if (found < 0) {
                    found = size++;
                    dict.copyFromSafe(i, found, values);
                    table[slot] = found;
                }
                idx.setWithPossibleTruncate(i, found);
            }
            dict.setValueCount(size);
            indices.setValueCount(rows);
            ok = true;
            return new Result(indices, new Dictionary(dict, encoding));
        } finally {
            if (!ok) {
                indices.close();
                dict.close();
            }
        }
    }

    private static int[] rehash(FieldVector dict, int size, int capacity) {
        int[] table = new int[capacity];
        Arrays.fill(table, -1);
        int mask = capacity - 1;
        for (int k = 0; k < size; k++) {
            int slot = mix(dict.hashCode(k)) & mask;
            while (table[slot] >= 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = k;
        }
        return table;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static boolean same(FieldVector a, int i, FieldVector b, int j) {
        if (a instanceof BaseVariableWidthVector va) {
            BaseVariableWidthVector vb = (BaseVariableWidthVector) b;
            ArrowBuf oa = va.getOffsetBuffer();
            ArrowBuf ob = vb.getOffsetBuffer();
            return ByteFunctionHelpers.equal(va.getDataBuffer(), oa.getInt((long) i * 4), oa.getInt((long) i * 4 + 4),
                    vb.getDataBuffer(), ob.getInt((long) j * 4), ob.getInt((long) j * 4 + 4)) == 1;
        }
        if (a instanceof BaseFixedWidthVector fa && !(a instanceof BitVector)) {
            long w = fa.getTypeWidth();
            return ByteFunctionHelpers.equal(fa.getDataBuffer(), i * w, i * w + w, b.getDataBuffer(), j * w,
                    j * w + w) == 1;
        }
        Object x = a.getObject(i);
        Object y = b.getObject(j);
        if (x instanceof byte[] bx && y instanceof byte[] by) {
            return Arrays.equals(bx, by);
        }
        return x.equals(y);
    }
}
