package io.lightstream.codec.ipc;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Independent copies of dictionary value vectors (deep copies: later changes to a source do not show). */
final class DictionaryValues {
    private DictionaryValues() {}

    /** A new vector of {@code field} holding values {@code [from, from + count)} of {@code source}. */
    static FieldVector range(BufferAllocator allocator, Field field, FieldVector source, int from, int count) {
        FieldVector out = (FieldVector) field.createVector(allocator);
        try {
            out.allocateNew();
            for (int i = 0; i < count; i++) {
                out.copyFromSafe(from + i, i, source);
            }
            out.setValueCount(count);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** A new vector of {@code field} holding the values of {@code parts} one after another. */
    static FieldVector concat(BufferAllocator allocator, Field field, FieldVector... parts) {
        FieldVector out = (FieldVector) field.createVector(allocator);
        try {
            out.allocateNew();
            int at = 0;
            for (FieldVector p : parts) {
                int n = p.getValueCount();
                for (int i = 0; i < n; i++) {
                    out.copyFromSafe(i, at++, p);
                }
            }
            out.setValueCount(at);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }
}
