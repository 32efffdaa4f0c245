package io.lightstream.flink.arrow.vectors;

import io.lightstream.flink.arrow.InvalidArrowDataException;
import io.lightstream.flink.arrow.RowTypeBinding;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.flink.table.data.columnar.ColumnarRowData;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.data.columnar.vector.VectorizedColumnBatch;

/**
 * The rows of one Arrow record batch as Flink {@link ColumnarRowData}: one column vector per
 * declared column over the batch's Arrow vectors, and one reused row object moved from row to row.
 * Only declared columns are wrapped, and a column's values are touched only when a row reads them.
 *
 * <p><b>Ownership and threading:</b> a view borrows the batch's vectors. Whoever closes the batch
 * calls {@link #release()} first: from then on every read through the view's rows, arrays and maps
 * (including ones handed out earlier and kept by a careless operator) throws {@link
 * ReleasedBatchException} instead of touching freed memory. The row returned by {@link #row(int)} is
 * the same object every call: callers that keep a row past the next call must copy it. One thread
 * at a time; {@link #release()} on that thread, or on one that happens-before its next read.
 */
public final class ArrowBatchView {
    private final ColumnarRowData row;
    private final int rowCount;
    private final ArrowColumnVector[] guarded;

    private ArrowBatchView(VectorizedColumnBatch batch, int rowCount, ArrowColumnVector[] guarded) {
        this.rowCount = rowCount;
        this.row = new ColumnarRowData(batch);
        this.guarded = guarded;
    }

    /**
     * A view of {@code root} as rows of the binding's declared type.
     *
     * @param dictionaries the batch's dictionaries (for dictionary-encoded columns)
     * @param source the stream's URI or name and batch position, for error messages
     * @throws InvalidArrowDataException a NOT NULL column holds nulls, or a dictionary is missing
     */
    public static ArrowBatchView of(VectorSchemaRoot root, DictionaryProvider dictionaries, RowTypeBinding binding,
            String source) {
        int rowCount = root.getRowCount();
        ColumnVector[] columns = new ColumnVector[binding.size()];
        List<ArrowColumnVector> guarded = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            FieldVector vector = root.getVector(binding.fieldIndex(i));
            String name = binding.nameAt(i);
            if (!binding.typeAt(i).isNullable() && vector.getNullCount() > 0) {
                throw new InvalidArrowDataException(name, "declared NOT NULL but " + source + " holds "
                        + vector.getNullCount() + " null values in it");
            }
            columns[i] = ArrowColumnVectorFactory.create(vector, binding.typeAt(i), dictionaries, name, guarded);
        }
        VectorizedColumnBatch batch = new VectorizedColumnBatch(columns);
        batch.setNumRows(rowCount);
        return new ArrowBatchView(batch, rowCount, guarded.toArray(new ArrowColumnVector[0]));
    }

    /** Number of rows in the batch. */
    public int rowCount() {
        return rowCount;
    }

    /**
     * Makes every later read through this view fail with {@link ReleasedBatchException}; call it
     * before closing the batch. Idempotent.
     */
    public void release() {
        for (ArrowColumnVector v : guarded) {
            v.release();
        }
    }

    /** The reused row object positioned at row {@code i} (0-based, below {@link #rowCount()}). */
    public ColumnarRowData row(int i) {
        row.setRowId(i);
        return row;
    }
}
