package io.lightstream.format.parquet;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.parquet.VersionParser.ParsedVersion;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReaderImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.io.api.PrimitiveConverter;

/**
 * Rebuilds one top-level Arrow column from its Parquet leaf columns.
 *
 * <p>Each leaf is read once: its values go straight into the leaf vector and its repetition and
 * definition levels into int arrays. Struct validity and list offsets are then derived, node by
 * node, from the levels of the node's first leaf (see {@link ColumnNode}). A top-level column with
 * no repetition skips the level arrays entirely.
 *
 * <p>One instance per column per reader; one thread.
 */
final class ColumnAssembler {
    /** Values are pulled with getInteger() and friends; the converter is never asked for anything. */
    private static final PrimitiveConverter NO_CONVERTER = new PrimitiveConverter() {};

    final ColumnNode node;
    private final List<ColumnNode> leaves;
    private final LeafCodec[] codecs;
    private final ColumnReader[] readers;
    private final long[] remaining;
    private final int[][] reps;
    private final int[][] defs;
    private final int[] counts;
    /** Page-level decoder for a flat column chunk it can handle, else null (see {@link FlatColumnDecoder}). */
    private FlatColumnDecoder fast;
    private boolean useFast;
    private int[] sizes = new int[0];
    private boolean[] valid = new boolean[0];

    ColumnAssembler(ColumnNode node) {
        this.node = node;
        this.leaves = node.leaves();
        int n = leaves.size();
        this.codecs = new LeafCodec[n];
        for (int i = 0; i < n; i++) {
            codecs[i] = leaves.get(i).codec.copy();
        }
        this.readers = new ColumnReader[n];
        this.remaining = new long[n];
        this.reps = new int[n][];
        this.defs = new int[n][];
        this.counts = new int[n];
        for (int i = 0; i < n; i++) {
            reps[i] = new int[0];
            defs[i] = new int[0];
        }
    }

    /**
     * @param encodings the encodings the row group's metadata lists for this column's (first) leaf
     */
    void startRowGroup(PageReadStore rowGroup, ParsedVersion writerVersion, java.util.Set<org.apache.parquet.column
            .Encoding> encodings) throws java.io.IOException {
        useFast = encodings != null && FlatColumnDecoder.handles(node, encodings);
        if (useFast) {
            if (fast == null) {
                fast = new FlatColumnDecoder(node.column);
            }
            fast.startRowGroup(rowGroup.getPageReader(node.column));
            return;
        }
        for (int i = 0; i < leaves.size(); i++) {
            ColumnNode leaf = leaves.get(i);
            readers[i] = new ColumnReaderImpl(leaf.column, rowGroup.getPageReader(leaf.column), NO_CONVERTER,
                    writerVersion);
            remaining[i] = readers[i].getTotalValueCount();
        }
    }

    /** Fills {@code vector} (freshly created, not allocated) with the next {@code rows} rows. */
    void read(FieldVector vector, int rows) throws java.io.IOException {
        if (useFast) {
            vector.setInitialCapacity(rows);
            vector.allocateNew();
            fast.read(vector, rows);
            vector.setValueCount(rows);
            return;
        }
        if (node.isFlatLeaf()) {
            if (vector instanceof NullVector) {
                skipFlat(rows);
            } else {
                vector.setInitialCapacity(rows);
                vector.allocateNew();
                if (remaining[0] < rows) {
                    throw new IllegalStateException("column chunk ends after " + remaining[0] + " more values");
                }
                codecs[0].readFlat(readers[0], vector, rows, node.defNull);
                remaining[0] -= rows;
            }
            vector.setValueCount(rows);
            return;
        }
        vector.allocateNew();
        fill(node, vector, rows, null);
        vector.setValueCount(rows);
    }

    private void skipFlat(int rows) {
        for (int i = 0; i < rows; i++) {
            readers[0].consume();
        }
        remaining[0] -= rows;
    }

