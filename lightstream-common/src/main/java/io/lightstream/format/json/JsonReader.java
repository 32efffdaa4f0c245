package io.lightstream.format.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
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
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads JSON objects as Arrow batches: newline-delimited objects, or one array of objects (told
 * apart by the first token). Needs a declared schema ({@link ReadOptions#schema()}): JSON alone
 * does not say whether {@code 1} is an int8 or a decimal, so there is no inference, as in the
 * reference library. Object fields are matched to columns by name; missing fields are null, unknown
 * fields are skipped, a field given twice is an error.
 *
 * <p>Format properties ({@link ReadOptions#properties()}):
 * <table>
 * <caption>JSON read properties</caption>
 * <tr><td>{@code mismatch}</td><td>{@code error} (default), {@code coerce} or {@code null}: what a value of the
 * wrong JSON type does (see {@link MismatchPolicy})</td></tr>
 * <tr><td>{@code max.string.bytes}</td><td>longest string value accepted; default 64m</td></tr>
 * </table>
 * {@link ReadOptions#batchSize()} sets rows per batch; {@link ReadOptions#columns()} selects columns
 * of the declared schema. Malformed JSON and mismatches raise {@link FormatException} naming the
 * source, record, column and line.
 *
 * <p><b>Threading:</b> one thread at a time. <b>Ownership:</b> the reader closes the input stream;
 * batches belong to the caller.
 */
public final class JsonReader implements LightstreamReader {
    private static final String READER_NAME = "JSON reader";
    private final InputStream input;
    private final String source;
    private final JsonParser parser;
    private final BufferAllocator allocator;
    private final io.lightstream.io.AllocatorLease lease;
    private final Schema schema;
    private final JsonValueReader record;
    private final JsonValueReader.Position position;
    private final int batchSize;
    private boolean inArray;
    private boolean started;
    private boolean done;
    private boolean closed;
    private long sequence;

    public JsonReader(InputStream in, String source, ReadOptions options) throws IOException {
        this.input = in;
        this.source = source;
        boolean ok = false;
        try {
            Schema declared = options.schema();
            if (declared == null) {
                throw new IllegalArgumentException("reading JSON needs a declared schema (ReadOptions.schema): JSON "
                        + "values do not say which Arrow type they have");
            }
            FormatProperties p = new FormatProperties(options.properties(), "json");
            MismatchPolicy policy = p.choice("mismatch", MismatchPolicy.class, MismatchPolicy.ERROR);
            int maxString = p.positiveInt("max.string.bytes", 64 << 20);
            if (options.columns() != null) {
                List<Field> selected = new java.util.ArrayList<>();
                for (String c : options.columns()) {
                    Field f = declared.getFields().stream().filter(x -> x.getName().equals(c)).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("no column '" + c
                                    + "' to project in the declared schema"));
                    selected.add(f);
                }
                declared = new Schema(selected, declared.getCustomMetadata());
            }
            this.schema = declared;
            this.position = new JsonValueReader.Position(source, policy);
            this.record = new JsonValueReader(new Field("", FieldType.notNullable(ArrowType.Struct.INSTANCE),
                    schema.getFields()), "", position);
            this.batchSize = options.batchSize();
            JsonFactory factory = JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxString).build())
                    .build();
            this.parser = factory.createParser(in);
            this.allocator = ReaderAllocators.create(options.allocator(), "json:" + source, options.memoryLimit());
            this.lease = new io.lightstream.io.AllocatorLease(allocator);
            ok = true;
        } finally {
            if (!ok) {
                in.close();
            }
        }
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Item read() throws IOException {
        return readBatch();
    }

    /** Moves to the next record's START_OBJECT (or the end); false at the end. */
    private boolean nextRecord() throws IOException {
        JsonToken t = parser.nextToken();
        if (!started) {
            started = true;
            if (t == JsonToken.START_ARRAY) {
                inArray = true;
                t = parser.nextToken();
            }
        }
        if (t == null) {
            if (inArray) {
                throw new FormatException("JSON " + source + ": the array of records is not closed", parser
                        .currentLocation().getByteOffset());
            }
            return false;
        }
        if (inArray && t == JsonToken.END_ARRAY) {
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new FormatException("JSON " + source + ": unexpected " + after + " after the array of records",
                        parser.currentTokenLocation().getByteOffset());
            }
            return false;
        }
        return true;
    }

    @Override
    public Batch readBatch() throws IOException {
        if (closed) {
            throw new LightstreamException("JSON reader for " + source + " is closed");
        }
        if (done) {
            return null;
        }
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        boolean ok = false;
        try {
            List<FieldVector> vectors = root.getFieldVectors();
            for (FieldVector v : vectors) {
                v.setInitialCapacity(Math.min(batchSize, 4096));
                v.allocateNew();
            }
            int row = 0;
            while (row < batchSize) {
                if (!nextRecord()) {
                    done = true;
                    break;
                }
                position.record++;
                record.readRecord(parser, vectors, row);
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
        } catch (JsonProcessingException e) {
            throw new FormatException("JSON " + source + ": record " + (position.record) + ": malformed JSON: "
                    + e.getOriginalMessage() + " (line " + (e.getLocation() == null ? -1 : e.getLocation().getLineNr())
                    + ")", e.getLocation() == null ? -1 : e.getLocation().getByteOffset(), e);
        } finally {
            if (!ok) {
                root.close();
            }
        }
    }

    @Override
    public long bytesRead() {
        return parser.currentLocation().getByteOffset();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            parser.close();
            input.close();
        } finally {
            lease.release();
        }
    }
}
