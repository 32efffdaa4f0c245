package io.lightstream.format.parquet;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.Item;
import io.lightstream.LightstreamException;
import io.lightstream.ReadOptions;
import io.lightstream.format.FormatProperties;
import io.lightstream.io.ReaderAllocators;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.VersionParser;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet file as Arrow batches, straight from parquet-java's column readers into Arrow
 * vectors (no record model in between).
 *
 * <p>Types: when the footer carries an {@code ARROW:schema} entry (written by this library, Arrow
 * C++ or pyarrow) and a column's stored Arrow type fits its Parquet layout, the stored type is
 * used, restoring dictionary encoding (top-level columns), large and view types, time zones,
 * fixed-size lists of leaves and so on; otherwise the type follows the Parquet annotations (see
 * {@link ParquetSchemaConverter}).
 *
 * <p>Batches never span row groups: a batch holds at most {@link ReadOptions#batchSize()} rows
 * of one row group. Format properties ({@link ReadOptions#properties()}):
 * <table>
 * <caption>Parquet read properties</caption>
 * <tr><td>{@code filter}</td><td>predicate used to skip row groups by statistics, dictionaries and bloom filters,
 * e.g. {@code id >= 1000 and name = 'x'}; rows of groups that are read are all returned (see {@link
 * RowGroupPredicate})</td></tr>
 * </table>
 * {@link ReadOptions#columns()} projects top-level columns (only their column chunks are read).
 *
 * <p><b>Threading:</b> one thread at a time. <b>Ownership:</b> batches belong to the caller and
 * may outlive the reader: its allocator closes with the last of them.
 */
public final class ParquetBatchReader implements io.lightstream.LightstreamReader {
    private static final String READER_NAME = "Parquet reader";
    private final String file;
    private final ParquetFileReader reader;
    private final BufferAllocator allocator;
    private final io.lightstream.io.AllocatorLease lease;
    private final Schema schema;
    private final Schema readSchema;
    private final List<ColumnAssembler> columns = new ArrayList<>();
    private final int batchSize;
    private final VersionParser.ParsedVersion writerVersion;
    private final List<BlockMetaData> rowGroups;
    private int rowGroupIndex = -1;
    private long rowsLeftInGroup;
    private long rowInGroup;
    private long sequence;
    private long bytesRead;
    private boolean closed;

    /**
     * Opens the file and reads its footer.
     *
     * @param name the file name for messages
     * @throws FormatException not a Parquet file, or a damaged footer
     * @throws IllegalArgumentException an unknown projected column or a bad property
     */
    public ParquetBatchReader(InputFile in, String name, ReadOptions options) throws IOException {
        this.file = name;
        this.batchSize = options.batchSize();
        FormatProperties p = new FormatProperties(options.properties(), "parquet");
        ParquetFileReader r = openFile(in, name, null);
        FileMetaData meta = r.getFileMetaData();
        MessageType fileSchema = meta.getSchema();
        if (p.has("filter")) {
            // The filter is checked against the schema before the file is reopened with it.
            var predicate = RowGroupPredicate.parse(p.string("filter", ""), fileSchema);
            r.close();
            r = openFile(in, name, FilterCompat.get(predicate));
        }
        this.reader = r;
        boolean ok = false;
        try {
            VersionParser.ParsedVersion v;
            try {
                v = meta.getCreatedBy() == null ? null : VersionParser.parse(meta.getCreatedBy());
            } catch (RuntimeException | VersionParser.VersionParseException e) {
                v = null;
            }
            this.writerVersion = v;
            Schema stored = ArrowSchemaMetadata.decode(meta.getKeyValueMetaData().get(ArrowSchemaMetadata.KEY));
            List<Type> projected = project(fileSchema, options.columns());
            MessageType requested = new MessageType(fileSchema.getName(), projected);
            List<Field> outFields = new ArrayList<>();
            List<Field> readFields = new ArrayList<>();
            for (Type t : projected) {
                Field storedField = storedField(stored, t.getName());
                ColumnNode node = null;
                Field out = null;
                if (storedField != null) {
                    try {
                        node = ParquetSchemaConverter.bind(storedField, t, requested, new String[] {t.getName()}, 0, 0,
                                t.getName());
                        checkReadable(node);
                        out = storedField;
                    } catch (ParquetSchemaConverter.Mismatch e) {
                        node = null;
                    }
                }
                if (node == null) {
                    Field derived = ParquetSchemaConverter.toArrow(t);
                    try {
                        node = ParquetSchemaConverter.bind(derived, t, requested, new String[] {t.getName()}, 0, 0,
                                t.getName());
                    } catch (ParquetSchemaConverter.Mismatch e) {
                        throw new FormatException("Parquet file " + name + ": column '" + t.getName()
                                + "' has a layout this reader does not support: " + e.getMessage(), -1);
                    }
                    out = derived;
                }
                columns.add(new ColumnAssembler(node.assignSlots()));
                readFields.add(node.field);
                outFields.add(withoutNestedDictionaries(out, true));
            }
            this.schema = new Schema(outFields, stored != null ? stored.getCustomMetadata() : null);
            this.readSchema = new Schema(readFields);
            reader.setRequestedSchema(requested);
            this.rowGroups = reader.getRowGroups();
            this.allocator = ReaderAllocators.create(options.allocator(), "parquet:" + name, options.memoryLimit());
            this.lease = new io.lightstream.io.AllocatorLease(allocator);
            ok = true;
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new FormatException("Parquet file " + name + ": " + e.getMessage(), -1, e);
        } finally {
            if (!ok) {
                reader.close();
            }
        }
    }

    private static ParquetFileReader openFile(InputFile in, String name, FilterCompat.Filter filter)
            throws IOException {
        try {
            return new ParquetFileReader(in, HadoopFreeReadOptions.build(new ParquetCodecs(0), filter));
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new FormatException("not a readable Parquet file: " + name + " (" + msg + ")", -1, e);
        }
    }

    private static List<Type> project(MessageType fileSchema, List<String> names) {
        if (names == null) {
            return fileSchema.getFields();
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Type> out = new ArrayList<>();
        for (String n : names) {
            if (!fileSchema.containsField(n)) {
                List<String> have = new ArrayList<>();
                fileSchema.getFields().forEach(t -> have.add(t.getName()));
                throw new IllegalArgumentException("no column '" + n + "' to project; the file has " + have);
            }
            if (seen.add(n)) {
                out.add(fileSchema.getType(n));
            }
        }
        return out;
    }

    private static Field storedField(Schema stored, String name) {
        if (stored == null) {
            return null;
        }
        for (Field f : stored.getFields()) {
            if (f.getName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** Fixed-size lists are rebuilt only over leaf elements; anything else falls back to plain lists. */
    private static void checkReadable(ColumnNode n) throws ParquetSchemaConverter.Mismatch {
        if (n.fixedSize > 0 && n.children.get(0).kind != ColumnNode.Kind.LEAF) {
            throw new ParquetSchemaConverter.Mismatch(n.path + ": fixed-size list of non-leaf elements");
        }
        for (ColumnNode c : n.children) {
            checkReadable(c);
        }
    }

    /** Dictionary encoding is restored on top-level columns only; nested ones read as their value type. */
    private static Field withoutNestedDictionaries(Field f, boolean top) {
        List<Field> children = new ArrayList<>();
        for (Field c : f.getChildren()) {
            children.add(withoutNestedDictionaries(c, false));
        }
        if (top && f.getDictionary() != null) {
            // Arrow's in-memory form: the vector holds indices; the dictionary holds the values.
            var type = new org.apache.arrow.vector.types.pojo.FieldType(f.isNullable(),
                    f.getDictionary().getIndexType(), f.getDictionary(), f.getMetadata());
            return new Field(f.getName(), type, null);
        }
        var type = new org.apache.arrow.vector.types.pojo.FieldType(f.isNullable(), f.getType(), null,
                f.getMetadata());
        return new Field(f.getName(), type, children.isEmpty() ? null : children);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    /** Total rows in the row groups this reader will visit (after filtering). */
    public long rowCount() {
        long n = 0;
        for (BlockMetaData b : rowGroups) {
            n += b.getRowCount();
        }
        return n;
    }

    @Override
    public Item read() throws IOException {
        return readBatch();
    }

    @Override
    public Batch readBatch() throws IOException {
        if (closed) {
            throw new LightstreamException("Parquet reader for " + file + " is closed");
        }
        while (rowsLeftInGroup == 0) {
            if (!nextRowGroup()) {
                return null;
            }
        }
        int rows = (int) Math.min(batchSize, rowsLeftInGroup);
        List<FieldVector> vectors = new ArrayList<>();
        List<AutoCloseable> dictionaries = new ArrayList<>();
        DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
        boolean ok = false;
        ColumnAssembler current = null;
        try {
            for (int c = 0; c < columns.size(); c++) {
                current = columns.get(c);
                Field outField = schema.getFields().get(c);
                FieldVector v = readSchema.getFields().get(c).createVector(allocator);
                vectors.add(v);
                current.read(v, rows);
                if (outField.getDictionary() != null) {
                    DictionaryRebuilder.Result enc = DictionaryRebuilder.encode(v, outField, allocator);
                    v.close();
                    vectors.set(c, enc.indices());
                    dictionaries.add(enc.dictionary().getVector());
                    provider.put(enc.dictionary());
                }
            }
            ok = true;
        } catch (IOException | RuntimeException e) {
            throw new FormatException("Parquet file " + file + ", row group " + rowGroupIndex + ", column '"
                    + (current == null ? "?" : current.path()) + "', rows " + rowInGroup + ".." + (rowInGroup + rows)
                    + ": " + e.getMessage(), -1, e);
        } finally {
            if (!ok) {
                AutoCloseables.closeNoChecked(() -> AutoCloseables.close(vectors));
                AutoCloseables.closeNoChecked(() -> AutoCloseables.close(dictionaries));
            }
        }
        rowsLeftInGroup -= rows;
        rowInGroup += rows;
        VectorSchemaRoot root = new VectorSchemaRoot(schema.getFields(), vectors, rows);
        AutoCloseable hold = dictionaries.isEmpty() ? null : () -> AutoCloseables.close(dictionaries);
        return lease.track(new Batch(root, provider, hold, null, sequence++, Map.of(), -1));
    }

    private boolean nextRowGroup() throws IOException {
        PageReadStore rg;
        try {
            rg = reader.readNextRowGroup();
        } catch (IOException | RuntimeException e) {
            throw new FormatException("Parquet file " + file + ", row group " + (rowGroupIndex + 1) + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()), -1, e);
        }
        if (rg == null) {
            return false;
        }
        rowGroupIndex++;
        BlockMetaData block = rowGroups.get(rowGroupIndex);
        bytesRead += block.getCompressedSize();
        rowsLeftInGroup = rg.getRowCount();
        rowInGroup = 0;
        for (ColumnAssembler c : columns) {
            try {
                c.startRowGroup(rg, writerVersion, encodings(block, c));
            } catch (IOException | RuntimeException e) {
                throw new FormatException("Parquet file " + file + ", row group " + rowGroupIndex + ", column '"
                        + c.path() + "': " + describe(e), -1, e);
            }
        }
        return true;
    }

    /** The encodings the row group lists for the (first) leaf of a column, or null if it is not found. */
    private static java.util.Set<org.apache.parquet.column.Encoding> encodings(BlockMetaData block, ColumnAssembler c) {
        var path = org.apache.parquet.hadoop.metadata.ColumnPath.get(c.node.firstLeaf().column.getPath());
        for (var chunk : block.getColumns()) {
            if (chunk.getPath().equals(path)) {
                return chunk.getEncodings();
            }
        }
        return null;
    }

    /** The message of an exception and of its causes: parquet-java wraps the useful part. */
    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 500; t = t.getCause()) {
            if (sb.length() > 0) {
                sb.append(": ");
            }
            sb.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
        return sb.toString();
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            reader.close();
        } finally {
            lease.release();
        }
    }
}
