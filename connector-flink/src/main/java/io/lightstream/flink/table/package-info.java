/**
 * The Table/SQL connector {@code 'connector' = 'lightstream'}: {@link
 * io.lightstream.flink.table.LightstreamDynamicTableFactory} (registered through {@code
 * META-INF/services/org.apache.flink.table.factories.Factory}), its options in {@link
 * io.lightstream.flink.table.LightstreamConnectorOptions}, a scan source with projection, metadata
 * and watermark push-down, and an insert-only sink; and the Arrow IPC file format of the filesystem
 * connector, {@code 'format' = 'arrow'} ({@link io.lightstream.flink.table.ArrowFormatFactory}).
 */
package io.lightstream.flink.table;
