package io.lightstream.codec.ipc;

import io.lightstream.FormatException;
import io.lightstream.codec.AlignedBufferPool;
import io.lightstream.codec.BodyCodec;
import io.lightstream.codec.DecodeLimits;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.BodyCompression;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns a record batch's metadata and body into vectors, after checking every count, length and
 * buffer range against the schema, the body and the {@link DecodeLimits}.
 *
 * <p>Vectors point into the body (slices, no copy) unless the body is compressed, in which case each
 * buffer is decompressed once into aligned memory.
 *
 * <p>Not thread-safe. The caller keeps ownership of the body; vectors take their own references.
 */
final class BatchLoader {
    private final BufferAllocator allocator;
    private final AlignedBufferPool pool;
    private final DecodeLimits limits;
    private final boolean validateFull;

    BatchLoader(BufferAllocator allocator, AlignedBufferPool pool, DecodeLimits limits, boolean validateFull) {
        this.allocator = allocator;
        this.pool = pool;
        this.limits = limits;
        this.validateFull = validateFull;
    }

    /**
     * Loads a batch of {@code schema} (Arrow memory format: dictionary-encoded columns have their
     * index type) into a new root owned by the caller.
     *
     * @param body the message body (may be null when bodyLength is 0); not released
     * @param offset frame offset, for error messages
     */
    VectorSchemaRoot load(Schema schema, RecordBatch rb, ArrowBuf body, long bodyLength, long offset, int metaSize)
            throws FormatException {
        List<FieldVector> vectors = new ArrayList<>(schema.getFields().size());
        try {
            for (Field f : schema.getFields()) {
                vectors.add(f.createVector(allocator));
            }
            int rows = loadInto(vectors, rb, body, bodyLength, offset, metaSize);
            // The constructor sets the row count without resizing the vectors (see loadBuffers).
            return new VectorSchemaRoot(schema, vectors, rows);
        } catch (FormatException | RuntimeException e) {
            for (FieldVector v : vectors) {
                v.close();
            }
            throw e;
        }
    }

    /** Loads into empty {@code vectors} and returns the row count. */
    private int loadInto(List<FieldVector> vectors, RecordBatch rb, ArrowBuf body, long bodyLength, long offset,
            int metaSize) throws FormatException {
        long length;
        int nodeCount;
        int bufferCount;
        BodyCompression compression;
        try {
            length = rb.length();
            nodeCount = MessageParser.checkedLength(rb.nodesLength(), metaSize, "record batch field nodes",
                    limits.maxFields(), offset);
            bufferCount = MessageParser.checkedLength(rb.buffersLength(), metaSize, "record batch buffers",
                    limits.maxBuffers(), offset);
            compression = rb.compression();
        } catch (FormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw MessageParser.malformed("record batch", offset, e);
        }
        if (length < 0) {
            throw new FormatException("negative record batch length " + length, offset);
        }
        DecodeLimits.check("rows per batch", length, Math.min(limits.maxRowsPerBatch(), Integer.MAX_VALUE), offset);

        Expected expected = expected(vectors);
        if (nodeCount != expected.nodes) {
            throw new FormatException("record batch has " + nodeCount + " field nodes, the schema needs "
                    + expected.nodes, offset);
        }
        List<ArrowFieldNode> nodes = new ArrayList<>(nodeCount);
        List<Long> variadic;
        List<ArrowBuf> owned = new ArrayList<>();
        List<ArrowBuf> buffers = new ArrayList<>(bufferCount);
        try {
            org.apache.arrow.flatbuf.FieldNode fn = new org.apache.arrow.flatbuf.FieldNode();
            for (int i = 0; i < nodeCount; i++) {
                rb.nodes(fn, i);
                long n = fn.length();
                long nulls = fn.nullCount();
                if (n < 0 || nulls < 0 || nulls > n) {
                    throw new FormatException("field node " + i + " has length " + n + " and null count " + nulls,
                            offset);
                }
                DecodeLimits.check("values in a field node", n, Math.min(limits.maxRowsPerBatch(), Integer.MAX_VALUE),
                        offset);
                nodes.add(new ArrowFieldNode(n, nulls));
            }
            int variadicCount = MessageParser.checkedLength(rb.variadicBufferCountsLength(), metaSize,
                    "variadic buffer counts", limits.maxBuffers(), offset);
            if (variadicCount != expected.views) {
                throw new FormatException("record batch has " + variadicCount + " variadic buffer counts, the schema has "
                        + expected.views + " view columns", offset);
            }
            variadic = MessageParser.longs(variadicCount, rb::variadicBufferCounts);
            long expectedBuffers = expected.buffers;
            for (long v : variadic) {
                if (v < 0) {
                    throw new FormatException("negative variadic buffer count " + v, offset);
                }
                expectedBuffers += v;
            }
            if (bufferCount != expectedBuffers) {
                throw new FormatException("record batch has " + bufferCount + " buffers, the schema needs "
                        + expectedBuffers, offset);
            }
            BodyCodec codec = compression == null ? null : BodyCodec.forReading(compression.codec(), offset);
            if (compression != null && compression.method() != 0) {
                throw new FormatException("unsupported IPC body compression method " + compression.method(), offset);
            }
            long budget = limits.maxDecompressedBytes();
            org.apache.arrow.flatbuf.Buffer b = new org.apache.arrow.flatbuf.Buffer();
            for (int i = 0; i < bufferCount; i++) {
                rb.buffers(b, i);
                long off = b.offset();
                long len = b.length();
                if (off < 0 || len < 0 || len > bodyLength || off > bodyLength - len) {
                    throw new FormatException("buffer " + i + " {offset " + off + ", length " + len
                            + "} lies outside the " + bodyLength + "-byte body", offset);
                }
                ArrowBuf slice = len == 0 || body == null ? allocator.getEmpty() : body.slice(off, len);
                if (codec != null && len > 0) {
                    ArrowBuf plain = codec.decompress(slice, pool, limits.maxDecompressedBytes(), budget, offset);
                    owned.add(plain);
                    budget -= plain.capacity();
                    slice = plain;
                }
                buffers.add(slice);
            }
        } catch (FormatException e) {
            closeAll(owned);
            throw e;
        } catch (RuntimeException e) {
            closeAll(owned);
            throw MessageParser.malformed("record batch", offset, e);
        }
        try {
            int[] at = {0};
            for (FieldVector v : vectors) {
                checkLengths(v.getField(), nodes, at, length, offset);
            }
        } catch (FormatException e) {
            closeAll(owned);
            throw e;
        }
        try {
            java.util.Iterator<ArrowBuf> bufferIt = buffers.iterator();
            java.util.Iterator<ArrowFieldNode> nodeIt = nodes.iterator();
            java.util.Iterator<Long> variadicIt = variadic.iterator();
            for (FieldVector v : vectors) {
                loadBuffers(v, v.getField(), bufferIt, nodeIt, variadicIt);
            }
            for (FieldVector v : vectors) {
                // Buffer and data checks only: Arrow's type-consistency visitor rejects valid
                // vectors it does not know (Float2Vector), and the vectors were made from the schema.
                DataValidation.buffers(v);
                DataValidation.structure(v);
                if (validateFull) {
                    DataValidation.full(v);
                }
            }
        } catch (org.apache.arrow.memory.OutOfMemoryException e) {
            throw new io.lightstream.LimitExceededException("reader memory bytes while loading a batch of " + length
                    + " rows", allocator.getAllocatedMemory(), allocator.getLimit(), offset);
        } catch (RuntimeException e) {
            throw new FormatException("record batch does not match its schema or is inconsistent: "
                    + e.getMessage(), offset, e);
        } finally {
            closeAll(owned);
        }
        return (int) length;
    }

