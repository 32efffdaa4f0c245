/**
 * Flink {@link org.apache.flink.table.data.columnar.vector.ColumnVector column vectors} over Arrow
 * vectors, so that a reused {@link org.apache.flink.table.data.columnar.ColumnarRowData} reads
 * rows straight from Arrow memory.
 *
 * <p>Fixed-width values are read from the Arrow buffers at access time (no copy). Variable-width
 * values are copied once per batch and column, on first access, into one heap array from which
 * every row's {@code Bytes} slice is served: Flink's {@code BytesColumnVector} contract requires
 * heap arrays. Dictionary-encoded columns are resolved through their dictionary on access.
 *
 * <p>The vectors are views: they are valid only while the Arrow batch they wrap is open, and are
 * used by one thread at a time. Values are read from buffer addresses with one row-index check per
 * access; releasing a batch's {@link io.lightstream.flink.arrow.vectors.ArrowBatchView view} before
 * closing the batch makes that same check fail, so a row kept past its batch throws {@link
 * io.lightstream.flink.arrow.vectors.ReleasedBatchException} instead of reading freed memory.
 */
package io.lightstream.flink.arrow.vectors;
