package io.lightstream.flink.format;

import io.lightstream.flink.arrow.ArrowTypeMapping;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/**
 * Arrow IPC files as a Flink {@link BulkFormat}: {@code FileSource} reads them as {@link RowData}
 * of a declared row type, one Arrow record batch per fetched batch.
 *
 * <pre>{@code
 * FileSource<RowData> source = FileSource
 *         .forBulkFileFormat(ArrowBulkFormat.builder(rowType).build(), new Path("/data/trades"))
 *         .setFileEnumerator(ArrowFileEnumerator.provider(ArrowFileEnumerator.DEFAULT_TARGET_SPLIT_SIZE))
 *         .build();
 * }</pre>
 *
 * <p><b>Columns</b> are matched to the file's Arrow fields by name; fields that are not declared are
 * never decoded into Flink columns (declare fewer columns to project). Each declared column must be
 * readable as its declared type ({@link ArrowTypeMapping#checkReadable}); otherwise the reader fails
 * naming the file and the column. Rows are views over the Arrow vectors (no per-value copy for
 * fixed-width columns), reused from row to row as Flink's own columnar formats do.
 *
 * <p><b>Splits</b> are byte ranges; a split reads the record batches whose block starts inside its
 * range, so the format is splittable however the ranges were cut ({@link ArrowFileEnumerator} cuts
 * them at batch boundaries). <b>Checkpoints</b> store the index of the current batch in the file and
 * the rows of it already emitted; a restored reader starts exactly there.
 *
 * <p><b>Memory:</b> each open file reads into an Arrow allocator capped at {@link
 * Builder#setMemoryLimit(long)}, which holds the batch being read and those still queued for
 * emission. Local files are memory-mapped by default (the mapped bytes count against the cap but
 * live in the page cache, not in JVM memory). Immutable, serializable and thread-safe.
 */
public final class ArrowBulkFormat implements BulkFormat<RowData, FileSourceSplit> {
    private static final long serialVersionUID = 1L;

    /** Default cap on the Arrow memory of one open file. */
    public static final long DEFAULT_MEMORY_LIMIT = MemorySize.parse("512mb").getBytes();

    private final RowType rowType;
    private final long memoryLimit;
    private final boolean memoryMapping;
    private final TypeInformation<RowData> producedType;

    private ArrowBulkFormat(Builder b) {
        this.rowType = b.rowType;
        this.memoryLimit = b.memoryLimit;
        this.memoryMapping = b.memoryMapping;
        this.producedType = InternalTypeInfo.of(rowType);
    }

    /**
     * A builder of a format producing rows of {@code rowType}.
     *
     * @throws io.lightstream.flink.arrow.UnsupportedTypeException a column type has no Arrow form
     */
    public static Builder builder(RowType rowType) {
        return new Builder(rowType);
    }

    /** The declared (produced) row type. */
    public RowType rowType() {
        return rowType;
    }

    @Override
    public BulkFormat.Reader<RowData> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return ArrowSplitReader.open(split, null, rowType, memoryLimit, memoryMapping);
    }

    @Override
    public BulkFormat.Reader<RowData> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return ArrowSplitReader.open(split, split.getReaderPosition().orElse(null), rowType, memoryLimit,
                memoryMapping);
    }

    @Override
    public boolean isSplittable() {
        return true;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }

    /** Builder of {@link ArrowBulkFormat}. Not thread-safe. */
    public static final class Builder {
        private final RowType rowType;
        private long memoryLimit = DEFAULT_MEMORY_LIMIT;
        private boolean memoryMapping = true;

        private Builder(RowType rowType) {
            this.rowType = Objects.requireNonNull(rowType, "rowType");
            // Fails now, naming the column, rather than on the cluster.
            ArrowTypeMapping.toArrowSchema(rowType);
        }

        /** Cap on the Arrow memory of one open file and its queued batches (default 512 MiB). */
        public Builder setMemoryLimit(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("memory limit must be positive, got " + bytes);
            }
            this.memoryLimit = bytes;
            return this;
        }

        /**
         * Memory-map local files (default) instead of reading each batch into Arrow memory. Files on
         * other file systems are always read.
         */
        public Builder setMemoryMapping(boolean mmap) {
            this.memoryMapping = mmap;
            return this;
        }

        public ArrowBulkFormat build() {
            return new ArrowBulkFormat(this);
        }
    }
}
