package io.lightstream.codec.ipc;

import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.BaseRepeatedValueVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.RunEndEncodedVector;
import org.apache.arrow.vector.validate.ValidateVectorDataVisitor;

/**
 * Full data validation of decoded vectors (offsets in range and monotonic, UTF-8 valid, union
 * type ids known), run when {@code validateFull} is requested.
 *
 * <p>Arrow's {@link ValidateVectorDataVisitor} does the work, except for fixed-size lists (it asks
 * them for an offset buffer they do not have) and run-end encoded vectors (which reject visitors):
 * those, and containers that hold one, are walked here.
 */
final class DataValidation {
    private DataValidation() {}

    static void validate(FieldVector vector) {
        if (!containsUnvisitable(vector)) {
            vector.accept(new ValidateVectorDataVisitor(), null);
            return;
        }
        if (vector instanceof FixedSizeListVector f) {
            long needed = (long) f.getValueCount() * f.getListSize();
            if (f.getDataVector().getValueCount() < needed) {
                throw new IllegalArgumentException("fixed-size list '" + f.getName() + "' needs " + needed
                        + " child values, has " + f.getDataVector().getValueCount());
            }
        } else if (vector instanceof RunEndEncodedVector ree) {
            checkRunEnds(ree);
        } else if (vector instanceof BaseRepeatedValueVector list) {
            checkOffsets(list.getName(), list.getValueCount(), list.getDataVector().getValueCount(),
                    i -> list.getOffsetBuffer().getInt((long) i * BaseRepeatedValueVector.OFFSET_WIDTH));
        } else if (vector instanceof LargeListVector list) {
            checkOffsets(list.getName(), list.getValueCount(), list.getDataVector().getValueCount(),
                    i -> list.getOffsetBuffer().getLong((long) i * LargeListVector.OFFSET_WIDTH));
        }
        for (FieldVector child : vector.getChildrenFromFields()) {
            validate(child);
        }
    }

    private static void checkOffsets(String name, int count, int childCount, java.util.function.IntToLongFunction at) {
        if (count == 0) {
            return;
        }
        long previous = at.applyAsLong(0);
        if (previous < 0) {
            throw new IllegalArgumentException("list '" + name + "' starts at negative offset " + previous);
        }
        for (int i = 1; i <= count; i++) {
            long o = at.applyAsLong(i);
            if (o < previous) {
                throw new IllegalArgumentException("list '" + name + "' offsets decrease at " + i);
            }
            previous = o;
        }
        if (previous > childCount) {
            throw new IllegalArgumentException("list '" + name + "' ends at " + previous + ", past its "
                    + childCount + " child values");
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

    private static boolean containsUnvisitable(ValueVector v) {
        if (v instanceof FixedSizeListVector || v instanceof RunEndEncodedVector) {
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