    /**
     * Hands each vector its node and buffers, depth first, as Arrow's {@code VectorLoader} does, but
     * without its final resize of every vector: node lengths were checked against the batch length,
     * so the vectors already have their length, and resizing a vector with inconsistent offsets would
     * write into the body (which may be a read-only file mapping).
     */
    private static void loadBuffers(FieldVector vector, Field field, java.util.Iterator<ArrowBuf> buffers,
            java.util.Iterator<ArrowFieldNode> nodes, java.util.Iterator<Long> variadic) {
        ArrowFieldNode node = nodes.next();
        int count = TypeLayout.getTypeBufferCount(field.getType());
        if (vector instanceof org.apache.arrow.vector.BaseVariableWidthViewVector) {
            count += variadic.next().intValue();
        }
        List<ArrowBuf> own = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            own.add(buffers.next());
        }
        vector.loadFieldBuffers(node, own);
        List<FieldVector> children = vector.getChildrenFromFields();
        if (children.size() != field.getChildren().size()) {
            throw new IllegalArgumentException("column '" + field.getName() + "' has " + children.size()
                    + " child vectors for " + field.getChildren().size() + " child fields");
        }
        for (int i = 0; i < children.size(); i++) {
            loadBuffers(children.get(i), field.getChildren().get(i), buffers, nodes, variadic);
        }
    }

    /**
     * Node lengths must agree where the format fixes them: top-level columns have the batch's
     * length, struct and sparse-union children their parent's, fixed-size-list children parent
     * times list size. Arrow's loader would otherwise resize vectors, writing into the body.
     *
     * @param expected the length the format requires, or -1 where offsets decide it
     */
    private static void checkLengths(Field field, List<ArrowFieldNode> nodes, int[] at, long expected, long offset)
            throws FormatException {
        ArrowFieldNode node = nodes.get(at[0]++);
        if (expected >= 0 && node.getLength() != expected) {
            throw new FormatException("column '" + field.getName() + "' has " + node.getLength()
                    + " values where its place requires " + expected, offset);
        }
        ArrowType t = field.getType();
        long childExpected;
        if (t instanceof ArrowType.Struct
                || t instanceof ArrowType.Union u && u.getMode() == org.apache.arrow.vector.types.UnionMode.Sparse) {
            childExpected = node.getLength();
        } else if (t instanceof ArrowType.FixedSizeList f) {
            childExpected = (long) node.getLength() * f.getListSize();
        } else {
            childExpected = -1;
        }
        for (Field c : field.getChildren()) {
            checkLengths(c, nodes, at, childExpected, offset);
        }
    }

    private static void closeAll(List<ArrowBuf> bufs) {
        for (ArrowBuf b : bufs) {
            b.close();
        }
    }

    /** Node, buffer and view-column counts a set of vectors needs. */
    private record Expected(int nodes, long buffers, int views) {}

    private static Expected expected(List<FieldVector> vectors) {
        int[] nodes = {0};
        long[] buffers = {0};
        int[] views = {0};
        for (FieldVector v : vectors) {
            count(v.getField(), nodes, buffers, views);
        }
        return new Expected(nodes[0], buffers[0], views[0]);
    }

    private static void count(Field f, int[] nodes, long[] buffers, int[] views) {
        nodes[0]++;
        ArrowType t = f.getType();
        buffers[0] += TypeLayout.getTypeBufferCount(t);
        if (t instanceof ArrowType.Utf8View || t instanceof ArrowType.BinaryView) {
            views[0]++;
        }
        for (Field c : f.getChildren()) {
            count(c, nodes, buffers, views);
        }
    }
}
