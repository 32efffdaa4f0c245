/**
 * File formats beside Arrow IPC: Parquet, CSV and JSON, and the pieces they share (reader-owned
 * allocators, typed format properties).
 *
 * <p>Each format has its own package with a factory ({@code ParquetFormat}, {@code CsvFormat},
 * {@code JsonFormat}) that {@link io.lightstream.io.FileFormats} calls; readers yield owned
 * {@link io.lightstream.Batch batches}, writers accept {@link org.apache.arrow.vector.VectorSchemaRoot
 * roots} without taking ownership.
 */
package io.lightstream.format;
