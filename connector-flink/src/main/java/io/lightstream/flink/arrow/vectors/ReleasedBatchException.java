package io.lightstream.flink.arrow.vectors;

/**
 * A row, array or map read after the Arrow batch under it was released. Rows of a Lightstream
 * source or of the Arrow file format are views over a batch's memory, valid until the source moves
 * past the batch; with object reuse enabled an operator that keeps a row (in a field, a list, a
 * window buffer) must copy it first, for example with Flink's {@code RowDataSerializer#copy}.
 * Thrown instead of reading memory that may already belong to something else.
 */
public class ReleasedBatchException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String column;
    private final int row;

    public ReleasedBatchException(String column, int row) {
        super("column '" + column + "', row " + row + ": read after its Arrow batch was released; rows are views"
                + " valid only until the source moves to the next batch, so an operator that keeps a row with object"
                + " reuse enabled must copy it (RowDataSerializer#copy)");
        this.column = column;
        this.row = row;
    }

    /** Path of the column that was read. */
    public String column() {
        return column;
    }

    /** Row index, within its batch, that was read. */
    public int row() {
        return row;
    }
}
