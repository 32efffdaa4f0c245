package io.lightstream.format.parquet;

import io.lightstream.Compression;
import io.lightstream.LightstreamException;
import io.lightstream.LightstreamWriter;
import io.lightstream.ProtocolException;
import io.lightstream.WriteOptions;
import io.lightstream.format.FormatProperties;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes Arrow batches to one Parquet file, column by column straight from the Arrow buffers into
 * parquet-java's column writers (no record model in between).
 *
 * <p>The footer carries the Arrow schema under {@code ARROW:schema} (as Arrow C++ does), so that
 * {@link ParquetBatchReader} restores dictionary columns, time zones and the other Arrow types
 * Parquet cannot name. Per-batch custom metadata has no place in Parquet and is not written.
 *
 * <p>Format properties ({@link WriteOptions#properties()}):
 * <table>
 * <caption>Parquet write properties</caption>
 * <tr><td>{@code row.group.bytes}</td><td>buffered bytes before a row group is flushed; default 128m</td></tr>
 * <tr><td>{@code row.group.rows}</td><td>rows per row group at most; default 1048576</td></tr>
 * <tr><td>{@code page.bytes}</td><td>target data page size; default 1m</td></tr>
 * <tr><td>{@code page.rows}</td><td>rows per data page at most; default 20000</td></tr>
 * <tr><td>{@code dictionary}</td><td>dictionary-encode pages (falls back to plain when the dictionary grows past
 * {@code dictionary.page.bytes}); default true</td></tr>
 * <tr><td>{@code dictionary.page.bytes}</td><td>default 1m</td></tr>
 * <tr><td>{@code page.version}</td><td>{@code 1} (DataPage V1, widest compatibility) or {@code 2}; default 1</td></tr>
 * </table>
 * Compression comes from {@link WriteOptions#compression()}: none, snappy, zstd (level from {@link
 * WriteOptions#compressionLevel()}), gzip, lz4_raw ({@code lz4} means lz4_raw here: Parquet has no
 * LZ4 frame codec).
 *
 * <p><b>Threading:</b> one thread at a time. <b>Ownership:</b> roots and dictionaries passed to
 * {@code write} stay the caller's.
 */
public final class ParquetBatchWriter implements LightstreamWriter {
    /** Rows shredded per column before moving to the next column: keeps page-size checks close to target. */
    private static final int CHUNK_ROWS = 4096;

    private final Schema schema;
    private final OutputFile out;
    private final String file;
    private Schema storedSchema;
    private MessageType parquetSchema;
    private ParquetFileWriter fileWriter;
    private final ParquetProperties props;
    private final ParquetCodecs codecs;
    private final CompressionCodecName codec;
    private final int compressionLevel;
    private final long rowGroupBytes;
    private final long rowGroupRows;
    private final List<LeafColumnWriter> leaves = new ArrayList<>();
    private ColumnChunkPageWriteStore pageStore;
    private ColumnWriteStore columnStore;
    private long rowsInGroup;
    private long rowsWritten;
    private boolean closed;
    /** A write failed part-way: the column stores may disagree, so no footer will be written. */
    private boolean failed;

    /**
     * Prepares a writer; the file is created (or replaced) at the first write, or at close when
     * nothing was written.
     *
     * @param name the file name for messages
     * @throws IllegalArgumentException a column Parquet cannot hold, or a bad property
     */
    public ParquetBatchWriter(OutputFile out, String name, Schema schema, WriteOptions options) throws IOException {
        this.schema = schema;
        this.file = name;
        FormatProperties p = new FormatProperties(options.properties(), "parquet");
        this.rowGroupBytes = p.positiveLong("row.group.bytes", 128L << 20);
        this.rowGroupRows = p.positiveLong("row.group.rows", 1L << 20);
        int pageVersion = p.positiveInt("page.version", 1);
        if (pageVersion != 1 && pageVersion != 2) {
            throw new IllegalArgumentException("parquet option 'page.version' has value '" + pageVersion
                    + "'; expected 1 or 2");
        }
        this.props = ParquetProperties.builder()
                .withPageSize(p.positiveInt("page.bytes", 1 << 20))
                .withPageRowCountLimit(p.positiveInt("page.rows", 20_000))
                .withDictionaryEncoding(p.bool("dictionary", true))
                .withDictionaryPageSize(p.positiveInt("dictionary.page.bytes", 1 << 20))
                .withWriterVersion(pageVersion == 2 ? ParquetProperties.WriterVersion.PARQUET_2_0
                        : ParquetProperties.WriterVersion.PARQUET_1_0)
                .withAllocator(new HeapByteBufferAllocator())
                .build();
        this.codec = codecName(options.compression());
        this.compressionLevel = options.compressionLevel();
        this.codecs = new ParquetCodecs(compressionLevel);
        this.out = out;
        // Validate every column now, so an unsupported type fails at open rather than at the first write.
        ParquetSchemaConverter.toParquet(messageFormat(schema, null));
    }

    /**
     * Fixes the Parquet schema and writes the file header. Dictionary-encoded columns are stored as
     * their value type, which only the dictionaries of the first batch reveal; a file closed before
     * any batch stores such columns as their index type.
     */
    private void start(DictionaryProvider dictionaries) throws IOException {
        Schema message = messageFormat(schema, dictionaries);
        this.storedSchema = message;
        this.parquetSchema = ParquetSchemaConverter.toParquet(message);
        for (int i = 0; i < message.getFields().size(); i++) {
            Field f = message.getFields().get(i);
            Type t = parquetSchema.getType(i);
            ColumnNode node;
            try {
                node = ParquetSchemaConverter.bind(f, t, parquetSchema, new String[] {t.getName()}, 0, 0, f.getName());
            } catch (ParquetSchemaConverter.Mismatch e) {
                throw new IllegalStateException("schema mapping is inconsistent for " + f, e);
            }
            collectLeaves(i, f, node, new ArrayList<>(), new ArrayList<>(), 0);
        }
        try {
            this.fileWriter = new ParquetFileWriter(out, parquetSchema, ParquetFileWriter.Mode.OVERWRITE, rowGroupBytes,
                    0, ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH,
                    ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH, false);
            fileWriter.start();
        } catch (IOException e) {
            throw new LightstreamException("cannot create Parquet file " + file + ": " + e.getMessage(), e);
        }
        newRowGroup();
    }

    /**
     * The schema with each dictionary-encoded field typed by its values (Arrow's message form, as
     * IPC and {@code ARROW:schema} store it) instead of its indices (the in-memory form).
     */
    static Schema messageFormat(Schema schema, DictionaryProvider dictionaries) {
        List<Field> fields = new ArrayList<>();
        for (Field f : schema.getFields()) {
            fields.add(messageFormat(f, dictionaries));
        }
        return new Schema(fields, schema.getCustomMetadata());
    }

    private static Field messageFormat(Field f, DictionaryProvider dictionaries) {
        List<Field> children = new ArrayList<>();
        for (Field c : f.getChildren()) {
            children.add(messageFormat(c, dictionaries));
        }
        if (f.getDictionary() == null) {
            return new Field(f.getName(), f.getFieldType(), children.isEmpty() ? null : children);
        }
        Dictionary d = dictionaries == null ? null : dictionaries.lookup(f.getDictionary().getId());
        if (d == null) {
            if (dictionaries != null) {
                throw new IllegalArgumentException("column '" + f.getName() + "' is dictionary-encoded (id "
                        + f.getDictionary().getId() + ") but no dictionary with that id was given");
            }
            return new Field(f.getName(), new FieldType(f.isNullable(), f.getType(), null, f.getMetadata()),
                    children.isEmpty() ? null : children);
        }
        Field values = d.getVector().getField();
        return new Field(f.getName(), new FieldType(f.isNullable(), values.getType(), f.getDictionary(),
                f.getMetadata()), values.getChildren().isEmpty() ? null : values.getChildren());
    }

    static CompressionCodecName codecName(Compression c) {
        return switch (c) {
            case NONE -> CompressionCodecName.UNCOMPRESSED;
            case ZSTD -> CompressionCodecName.ZSTD;
            case SNAPPY -> CompressionCodecName.SNAPPY;
            case GZIP -> CompressionCodecName.GZIP;
            case LZ4_RAW, LZ4_FRAME -> CompressionCodecName.LZ4_RAW;
        };
    }

    private void collectLeaves(int top, Field f, ColumnNode node, List<ColumnNode> chain, List<Integer> ordinals,
            int ordinal) {
        chain.add(node);
        ordinals.add(ordinal);
        if (node.kind == ColumnNode.Kind.LEAF) {
            int[] ords = ordinals.stream().mapToInt(Integer::intValue).toArray();
            leaves.add(new LeafColumnWriter(top, chain.toArray(new ColumnNode[0]), ords, f.getDictionary()));
        } else {
            List<Field> childFields = f.getChildren();
            for (int i = 0; i < node.children.size(); i++) {
                collectLeaves(top, childFields.get(i), node.children.get(i), chain, ordinals, i);
            }
        }
        chain.remove(chain.size() - 1);
        ordinals.remove(ordinals.size() - 1);
    }

    private void newRowGroup() {
        pageStore = ColumnChunkPageWriteStore.builder()
                .withCompressorProvider(c -> compressionLevel != 0 ? codecs.getCompressor(codec, compressionLevel)
                        : codecs.getCompressor(codec))
                .withSchema(parquetSchema)
                .withAllocator(props.getAllocator())
                .withColumnIndexTruncateLength(props.getColumnIndexTruncateLength())
                .withPageWriteChecksumEnabled(false)
                .build();
        columnStore = props.newColumnWriteStore(parquetSchema, pageStore, pageStore);
        for (LeafColumnWriter l : leaves) {
            l.bind(columnStore.getColumnWriter(l.leaf().column));
        }
    }

    private void flushRowGroup() throws IOException {
        if (rowsInGroup == 0) {
            return;
        }
        fileWriter.startBlock(rowsInGroup);
        columnStore.flush();
        pageStore.flushToFileWriter(fileWriter);
        fileWriter.endBlock();
        columnStore.close();
        pageStore.close();
        rowsInGroup = 0;
        newRowGroup();
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public void write(VectorSchemaRoot batch, DictionaryProvider dictionaries, Map<String, String> metadata)
            throws IOException {
        ensureOpen();
        if (!batch.getSchema().getFields().equals(schema.getFields())) {
            throw new IllegalArgumentException("batch schema " + batch.getSchema() + " differs from the writer's "
                    + schema + " (file " + file + ")");
        }
        if (fileWriter == null) {
            start(dictionaries);
        }
        int rows = batch.getRowCount();
        for (LeafColumnWriter l : leaves) {
            l.prepare(batch, dictionaries);
        }
        failed = true;
        try {
            int row = 0;
            while (row < rows) {
                long roomInGroup = rowGroupRows - rowsInGroup;
                int n = (int) Math.min(Math.min(CHUNK_ROWS, rows - row), roomInGroup);
                for (LeafColumnWriter l : leaves) {
                    l.write(row, row + n);
                }
                for (int i = 0; i < n; i++) {
                    columnStore.endRecord();
                }
                row += n;
                rowsInGroup += n;
                rowsWritten += n;
                if (rowsInGroup >= rowGroupRows || columnStore.getBufferedSize() >= rowGroupBytes) {
                    flushRowGroup();
                }
            }
            failed = false;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (file " + file + "; the file is left without a "
                    + "footer)", e);
        } catch (RuntimeException e) {
            throw new LightstreamException("writing Parquet file " + file + " failed (the file is left without a "
                    + "footer): " + e, e);
        }
    }

    @Override
    public void write(String table, VectorSchemaRoot batch, DictionaryProvider dictionaries) throws IOException {
        throw new ProtocolException("a Parquet file holds one table; named tables need the Lightstream protocol");
    }

    @Override
    public void writeMessage(String name, byte[] payload) throws IOException {
        throw new ProtocolException("a Parquet file cannot hold messages; they need the Lightstream protocol");
    }

    /** Parquet files are complete only once the footer is written at {@link #close()}; this is a no-op. */
    @Override
    public void flush() {}

    @Override
    public long bytesWritten() {
        try {
            return fileWriter == null ? 0 : fileWriter.getPos();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Rows written so far. */
    public long rowsWritten() {
        return rowsWritten;
    }

    private void ensureOpen() throws ProtocolException {
        if (closed) {
            throw new ProtocolException("Parquet writer for " + file + " is closed");
        }
        if (failed) {
            throw new ProtocolException("an earlier write to Parquet file " + file + " failed; the file will be left "
                    + "without a footer");
        }
    }

    /** Flushes the last row group and writes the footer. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (failed) {
            // Leave the file without a footer: readers reject it instead of seeing part of a batch.
            try {
                fileWriter.close();
            } finally {
                columnStore.close();
                pageStore.close();
            }
            return;
        }
        if (fileWriter == null) {
            start(null);
        }
        try {
            flushRowGroup();
            Map<String, String> kv = new HashMap<>();
            kv.put(ArrowSchemaMetadata.KEY, ArrowSchemaMetadata.encode(storedSchema));
            fileWriter.end(kv);
        } catch (RuntimeException e) {
            fileWriter.abort();
            throw new LightstreamException("finishing Parquet file " + file + " failed: " + e, e);
        } finally {
            columnStore.close();
            pageStore.close();
            codecs.release();
        }
    }
}
