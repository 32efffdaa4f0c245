package io.lightstream.flink.arrow.writers;

import io.lightstream.flink.arrow.ArrowTypeMapping;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Builds Arrow record batches from Flink {@link RowData}: {@link #write(RowData)} appends a row to
 * the vectors of {@link #root()}, {@link #finish()} seals the batch (value and row counts), and
 * {@link #reset()} empties it for the next batch while keeping the allocated buffers.
 *
 * <pre>{@code
 * try (RowDataArrowWriter writer = RowDataArrowWriter.create(rowType, allocator)) {
 *     for (RowData row : rows) {
 *         writer.write(row);
 *     }
 *     writer.finish();
 *     lightstreamWriter.write(writer.root());
 *     writer.reset();
 * }
 * }</pre>
 *
 * <p><b>Ownership:</b> a writer made by {@link #create} owns its root and closes it; one made by
 * {@link #forRoot} does not. <b>Threading:</b> one thread at a time.
 */
public final class RowDataArrowWriter implements AutoCloseable {
    private final VectorSchemaRoot root;
    private final ArrowFieldWriter[] fields;
    private final boolean ownsRoot;
    private int rows;

    private RowDataArrowWriter(VectorSchemaRoot root, RowType rowType, boolean ownsRoot) {
        this.root = root;
        this.ownsRoot = ownsRoot;
        if (root.getFieldVectors().size() != rowType.getFieldCount()) {
            throw new IllegalArgumentException("root has " + root.getFieldVectors().size() + " vectors but "
                    + rowType.asSummaryString() + " has " + rowType.getFieldCount() + " fields");
        }
        this.fields = new ArrowFieldWriter[rowType.getFieldCount()];
        for (int i = 0; i < fields.length; i++) {
            FieldVector vector = root.getVector(i);
            fields[i] = ArrowFieldWriterFactory.create(vector, rowType.getTypeAt(i), rowType.getFieldNames().get(i));
        }
    }

    /**
     * A writer with its own root whose schema is {@link ArrowTypeMapping#toArrowSchema(RowType)}.
     *
     * @throws io.lightstream.flink.arrow.UnsupportedTypeException a column type has no Arrow form
     */
    public static RowDataArrowWriter create(RowType rowType, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(ArrowTypeMapping.toArrowSchema(rowType),
                Objects.requireNonNull(allocator, "allocator"));
        try {
            return new RowDataArrowWriter(root, rowType, true);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** A writer filling an existing root (created from the mapping of {@code rowType}); the caller keeps it. */
    public static RowDataArrowWriter forRoot(VectorSchemaRoot root, RowType rowType) {
        return new RowDataArrowWriter(root, rowType, false);
    }

    /** Appends one row. */
    public void write(RowData row) {
        for (int i = 0; i < fields.length; i++) {
            fields[i].write(row, i);
        }
        rows++;
    }

    /** Rows appended since the last {@link #reset()}. */
    public int rowCount() {
        return rows;
    }

    /** Approximate Arrow bytes of the rows appended so far. */
    public long estimatedBytes() {
        long total = 0;
        for (ArrowFieldWriter f : fields) {
            total += f.estimatedBytes();
        }
        return total;
    }

    /** Seals the batch: every vector's value count and the root's row count become {@link #rowCount()}. */
    public void finish() {
        for (ArrowFieldWriter f : fields) {
            f.finish();
        }
        root.setRowCount(rows);
    }

    /** Empties the batch, keeping buffers for reuse. */
    public void reset() {
        for (ArrowFieldWriter f : fields) {
            f.reset();
        }
        root.setRowCount(0);
        rows = 0;
    }

    /** The vectors being filled. */
    public VectorSchemaRoot root() {
        return root;
    }

    @Override
    public void close() {
        if (ownsRoot) {
            root.close();
        }
    }
}
