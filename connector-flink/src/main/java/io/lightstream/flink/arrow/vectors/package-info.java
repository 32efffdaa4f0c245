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
 * used by one thread at a time.
 */
package io.lightstream.flink.arrow.vectors;
