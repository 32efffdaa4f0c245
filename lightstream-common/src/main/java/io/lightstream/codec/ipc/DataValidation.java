package io.lightstream.codec.ipc;

import java.util.function.IntToLongFunction;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.BaseLargeRepeatedValueViewVector;
import org.apache.arrow.vector.complex.BaseRepeatedValueVector;
import org.apache.arrow.vector.complex.BaseRepeatedValueViewVector;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.RunEndEncodedVector;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.validate.ValidateVectorBufferVisitor;
import org.apache.arrow.vector.validate.ValidateVectorDataVisitor;

/**
 * Checks that decoded vectors are internally consistent, so that reading any value of a batch that
 * passed decoding cannot fail: offsets start at or above zero, never decrease and end inside their
 * data; view strings point into existing data buffers; union type ids are declared and dense union
 * offsets point at existing child values; run ends increase and cover the vector; children are long
 * enough for their parents.
 *
 * <p>Each check reads the offsets or type ids once (linear in rows, no allocation). The optional
 * full mode adds Arrow's {@link ValidateVectorDataVisitor} (UTF-8 and more) where it can run.
 *
 * <p>Stateless; throws {@link IllegalArgumentException} naming the column and the problem.
 */
final class DataValidation {
    private DataValidation() {}

    /**
     * Buffer sizes against value counts: Arrow's buffer visitor, except for list views (which reject
     * visitors) and containers holding one, whose buffers the structural checks read with bounds
     * checks instead.
     */
    static void buffers(FieldVector vector) {
        if (!containsListView(vector)) {
            vector.accept(new ValidateVectorBufferVisitor(), null);
            return;
        }
        for (FieldVector child : vector.getChildrenFromFields()) {
            buffers(child);
        }
    }

