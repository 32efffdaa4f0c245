package io.lightstream.format.parquet;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.column.ColumnDescriptor;

/**
 * One Arrow field paired with the Parquet node that stores it, and the definition and repetition
 * levels that locate it in the Dremel encoding.
 *
 * <p>Three levels describe a node: {@link #defPresent} is the definition level from which the
 * node has a slot at all (its parent exists); {@link #defNull} is the level from which the node
 * is non-null (equal to {@code defPresent} for required nodes); {@link #repCtx} is the repetition
 * level at or below which an entry starts a new slot of this node. In the level stream of any
 * leaf below it, the slots of a node are exactly the entries with {@code rep <= repCtx} and
 * {@code def >= defPresent}; the slots of its vector are those of its nearest list-element or
 * top-level ancestor ({@link #slotDef}), since struct children share their struct's slots.
 *
 * <p>Maps are {@link Kind#LIST} nodes whose element is the non-null {@code entries} struct, as in
 * Arrow's own layout. Immutable.
 */
final class ColumnNode {
    enum Kind {
        LEAF,
        STRUCT,
        LIST
    }

    final Kind kind;
    /** The Arrow field of the vector this node fills, without dictionary encoding. */
    final Field field;
    final int defPresent;
    final int defNull;
    final int repCtx;
    final List<ColumnNode> children;
    /** Leaf only: the Parquet column. */
    final ColumnDescriptor column;
    /** Leaf only: value conversion. */
    final LeafCodec codec;
    /** Dotted path for messages. */
    final String path;
    /** Fixed-size list nodes: the list size; otherwise 0. */
    final int fixedSize;
    /**
     * Definition level from which this node's vector has a slot: a struct's children share the
     * struct's slots (a null struct still has null children), so this is the {@link #defPresent} of
     * the nearest ancestor that is a list element or a top-level column. Set by {@link #assignSlots}.
     */
    int slotDef;

    ColumnNode(Kind kind, Field field, int defPresent, int defNull, int repCtx, List<ColumnNode> children,
            ColumnDescriptor column, LeafCodec codec, String path, int fixedSize) {
        this.kind = kind;
        this.field = field;
        this.defPresent = defPresent;
        this.defNull = defNull;
        this.repCtx = repCtx;
        this.children = List.copyOf(children);
        this.column = column;
        this.codec = codec;
        this.path = path;
        this.fixedSize = fixedSize;
    }

    /** Sets {@link #slotDef} over the tree below a top-level node; call once on the top-level node. */
    ColumnNode assignSlots() {
        assign(this, defPresent);
        return this;
    }

    private static void assign(ColumnNode n, int slotDef) {
        n.slotDef = slotDef;
        for (ColumnNode c : n.children) {
            assign(c, n.kind == Kind.STRUCT ? slotDef : c.defPresent);
        }
    }

    boolean nullable() {
        return defNull > defPresent;
    }

    /** The first leaf below (or at) this node: its levels describe this node's slots. */
    ColumnNode firstLeaf() {
        ColumnNode n = this;
        while (n.kind != Kind.LEAF) {
            n = n.children.get(0);
        }
        return n;
    }

    /** Every leaf below (or at) this node, in schema order. */
    List<ColumnNode> leaves() {
        List<ColumnNode> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(ColumnNode n, List<ColumnNode> out) {
        if (n.kind == Kind.LEAF) {
            out.add(n);
        } else {
            for (ColumnNode c : n.children) {
                collect(c, out);
            }
        }
    }

    /** Whether the whole subtree has no repetition and is a single leaf (the fast flat path). */
    boolean isFlatLeaf() {
        return kind == Kind.LEAF && repCtx == 0 && column.getMaxRepetitionLevel() == 0;
    }
}