    private void fill(ColumnNode n, FieldVector v, int rows, ColumnNode fixedParent) {
        switch (n.kind) {
            case LEAF:
                readLeaf(leaves.indexOf(n), v, rows, fixedParent);
                return;
            case STRUCT: {
                StructVector s = (StructVector) v;
                for (int i = 0; i < n.children.size(); i++) {
                    fill(n.children.get(i), (FieldVector) s.getChildByOrdinal(i), rows, null);
                }
                int leaf = leaves.indexOf(n.firstLeaf());
                int[] rep = reps[leaf];
                int[] def = defs[leaf];
                int slot = 0;
                for (int e = 0; e < counts[leaf]; e++) {
                    if (rep[e] <= n.repCtx && def[e] >= n.slotDef) {
                        if (def[e] >= n.defNull) {
                            s.setIndexDefined(slot);
                        } else {
                            s.setNull(slot);
                        }
                        slot++;
                    }
                }
                return;
            }
            default:
                fillList(n, v, rows);
        }
    }

    private void fillList(ColumnNode n, FieldVector v, int rows) {
        ColumnNode element = n.children.get(0);
        FieldVector data = v instanceof ListVector l ? l.getDataVector()
                : v instanceof LargeListVector l ? l.getDataVector() : ((FixedSizeListVector) v).getDataVector();
        fill(element, data, rows, n.fixedSize > 0 ? n : null);
        int leaf = leaves.indexOf(n.firstLeaf());
        int[] rep = reps[leaf];
        int[] def = defs[leaf];
        int slots = 0;
        for (int e = 0; e < counts[leaf]; e++) {
            if (rep[e] <= n.repCtx && def[e] >= n.slotDef) {
                if (slots == sizes.length) {
                    sizes = Arrays.copyOf(sizes, Math.max(16, slots * 2));
                    valid = Arrays.copyOf(valid, sizes.length);
                }
                sizes[slots] = 0;
                valid[slots] = def[e] >= n.defNull;
                slots++;
            }
            if (def[e] >= element.defPresent && rep[e] <= element.repCtx) {
                sizes[slots - 1]++;
            }
        }
        for (int s = 0; s < slots; s++) {
            if (v instanceof ListVector l) {
                if (valid[s]) {
                    l.startNewValue(s);
                    l.endValue(s, sizes[s]);
                } else {
                    l.setNull(s);
                }
            } else if (v instanceof LargeListVector l) {
                if (valid[s]) {
                    l.startNewValue(s);
                    l.endValue(s, sizes[s]);
                } else {
                    l.setNull(s);
                }
            } else {
                FixedSizeListVector l = (FixedSizeListVector) v;
                if (valid[s]) {
                    if (sizes[s] != n.fixedSize) {
                        throw new IllegalStateException("list of " + sizes[s] + " elements in fixed-size list column '"
                                + n.path + "' of size " + n.fixedSize);
                    }
                    l.setNotNull(s);
                } else {
                    l.setNull(s);
                }
            }
        }
    }

    private void readLeaf(int i, FieldVector v, int rows, ColumnNode fixedParent) {
        ColumnNode leaf = leaves.get(i);
        ColumnReader r = readers[i];
        LeafCodec codec = codecs[i];
        boolean isNull = v instanceof NullVector;
        int[] rep = reps[i];
        int[] def = defs[i];
        int n = 0;
        int slot = 0;
        int started = 0;
        while (remaining[i] > 0) {
            int rl = r.getCurrentRepetitionLevel();
            if (rl == 0) {
                if (started == rows) {
                    break;
                }
                started++;
            }
            int dl = r.getCurrentDefinitionLevel();
            if (n == rep.length) {
                rep = Arrays.copyOf(rep, Math.max(1024, n * 2));
                def = Arrays.copyOf(def, rep.length);
            }
            rep[n] = rl;
            def[n] = dl;
            n++;
            if (dl >= leaf.slotDef) {
                if (dl >= leaf.defNull && !isNull) {
                    codec.read(r, v, slot);
                }
                slot++;
            } else if (fixedParent != null && rl <= fixedParent.repCtx && dl >= fixedParent.slotDef) {
                // A null fixed-size list still owns its run of (null) child slots in Arrow.
                slot += fixedParent.fixedSize;
            }
            r.consume();
            remaining[i]--;
        }
        if (started != rows) {
            throw new IllegalStateException("column chunk holds " + started + " rows, row group says at least " + rows);
        }
        reps[i] = rep;
        defs[i] = def;
        counts[i] = n;
        if (isNull) {
            v.setValueCount(slot);
        }
    }

    /** The dotted path of the leaf column a failure most likely concerns, for messages. */
    String path() {
        return node.path;
    }
}