    private static boolean containsListView(ValueVector v) {
        if (v instanceof BaseRepeatedValueViewVector || v instanceof BaseLargeRepeatedValueViewVector) {
            return true;
        }
        if (v instanceof FieldVector fv) {
            for (FieldVector c : fv.getChildrenFromFields()) {
                if (containsListView(c)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Structural checks of {@code vector} and its children. */
    static void structure(FieldVector vector) {
        String name = vector.getName();
        int n = vector.getValueCount();
        if (vector instanceof BaseVariableWidthVector v) {
            checkOffsets32(name, n, v.getOffsetBuffer(), v.getDataBuffer().capacity());
        } else if (vector instanceof BaseLargeVariableWidthVector v) {
            checkOffsets64(name, n, v.getOffsetBuffer(), v.getDataBuffer().capacity());
        } else if (vector instanceof BaseVariableWidthViewVector v) {
            checkViews(v);
        } else if (vector instanceof org.apache.arrow.vector.complex.ListViewVector v) {
            checkListView(name, vector, n, v.getDataVector().getValueCount(),
                    i -> v.getOffsetBuffer().getInt(4L * i), i -> v.getSizeBuffer().getInt(4L * i));
        } else if (vector instanceof org.apache.arrow.vector.complex.LargeListViewVector v) {
            checkListView(name, vector, n, v.getDataVector().getValueCount(),
                    i -> v.getOffsetBuffer().getLong(8L * i), i -> v.getSizeBuffer().getLong(8L * i));
        } else if (vector instanceof LargeListVector v) {
            checkOffsets64(name, n, v.getOffsetBuffer(), v.getDataVector().getValueCount());
        } else if (vector instanceof BaseRepeatedValueVector v) {
            checkOffsets32(name, n, v.getOffsetBuffer(), v.getDataVector().getValueCount());
        } else if (vector instanceof FixedSizeListVector v) {
            long needed = (long) n * v.getListSize();
            if (v.getDataVector().getValueCount() < needed) {
                throw new IllegalArgumentException("fixed-size list '" + name + "' needs " + needed
                        + " child values, has " + v.getDataVector().getValueCount());
            }
        } else if (vector instanceof RunEndEncodedVector v) {
            checkRunEnds(v);
        } else if (vector instanceof DenseUnionVector v) {
            checkDenseUnion(v);
        } else if (vector instanceof UnionVector v) {
            checkSparseUnion(v);
        } else if (vector.getField().getType() instanceof ArrowType.Struct) {
            for (FieldVector c : vector.getChildrenFromFields()) {
                if (c.getValueCount() < n) {
                    throw new IllegalArgumentException("struct '" + name + "' has " + n + " rows but its child '"
                            + c.getName() + "' has " + c.getValueCount());
                }
            }
        }
        for (FieldVector child : vector.getChildrenFromFields()) {
            structure(child);
        }
    }

    /** Arrow's data checks (UTF-8, decimals), where its visitor supports the vector. */
    static void full(FieldVector vector) {
        if (!containsUnvisitable(vector)) {
            vector.accept(new ValidateVectorDataVisitor(), null);
            return;
        }
        for (FieldVector child : vector.getChildrenFromFields()) {
            full(child);
        }
    }

    // The offset loops read raw memory: Arrow's buffer validator, run first, has checked that each
    // offset buffer holds valueCount + 1 entries, and bounds-checked reads cost more than the check.

    private static void checkOffsets32(String name, int count, ArrowBuf offsets, long end) {
        if (count == 0) {
            return;
        }
        requireCapacity(name, offsets, (count + 1L) * 4);
        long address = offsets.memoryAddress();
        int previous = MemoryUtil.getInt(address);
        boolean ok = previous >= 0;
        for (int i = 1; i <= count; i++) {
            int o = MemoryUtil.getInt(address + 4L * i);
            ok &= o >= previous;
            previous = o;
        }
        if (!ok || previous > end) {
            failOffsets(name, count, i -> offsets.getInt(4L * i), end);
        }
    }

    private static void checkOffsets64(String name, int count, ArrowBuf offsets, long end) {
        if (count == 0) {
            return;
        }
        requireCapacity(name, offsets, (count + 1L) * 8);
        long address = offsets.memoryAddress();
        long previous = MemoryUtil.getLong(address);
        boolean ok = previous >= 0;
        for (int i = 1; i <= count; i++) {
            long o = MemoryUtil.getLong(address + 8L * i);
            ok &= o >= previous;
            previous = o;
        }
        if (!ok || previous > end) {
            failOffsets(name, count, i -> offsets.getLong(8L * i), end);
        }
    }

    private static void requireCapacity(String name, ArrowBuf buf, long bytes) {
        if (buf.capacity() < bytes) {
            throw new IllegalArgumentException("column '" + name + "' offset buffer holds " + buf.capacity()
                    + " bytes, needs " + bytes);
        }
    }

    /** Finds and names the first bad offset (slow path, only on failure). */
    private static void failOffsets(String name, int count, IntToLongFunction at, long end) {
        long previous = at.applyAsLong(0);
        if (previous < 0) {
            throw new IllegalArgumentException("column '" + name + "' starts at negative offset " + previous);
        }
        for (int i = 1; i <= count; i++) {
            long o = at.applyAsLong(i);
            if (o < previous) {
                throw new IllegalArgumentException("column '" + name + "' offsets decrease at index " + i);
            }
            previous = o;
        }
        throw new IllegalArgumentException("column '" + name + "' offsets end at " + previous + ", past the "
                + end + " values or bytes they index");
    }

    /** Each non-null list view {offset, size} must lie inside the child; read with bounds checks. */
    private static void checkListView(String name, FieldVector v, int n, long childCount, IntToLongFunction offset,
            IntToLongFunction size) {
        for (int i = 0; i < n; i++) {
            if (v.isNull(i)) {
                continue;
            }
            long o = offset.applyAsLong(i);
            long len = size.applyAsLong(i);
            if (o < 0 || len < 0 || o > childCount - len) {
                throw new IllegalArgumentException("list view '" + name + "' row " + i + " {offset " + o + ", size " + len
                        + "} lies outside its " + childCount + " child values");
            }
        }
    }

    private static void checkViews(BaseVariableWidthViewVector v) {
        ArrowBuf views = v.getDataBuffer();
        int buffers = v.getDataBuffers().size();
        for (int i = 0; i < v.getValueCount(); i++) {
            if (v.isNull(i)) {
                continue;
            }
            long base = (long) i * BaseVariableWidthViewVector.ELEMENT_SIZE;
            int length = views.getInt(base);
            if (length < 0) {
                throw new IllegalArgumentException("view column '" + v.getName() + "' has negative length at " + i);
            }
            if (length > BaseVariableWidthViewVector.INLINE_SIZE) {
                int index = views.getInt(base + 8);
                int offset = views.getInt(base + 12);
                if (index < 0 || index >= buffers || offset < 0
                        || (long) offset + length > v.getDataBuffers().get(index).capacity()) {
                    throw new IllegalArgumentException("view column '" + v.getName() + "' value " + i
                            + " points outside its data buffers");
                }
            }
        }
    }

    private static void checkRunEnds(RunEndEncodedVector ree) {
        FieldVector ends = ree.getRunEndsVector();
        long previous = 0;
        for (int i = 0; i < ends.getValueCount(); i++) {
            if (ends.isNull(i)) {
                throw new IllegalArgumentException("run-end encoded '" + ree.getName() + "' has a null run end at " + i);
            }
            long end = ((BaseIntVector) ends).getValueAsLong(i);
            if (end <= previous) {
                throw new IllegalArgumentException("run-end encoded '" + ree.getName() + "' run ends do not increase at " + i);
            }
            previous = end;
        }
        if (previous < ree.getValueCount()) {
            throw new IllegalArgumentException("run-end encoded '" + ree.getName() + "' runs cover " + previous
                    + " of its " + ree.getValueCount() + " values");
        }
        if (ree.getValuesVector().getValueCount() < ends.getValueCount()) {
            throw new IllegalArgumentException("run-end encoded '" + ree.getName() + "' has fewer values than runs");
        }
    }

    private static void checkDenseUnion(DenseUnionVector u) {
        int[] typeIds = ((ArrowType.Union) u.getField().getType()).getTypeIds();
        for (int i = 0; i < u.getValueCount(); i++) {
            byte id = u.getTypeId(i);
            int child = childIndex(typeIds, id, u.getName(), i);
            int offset = u.getOffset(i);
            FieldVector c = u.getChildrenFromFields().get(child);
            if (offset < 0 || offset >= c.getValueCount()) {
                throw new IllegalArgumentException("dense union '" + u.getName() + "' row " + i + " points at value "
                        + offset + " of a child with " + c.getValueCount());
            }
        }
    }

    private static void checkSparseUnion(UnionVector u) {
        int[] typeIds = ((ArrowType.Union) u.getField().getType()).getTypeIds();
        for (int i = 0; i < u.getValueCount(); i++) {
            childIndex(typeIds, u.getTypeValue(i), u.getName(), i);
        }
        for (FieldVector c : u.getChildrenFromFields()) {
            if (c.getValueCount() < u.getValueCount()) {
                throw new IllegalArgumentException("sparse union '" + u.getName() + "' child '" + c.getName()
                        + "' is shorter than the union");
            }
        }
    }

    private static int childIndex(int[] typeIds, int id, String name, int row) {
        if (typeIds == null) {
            if (id >= 0) {
                return id;
            }
        } else {
            for (int k = 0; k < typeIds.length; k++) {
                if (typeIds[k] == id) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("union '" + name + "' row " + row + " has undeclared type id " + id);
    }

    private static boolean containsUnvisitable(ValueVector v) {
        if (v instanceof FixedSizeListVector || v instanceof RunEndEncodedVector || v instanceof BaseRepeatedValueViewVector
                || v instanceof BaseLargeRepeatedValueViewVector) {
            return true;
        }
        if (v instanceof FieldVector fv) {
            for (FieldVector c : fv.getChildrenFromFields()) {
                if (containsUnvisitable(c)) {
                    return true;
                }
            }
        }
        return false;
    }
}
