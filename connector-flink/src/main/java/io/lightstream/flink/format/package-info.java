/**
 * Arrow IPC files as a Flink file format: {@link io.lightstream.flink.format.ArrowBulkFormat} reads
 * them with {@code FileSource} (split at record batch boundaries, rows read in place from the
 * batches' vectors) and {@link io.lightstream.flink.format.ArrowBulkWriterFactory} writes them with
 * {@code FileSink}. The SQL side ({@code 'format' = 'arrow'} on the filesystem connector) is {@link
 * io.lightstream.flink.table.ArrowFormatFactory}.
 */
package io.lightstream.flink.format;
