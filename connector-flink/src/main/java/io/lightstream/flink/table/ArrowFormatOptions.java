package io.lightstream.flink.table;

import io.lightstream.flink.format.ArrowBulkFormat;
import io.lightstream.flink.format.ArrowBulkWriterFactory;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * Options of the {@code 'format' = 'arrow'} file format. In a table's {@code WITH} clause they take
 * the format's prefix, e.g. {@code 'arrow.batch.max-rows' = '10000'}.
 */
public final class ArrowFormatOptions {
    private ArrowFormatOptions() {}

    public static final ConfigOption<MemorySize> MEMORY_LIMIT = ConfigOptions.key("memory-limit")
            .memoryType()
            .defaultValue(new MemorySize(ArrowBulkFormat.DEFAULT_MEMORY_LIMIT))
            .withDescription("Reading: Arrow memory one open file and its queued batches may hold; mapped bytes"
                    + " of local files count too.");

    public static final ConfigOption<Boolean> MMAP = ConfigOptions.key("mmap")
            .booleanType()
            .defaultValue(true)
            .withDescription("Reading: memory-map local files instead of reading each batch into memory.");

    public static final ConfigOption<Integer> BATCH_MAX_ROWS = ConfigOptions.key("batch.max-rows")
            .intType()
            .defaultValue(ArrowBulkWriterFactory.DEFAULT_BATCH_MAX_ROWS)
            .withDescription("Writing: rows per record batch.");

    public static final ConfigOption<MemorySize> BATCH_MAX_BYTES = ConfigOptions.key("batch.max-bytes")
            .memoryType()
            .defaultValue(new MemorySize(ArrowBulkWriterFactory.DEFAULT_BATCH_MAX_BYTES))
            .withDescription("Writing: approximate Arrow bytes per record batch.");

    public static final ConfigOption<String> COMPRESSION = ConfigOptions.key("compression")
            .stringType()
            .defaultValue("none")
            .withDescription("Writing: record batch body compression, 'none', 'zstd' or 'lz4'.");
}
