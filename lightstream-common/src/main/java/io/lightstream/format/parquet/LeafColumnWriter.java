package io.lightstream.format.parquet;

import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.BaseListVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.parquet.column.ColumnWriter;

/**
 * Shreds one Parquet leaf column out of Arrow vectors: walks the path from the top-level vector
 * down to the leaf and emits each value (or null, or empty list) with its repetition and
 * definition levels.
 *
 * <p>Top-level columns without repetition take the {@link LeafCodec#writeFlat} loop; everything
 * else goes through the recursive {@link #emit}. One instance per column per file; one thread.
 */
final class LeafColumnWriter {
    private final int topIndex;
    private final ColumnNode[] chain;
    /** For each depth below 0: the child ordinal inside the parent struct (ignored under lists). */
    private final int[] ordinals;
    private final DictionaryEncoding dictionary;
    private final LeafCodec codec;
    private final boolean flat;
    private final FieldVector[] vectors;
    private ColumnWriter writer;
    private FieldVector dictionaryValues;

    LeafColumnWriter(int topIndex, ColumnNode[] chain, int[] ordinals, DictionaryEncoding dictionary) {
        this.topIndex = topIndex;
        this.chain = chain;
        this.ordinals = ordinals;
        this.dictionary = dictionary;
        ColumnNode leaf = chain[chain.length - 1];
        this.codec = leaf.codec.copy();
        this.flat = chain.length == 1 && leaf.isFlatLeaf();
        this.vectors = new FieldVector[chain.length];
    }

    ColumnNode leaf() {
        return chain[chain.length - 1];
    }

    void bind(ColumnWriter writer) {
        this.writer = writer;
    }

    /** Locates this column's vectors in a batch; checks declared non-null vectors hold no nulls. */
    void prepare(VectorSchemaRoot root, DictionaryProvider dictionaries) {
        vectors[0] = root.getVector(topIndex);
        for (int d = 1; d < chain.length; d++) {
            FieldVector parent = vectors[d - 1];
            if (chain[d - 1].kind == ColumnNode.Kind.STRUCT) {
                vectors[d] = (FieldVector) ((StructVector) parent).getChildByOrdinal(ordinals[d]);
            } else {
                vectors[d] = dataVector(parent);
            }
        }
        // Nested non-null fields may hold nulls under a null parent; those are checked value by value in emit().
        if (!chain[0].nullable() && vectors[0].getNullCount() > 0) {
            throw new IllegalArgumentException("column '" + chain[0].path + "' is declared non-nullable but holds "
                    + vectors[0].getNullCount() + " nulls");
        }
        dictionaryValues = null;
        if (dictionary != null) {
            Dictionary dict = dictionaries == null ? null : dictionaries.lookup(dictionary.getId());
            if (dict == null) {
                throw new IllegalArgumentException("column '" + leaf().path + "' is dictionary-encoded (id "
                        + dictionary.getId() + ") but no dictionary with that id was given");
            }
            dictionaryValues = dict.getVector();
            codec.prepareWrite(dictionaryValues, 0, dictionaryValues.getValueCount());
        }
    }

    private static FieldVector dataVector(FieldVector list) {
        if (list instanceof ListVector l) {
            return l.getDataVector();
        }
        if (list instanceof LargeListVector l) {
            return l.getDataVector();
        }
        if (list instanceof FixedSizeListVector l) {
            return l.getDataVector();
        }
        return (FieldVector) ((BaseListVector) list).getChildrenFromFields().get(0);
    }

    /** Writes rows {@code [from, to)} of the prepared batch. */
    void write(int from, int to) {
        if (flat && dictionary == null) {
            codec.writeFlat(writer, vectors[0], from, to, leaf().defNull);
            return;
        }
        if (dictionary == null) {
            // Nested: the leaf's values may lie anywhere; prepare the whole leaf vector once.
            FieldVector leafVector = vectors[chain.length - 1];
            if (from == 0 || chain.length == 1) {
                codec.prepareWrite(leafVector, chain.length == 1 ? from : 0,
                        chain.length == 1 ? to : leafVector.getValueCount());
            }
        }
        for (int i = from; i < to; i++) {
            emit(0, i, 0);
        }
    }

    private void emit(int depth, int index, int rep) {
        ColumnNode n = chain[depth];
        FieldVector v = vectors[depth];
        if (v.isNull(index)) {
            if (!n.nullable()) {
                throw new IllegalArgumentException("column '" + n.path + "' is declared non-nullable but holds a null"
                        + " at index " + index + " of its vector");
            }
            writer.writeNull(rep, n.defPresent);
            return;
        }
        switch (n.kind) {
            case LEAF:
                if (dictionaryValues != null) {
                    int id = (int) ((BaseIntVector) v).getValueAsLong(index);
                    if (dictionaryValues.isNull(id)) {
                        if (!n.nullable()) {
                            throw new IllegalArgumentException("column '" + n.path + "' is declared non-nullable but "
                                    + "row " + index + " refers to a null dictionary entry");
                        }
                        writer.writeNull(rep, n.defPresent);
                    } else {
                        codec.write(writer, dictionaryValues, id, rep, n.defNull);
                    }
                } else {
                    codec.write(writer, v, index, rep, n.defNull);
                }
                return;
            case STRUCT:
                emit(depth + 1, index, rep);
                return;
            default: {
                int start;
                int end;
                if (n.fixedSize > 0) {
                    start = index * n.fixedSize;
                    end = start + n.fixedSize;
                } else if (v instanceof LargeListVector l) {
                    start = (int) l.getOffsetBuffer().getLong((long) index * 8);
                    end = (int) l.getOffsetBuffer().getLong((long) index * 8 + 8);
                } else {
                    start = v.getOffsetBuffer().getInt((long) index * 4);
                    end = v.getOffsetBuffer().getInt((long) index * 4 + 4);
                }
                if (start == end) {
                    writer.writeNull(rep, n.defNull);
                    return;
                }
                int elementRep = chain[depth + 1].repCtx;
                for (int j = start; j < end; j++) {
                    emit(depth + 1, j, j == start ? rep : elementRep);
                }
            }
        }
    }
}
