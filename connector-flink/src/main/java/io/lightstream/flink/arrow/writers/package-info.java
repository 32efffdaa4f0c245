/**
 * Arrow vectors filled directly from Flink's internal data structures ({@link
 * org.apache.flink.table.data.RowData}, {@link org.apache.flink.table.data.ArrayData}, {@link
 * org.apache.flink.table.data.MapData}), one {@link io.lightstream.flink.arrow.writers.ArrowFieldWriter}
 * per column and nested field, assembled by {@link io.lightstream.flink.arrow.writers.RowDataArrowWriter}.
 *
 * <p>Writers are not thread-safe and own nothing: the vectors belong to the caller's {@code
 * VectorSchemaRoot}.
 */
package io.lightstream.flink.arrow.writers;
