package io.lightstream.flink.format;

import io.lightstream.Compression;
import io.lightstream.codec.Alignment;
import io.lightstream.codec.BodyCodec;
import io.lightstream.codec.ipc.IpcMessageEncoder;
import io.lightstream.flink.arrow.ArrowTypeMapping;
import io.lightstream.flink.arrow.writers.RowDataArrowWriter;
import java.io.IOException;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Writes {@link RowData} as Arrow IPC files with {@code FileSink} (or the filesystem table sink):
 * each part file is one IPC file with the Arrow schema of the row type ({@link
 * ArrowTypeMapping#toArrowSchema}), frames 64-byte aligned by default, readable by {@code
 * Lightstream.read}, by {@link ArrowBulkFormat} and by any Arrow implementation.
 *
 * <pre>{@code
 * FileSink<RowData> sink = FileSink
 *         .forBulkFormat(new Path("/out"), ArrowBulkWriterFactory.builder(rowType).build())
 *         .withOutputFileConfig(OutputFileConfig.builder().withPartSuffix(".arrow").build())
 *         .build();
 * }</pre>
 *
 * <p>Bulk formats roll part files at every checkpoint; a batch is written when it reaches the row
 * or byte bound and at every checkpoint. Each writer holds one open batch in Arrow (direct) memory.
 * Immutable, serializable and thread-safe.
 */
public final class ArrowBulkWriterFactory implements BulkWriter.Factory<RowData> {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_BATCH_MAX_ROWS = 65_536;
    public static final long DEFAULT_BATCH_MAX_BYTES = 64L << 20;

    private final RowType rowType;
    private final int batchMaxRows;
    private final long batchMaxBytes;
    private final Compression compression;
    private final Alignment alignment;

    private ArrowBulkWriterFactory(Builder b) {
        this.rowType = b.rowType;
        this.batchMaxRows = b.batchMaxRows;
        this.batchMaxBytes = b.batchMaxBytes;
        this.compression = b.compression;
        this.alignment = b.alignment;
    }

    /**
     * A builder of a factory writing rows of {@code rowType}.
     *
     * @throws io.lightstream.flink.arrow.UnsupportedTypeException a column type has no Arrow form
     */
    public static Builder builder(RowType rowType) {
        return new Builder(rowType);
    }

    @Override
    public BulkWriter<RowData> create(FSDataOutputStream out) throws IOException {
        BufferAllocator allocator = new RootAllocator();
        RowDataArrowWriter rows = null;
        try {
            rows = RowDataArrowWriter.create(rowType, allocator);
            BodyCodec codec = compression == Compression.NONE ? null : BodyCodec.forWriting(compression, 0);
            IpcMessageEncoder encoder = new IpcMessageEncoder(alignment, codec, allocator);
            return new ArrowBulkWriter(out, rows, encoder, allocator, batchMaxRows, batchMaxBytes);
        } catch (RuntimeException e) {
            if (rows != null) {
                rows.close();
            }
            allocator.close();
            throw e;
        }
    }

    /** Builder of {@link ArrowBulkWriterFactory}. Not thread-safe. */
    public static final class Builder {
        private final RowType rowType;
        private int batchMaxRows = DEFAULT_BATCH_MAX_ROWS;
        private long batchMaxBytes = DEFAULT_BATCH_MAX_BYTES;
        private Compression compression = Compression.NONE;
        private Alignment alignment = Alignment.A64;

        private Builder(RowType rowType) {
            this.rowType = Objects.requireNonNull(rowType, "rowType");
            ArrowTypeMapping.toArrowSchema(rowType);
        }

        /** Rows per record batch (default 65536). */
        public Builder setBatchMaxRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("batch max rows must be positive, got " + rows);
            }
            this.batchMaxRows = rows;
            return this;
        }

        /** Approximate Arrow bytes per record batch (default 64 MiB). */
        public Builder setBatchMaxBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("batch max bytes must be positive, got " + bytes);
            }
            this.batchMaxBytes = bytes;
            return this;
        }

        /** Body compression: NONE (default), ZSTD or LZ4_FRAME. */
        public Builder setCompression(Compression compression) {
            if (Objects.requireNonNull(compression, "compression") != Compression.NONE) {
                // Rejects codecs the Arrow IPC format does not define, with a message saying so.
                BodyCodec.forWriting(compression, 0);
            }
            this.compression = compression;
            return this;
        }

        /** Frame alignment: 64 bytes (default) or the standard minimum of 8. */
        public Builder setAlignment(Alignment alignment) {
            this.alignment = Objects.requireNonNull(alignment, "alignment");
            return this;
        }

        public ArrowBulkWriterFactory build() {
            return new ArrowBulkWriterFactory(this);
        }
    }
}
