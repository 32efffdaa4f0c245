/**
 * Apache Parquet files as Arrow batches, on parquet-java without Hadoop.
 *
 * <p>{@link io.lightstream.format.parquet.ParquetBatchWriter} shreds Arrow vectors straight into
 * parquet-java's column writers and {@link io.lightstream.format.parquet.ParquetBatchReader}
 * assembles Arrow vectors straight from its column readers, both driven by the Dremel levels
 * computed once per column ({@code ColumnNode}). Compression runs through our own codec factory
 * ({@code ParquetCodecs}) so that no Hadoop class is needed at run time.
 */
package io.lightstream.format.parquet;
