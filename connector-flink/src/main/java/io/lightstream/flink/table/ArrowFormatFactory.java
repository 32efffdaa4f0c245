package io.lightstream.flink.table;

import static io.lightstream.flink.table.ArrowFormatOptions.BATCH_MAX_BYTES;
import static io.lightstream.flink.table.ArrowFormatOptions.BATCH_MAX_ROWS;
import static io.lightstream.flink.table.ArrowFormatOptions.COMPRESSION;
import static io.lightstream.flink.table.ArrowFormatOptions.MEMORY_LIMIT;
import static io.lightstream.flink.table.ArrowFormatOptions.MMAP;

import io.lightstream.Compression;
import io.lightstream.flink.format.ArrowBulkFormat;
import io.lightstream.flink.format.ArrowBulkWriterFactory;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.table.factories.BulkReaderFormatFactory;
import org.apache.flink.connector.file.table.factories.BulkWriterFormatFactory;
import org.apache.flink.connector.file.table.format.BulkDecodingFormat;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.format.ProjectableDecodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The Arrow IPC file format of the filesystem table connector, {@code 'format' = 'arrow'}, for
 * reading and writing:
 *
 * <pre>{@code
 * CREATE TABLE trades (id BIGINT, symbol STRING, price DECIMAL(18, 4)) WITH (
 *   'connector' = 'filesystem',
 *   'path' = 'file:///data/trades',
 *   'format' = 'arrow'
 * );
 * }</pre>
 *
 * <p>Projection is pushed into the reader: only the columns a query uses are matched and read from
 * the files' batches. Columns are matched to Arrow fields by name; column types with no Arrow form
 * are rejected at planning time with the column named, and options are validated (unknown keys,
 * bad values) with the option named.
 */
public final class ArrowFormatFactory implements BulkReaderFormatFactory, BulkWriterFormatFactory {
    /** The {@code format} option value. */
    public static final String IDENTIFIER = "arrow";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(MEMORY_LIMIT, MMAP, BATCH_MAX_ROWS, BATCH_MAX_BYTES, COMPRESSION);
    }

    @Override
    public BulkDecodingFormat<RowData> createDecodingFormat(DynamicTableFactory.Context context,
            ReadableConfig options) {
        validate(options);
        long memoryLimit = options.get(MEMORY_LIMIT).getBytes();
        if (memoryLimit <= 0) {
            throw new ValidationException("option '" + IDENTIFIER + "." + MEMORY_LIMIT.key() + "' must be positive");
        }
        return new DecodingFormat(memoryLimit, options.get(MMAP));
    }

    @Override
    public EncodingFormat<BulkWriter.Factory<RowData>> createEncodingFormat(DynamicTableFactory.Context context,
            ReadableConfig options) {
        validate(options);
        int maxRows = options.get(BATCH_MAX_ROWS);
        long maxBytes = options.get(BATCH_MAX_BYTES).getBytes();
        if (maxRows < 1 || maxBytes < 1) {
            throw new ValidationException("options '" + IDENTIFIER + "." + BATCH_MAX_ROWS.key() + "' and '"
                    + IDENTIFIER + "." + BATCH_MAX_BYTES.key() + "' must be positive");
        }
        Compression compression;
        try {
            compression = Compression.parse(options.get(COMPRESSION));
            if (compression != Compression.NONE && compression != Compression.ZSTD
                    && compression != Compression.LZ4_FRAME) {
                throw new IllegalArgumentException(compression + " is not an Arrow IPC compression");
            }
        } catch (IllegalArgumentException e) {
            throw new ValidationException("option '" + IDENTIFIER + "." + COMPRESSION.key() + "': expected 'none',"
                    + " 'zstd' or 'lz4', got '" + options.get(COMPRESSION) + "'", e);
        }
        return new EncodingFormat<>() {
            @Override
            public BulkWriter.Factory<RowData> createRuntimeEncoder(DynamicTableSink.Context sinkContext,
                    DataType physicalDataType) {
                return ArrowBulkWriterFactory.builder((RowType) physicalDataType.getLogicalType())
                        .setBatchMaxRows(maxRows)
                        .setBatchMaxBytes(maxBytes)
                        .setCompression(compression)
                        .build();
            }

            @Override
            public ChangelogMode getChangelogMode() {
                return ChangelogMode.insertOnly();
            }
        };
    }

    /**
     * Checks values and, since the filesystem connector leaves the keys under the format's prefix to
     * the format, rejects keys the format does not know.
     */
    private void validate(ReadableConfig options) {
        FactoryUtil.validateFactoryOptions(this, options);
        if (options instanceof Configuration c) {
            Set<String> known = new TreeSet<>();
            optionalOptions().forEach(o -> known.add(o.key()));
            for (String key : c.keySet()) {
                if (!known.contains(key)) {
                    throw new ValidationException("unsupported option '" + IDENTIFIER + "." + key + "' of the '"
                            + IDENTIFIER + "' format; supported options: " + known.stream()
                            .map(k -> IDENTIFIER + "." + k).toList());
                }
            }
        }
    }

    /** Creates readers of the projected columns only. */
    private static final class DecodingFormat
            implements BulkDecodingFormat<RowData>, ProjectableDecodingFormat<BulkFormat<RowData, FileSourceSplit>> {
        private final long memoryLimit;
        private final boolean mmap;

        DecodingFormat(long memoryLimit, boolean mmap) {
            this.memoryLimit = memoryLimit;
            this.mmap = mmap;
        }

        @Override
        public BulkFormat<RowData, FileSourceSplit> createRuntimeDecoder(DynamicTableSource.Context context,
                DataType physicalDataType, int[][] projections) {
            RowType projected = (RowType) Projection.of(projections).project(physicalDataType).getLogicalType();
            return ArrowBulkFormat.builder(projected).setMemoryLimit(memoryLimit).setMemoryMapping(mmap).build();
        }

        @Override
        public ChangelogMode getChangelogMode() {
            return ChangelogMode.insertOnly();
        }
    }
}
