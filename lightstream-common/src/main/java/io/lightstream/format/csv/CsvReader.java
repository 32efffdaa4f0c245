package io.lightstream.format.csv;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.Item;
import io.lightstream.LightstreamException;
import io.lightstream.LightstreamReader;
import io.lightstream.ReadOptions;
import io.lightstream.format.FormatProperties;
import io.lightstream.io.ReaderAllocators;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads CSV as Arrow batches, parsing field bytes straight into vectors.
 *
 * <p>The schema is {@link ReadOptions#schema()} when given (columns matched to the header by name
 * when every schema column appears in it, else by position), otherwise inferred from the first
 * {@code infer.rows} records (see {@link CsvTypeInference}). {@link ReadOptions#columns()} selects
 * and orders columns. Unquoted fields equal to a null token are null; quoted fields never are, so
 * {@code ""} is an empty string while an empty unquoted field is null by default.
 *
 * <p>Format properties ({@link ReadOptions#properties()}):
 * <table>
 * <caption>CSV read properties</caption>
 * <tr><td>{@code delimiter}</td><td>one ASCII character, {@code \t} or {@code tab}; default {@code ,}</td></tr>
 * <tr><td>{@code quote}</td><td>one ASCII character; default {@code "}</td></tr>
 * <tr><td>{@code header}</td><td>first record holds the column names; default true (otherwise f0, f1, ...)</td></tr>
 * <tr><td>{@code null}</td><td>comma-separated null tokens; default {@code ,NA,null,NULL} (the empty field, NA,
 * null, NULL)</td></tr>
 * <tr><td>{@code infer.rows}</td><td>records used for type inference; default 1024</td></tr>
 * <tr><td>{@code max.record.bytes}</td><td>largest record accepted; default 16m</td></tr>
 * </table>
 * {@link ReadOptions#batchSize()} sets rows per batch. Errors: a record with another field count
 * than the header (a ragged row), an unterminated quote, or a field that does not parse as its
 * column's type raise {@link FormatException} naming the source, record, line and column.
 *
 * <p><b>Threading:</b> one thread at a time. <b>Ownership:</b> the reader closes the input stream;
 * batches belong to the caller.
 */
public final class CsvReader implements LightstreamReader {
    private static final String READER_NAME = "CSV reader";
    private final InputStream input;
    private final String source;
    private final CsvTokenizer tokenizer;
    private final BufferAllocator allocator;
    private final io.lightstream.io.AllocatorLease lease;
    private final Schema schema;
    private final int width;
    /** For each output column, the index of its field in a record. */
    private final int[] sourceIndex;
    private final CsvColumnParser[] parsers;
    private final byte[][] nullTokens;
    /** Bit n set when some null token is n bytes long (n < 64): rejects most fields without comparing. */
    private final long nullTokenLengths;
    private final int batchSize;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long sequence;
    private boolean closed;
    private boolean done;

    /** A record buffered for inference: its fields copied out of the tokenizer. */
    private record Pending(byte[][] fields, boolean[] quoted, long number, long line) {}

    /**
     * Reads the header (and, without a schema, the inference rows) before returning.
     *
     * @param source name of the input for messages (a path or {@code stdin})
     */
    public CsvReader(InputStream in, String source, ReadOptions options) throws IOException {
        this.input = in;
        this.source = source;
        boolean ok = false;
        try {
            FormatProperties p = new FormatProperties(options.properties(), "csv");
            byte delimiter = ascii(p.character("delimiter", ','), "delimiter");
            byte quote = ascii(p.character("quote", '"'), "quote");
            if (delimiter == quote || delimiter == '\n' || delimiter == '\r') {
                throw new IllegalArgumentException("csv options 'delimiter' and 'quote' must differ and not be a line end");
            }
            boolean header = p.bool("header", true);
            this.nullTokens = tokens(p.string("null", ",NA,null,NULL"));
            long lengths = 0;
            for (byte[] t : nullTokens) {
                lengths |= t.length < 64 ? 1L << t.length : 0;
            }
            this.nullTokenLengths = lengths;
            int inferRows = p.positiveInt("infer.rows", 1024);
            int maxRecord = p.positiveInt("max.record.bytes", 16 << 20);
            this.batchSize = options.batchSize();
            this.tokenizer = new CsvTokenizer(in, source, delimiter, quote, maxRecord);
            tokenizer.skipByteOrderMark();

            List<String> names = null;
            if (header) {
                if (tokenizer.next()) {
                    names = new ArrayList<>();
                    for (int i = 0; i < tokenizer.fieldCount(); i++) {
                        String n = new String(tokenizer.buffer(), tokenizer.start(i),
                                tokenizer.end(i) - tokenizer.start(i), StandardCharsets.UTF_8);
                        names.add(n.isEmpty() ? "f" + i : n);
                    }
                } else {
                    names = List.of();
                }
            }
            Schema declared = options.schema();
            List<Field> fileFields;
            if (declared != null) {
                fileFields = matchDeclared(declared, names);
            } else {
                fileFields = infer(names, inferRows);
            }
            this.width = names != null ? names.size() : fileFields.size();
            tokenizer.skipBlankLines(width != 1);
            // Projection.
            List<Field> out = new ArrayList<>();
            List<Integer> index = new ArrayList<>();
            Map<String, Integer> byName = new HashMap<>();
            for (int i = fileFields.size() - 1; i >= 0; i--) {
                if (fileFields.get(i) != null) {
                    byName.put(fileFields.get(i).getName(), i);
                }
            }
            List<String> wanted = options.columns();
            if (wanted == null && declared != null) {
                // Declared order, whatever the order of the header.
                wanted = declared.getFields().stream().map(Field::getName).toList();
            }
            if (wanted != null) {
                for (String c : wanted) {
                    Integer i = byName.get(c);
                    if (i == null) {
                        throw new IllegalArgumentException("no column '" + c + "' to project; " + source + " has "
                                + byName.keySet());
                    }
                    out.add(fileFields.get(i));
                    index.add(i);
                }
            } else {
                for (int i = 0; i < fileFields.size(); i++) {
                    if (fileFields.get(i) != null) {
                        out.add(fileFields.get(i));
                        index.add(i);
                    }
                }
            }
            this.schema = new Schema(out);
            this.sourceIndex = index.stream().mapToInt(Integer::intValue).toArray();
            this.parsers = new CsvColumnParser[out.size()];
            for (int j = 0; j < out.size(); j++) {
                Field f = out.get(j);
                parsers[j] = CsvColumnParser.forType(f.getType());
                if (parsers[j] == null || f.getDictionary() != null) {
                    throw new IllegalArgumentException("CSV cannot hold column '" + f.getName() + "' of type "
                            + f.getType() + (f.getDictionary() != null ? " (dictionary-encoded)" : ""));
                }
            }
            this.allocator = ReaderAllocators.create(options.allocator(), "csv:" + source, options.memoryLimit());
            this.lease = new io.lightstream.io.AllocatorLease(allocator);
            ok = true;
        } finally {
            if (!ok) {
                in.close();
            }
        }
    }

    private static byte ascii(char c, String key) {
        if (c > 0x7F) {
            throw new IllegalArgumentException("csv option '" + key + "' must be an ASCII character, got '" + c + "'");
        }
        return (byte) c;
    }

    private static byte[][] tokens(String spec) {
        String[] parts = spec.split(",", -1);
        byte[][] out = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parts[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** Output field per record position (null for positions the declared schema does not use). */
    private List<Field> matchDeclared(Schema declared, List<String> names) {
        List<Field> fields = declared.getFields();
        if (names == null || names.isEmpty()) {
            return new ArrayList<>(fields);
        }
        boolean allNamed = fields.stream().allMatch(f -> names.contains(f.getName()));
        if (allNamed) {
            List<Field> byPosition = new ArrayList<>();
            for (String n : names) {
                byPosition.add(null);
            }
            for (Field f : fields) {
                byPosition.set(names.indexOf(f.getName()), f);
            }
            return byPosition;
        }
        if (fields.size() != names.size()) {
            throw new IllegalArgumentException("CSV " + source + " has " + names.size() + " columns " + names
                    + " but the declared schema has " + fields.size() + " " + declared.getFields().stream()
                    .map(Field::getName).toList() + " and the names do not match");
        }
        return new ArrayList<>(fields);
    }

    private List<Field> infer(List<String> names, int rows) throws IOException {
        List<CsvTypeInference> columns = new ArrayList<>();
        int n = names == null ? -1 : names.size();
        tokenizer.skipBlankLines(n != 1);
        while (pending.size() < rows && tokenizer.next()) {
            int count = tokenizer.fieldCount();
            if (n < 0) {
                n = count;
                tokenizer.skipBlankLines(n != 1);
            }
            checkWidth(count, n);
            byte[][] fields = new byte[count][];
            boolean[] quoted = new boolean[count];
            byte[] buf = tokenizer.buffer();
            for (int i = 0; i < count; i++) {
                fields[i] = Arrays.copyOfRange(buf, tokenizer.start(i), tokenizer.end(i));
                quoted[i] = tokenizer.quoted(i);
            }
            pending.add(new Pending(fields, quoted, tokenizer.recordNumber(), tokenizer.line()));
        }
        if (n < 0) {
            n = 0;
        }
        for (int i = 0; i < n; i++) {
            columns.add(new CsvTypeInference());
        }
        for (Pending r : pending) {
            for (int i = 0; i < n; i++) {
                byte[] f = r.fields()[i];
                if (r.quoted()[i] || !isNullToken(f, 0, f.length)) {
                    columns.get(i).accept(f, 0, f.length);
                }
            }
        }
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = names != null ? names.get(i) : "f" + i;
            fields.add(new Field(name, FieldType.nullable(columns.get(i).result()), null));
        }
        return fields;
    }

    private void checkWidth(int count, int expected) throws FormatException {
        if (count != expected) {
            throw new FormatException("CSV " + source + ": record " + tokenizer.recordNumber() + " (line "
                    + tokenizer.line() + ") has " + count + " fields, expected " + expected, tokenizer.bytesConsumed());
        }
    }

    private boolean isNullToken(byte[] b, int s, int e) {
        int n = e - s;
        if (n < 64 && (nullTokenLengths & (1L << n)) == 0) {
            return false;
        }
        for (byte[] t : nullTokens) {
            if (t.length == n && Arrays.equals(b, s, e, t, 0, n)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Item read() throws IOException {
        return readBatch();
    }

    @Override
    public Batch readBatch() throws IOException {
        if (closed) {
            throw new LightstreamException("CSV reader for " + source + " is closed");
        }
        if (done) {
            return null;
        }
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        boolean ok = false;
        try {
            List<FieldVector> vectors = root.getFieldVectors();
            // Full batch capacity up front for fixed-width columns (no growth while parsing); text
            // columns start smaller and grow with their data.
            int capacity = Math.min(batchSize, 1 << 20);
            for (FieldVector v : vectors) {
                v.setInitialCapacity(v instanceof org.apache.arrow.vector.BaseFixedWidthVector ? capacity
                        : Math.min(capacity, 4096));
                v.allocateNew();
            }
            int row = 0;
            while (row < batchSize) {
                Pending p = pending.poll();
                if (p != null) {
                    for (int j = 0; j < parsers.length; j++) {
                        byte[] f = p.fields()[sourceIndex[j]];
                        parseField(f, 0, f.length, p.quoted()[sourceIndex[j]], vectors.get(j), j, row, p.number(),
                                p.line());
                    }
                } else if (tokenizer.next()) {
                    checkWidth(tokenizer.fieldCount(), width);
                    byte[] buf = tokenizer.buffer();
                    for (int j = 0; j < parsers.length; j++) {
                        int i = sourceIndex[j];
                        parseField(buf, tokenizer.start(i), tokenizer.end(i), tokenizer.quoted(i), vectors.get(j), j,
                                row, tokenizer.recordNumber(), tokenizer.line());
                    }
                } else {
                    done = true;
                    break;
                }
                row++;
            }
            if (row == 0) {
                return null;
            }
            for (FieldVector v : vectors) {
                v.setValueCount(row);
            }
            root.setRowCount(row);
            ok = true;
            return lease.track(Batch.of(root, sequence++));
        } finally {
            if (!ok) {
                root.close();
            }
        }
    }

    private void parseField(byte[] b, int s, int e, boolean quoted, FieldVector v, int column, int row, long record,
            long line) throws FormatException {
        if (!quoted && isNullToken(b, s, e)) {
            return;
        }
        try {
            parsers[column].parse(b, s, e, v, row);
        } catch (IllegalArgumentException ex) {
            throw new FormatException("CSV " + source + ": record " + record + " (line " + line + "), column '"
                    + schema.getFields().get(column).getName() + "': " + ex.getMessage(), tokenizer.bytesConsumed(),
                    ex);
        }
    }

    @Override
    public long bytesRead() {
        return tokenizer.bytesConsumed();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            input.close();
        } finally {
            lease.release();
        }
    }
}
