package io.lightstream.format.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.lightstream.LightstreamException;
import io.lightstream.LightstreamWriter;
import io.lightstream.ProtocolException;
import io.lightstream.WriteOptions;
import io.lightstream.format.FormatProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes Arrow batches as JSON objects, one per row: newline-delimited ({@code .jsonl},
 * {@code .ndjson}) or as one array ({@code .json}). See {@link JsonValueWriter} for how each
 * Arrow type is written.
 *
 * <p>Format properties ({@link WriteOptions#properties()}):
 * <table>
 * <caption>JSON write properties</caption>
 * <tr><td>{@code nulls}</td><td>write null-valued fields (as {@code null}); false omits them; default true</td></tr>
 * <tr><td>{@code pretty}</td><td>indent objects (array form only); default false</td></tr>
 * </table>
 *
 * <p><b>Threading:</b> one thread at a time. <b>Ownership:</b> the writer closes the output stream;
 * roots and dictionaries stay the caller's.
 */
public final class JsonWriter implements LightstreamWriter {
    private final OutputStream out;
    private final String target;
    private final Schema schema;
    private final boolean array;
    private final boolean nulls;
    private final JsonGenerator generator;
    private final Counting counting;
    private boolean closed;
    /** A write failed part-way: the output ends mid-object and stays so (no closing bracket). */
    private boolean failed;

    /** Counts the bytes that reach the output stream. */
    private static final class Counting extends java.io.FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /**
     * @param array true for one JSON array of objects, false for newline-delimited objects
     * @throws IllegalArgumentException a column JSON cannot hold, or a bad property
     */
    public JsonWriter(OutputStream out, String target, Schema schema, boolean array, WriteOptions options)
            throws IOException {
        this.out = out;
        this.target = target;
        this.schema = schema;
        this.array = array;
        FormatProperties p = new FormatProperties(options.properties(), "json");
        this.nulls = p.bool("nulls", true);
        boolean pretty = p.bool("pretty", false);
        if (options.compression() != io.lightstream.Compression.NONE) {
            throw new IllegalArgumentException("JSON output cannot be compressed (compression "
                    + options.compression() + ")");
        }
        for (Field f : schema.getFields()) {
            if (f.getDictionary() == null) {
                JsonValueWriter.check(f, f.getName());
            }
        }
        this.counting = new Counting(out);
        this.generator = new JsonFactory().createGenerator(counting);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        if (array) {
            generator.setPrettyPrinter(pretty ? new DefaultPrettyPrinter() : new MinimalPrettyPrinter("\n"));
            generator.writeStartArray();
        } else {
            generator.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
        }
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public void write(VectorSchemaRoot batch, DictionaryProvider dictionaries, Map<String, String> metadata)
            throws IOException {
        if (closed) {
            throw new ProtocolException("JSON writer for " + target + " is closed");
        }
        if (failed) {
            throw new ProtocolException("an earlier write to " + target + " failed; its output is incomplete");
        }
        if (!batch.getSchema().getFields().equals(schema.getFields())) {
            throw new IllegalArgumentException("batch schema " + batch.getSchema() + " differs from the writer's "
                    + schema);
        }
        List<FieldVector> vectors = batch.getFieldVectors();
        failed = true;
        try {
            for (int r = 0; r < batch.getRowCount(); r++) {
                generator.writeStartObject();
                for (FieldVector v : vectors) {
                    if (!nulls && v.isNull(r)) {
                        continue;
                    }
                    generator.writeFieldName(v.getField().getName());
                    JsonValueWriter.write(generator, v, r, dictionaries);
                }
                generator.writeEndObject();
            }
            failed = false;
        } catch (IOException e) {
            throw new LightstreamException("writing JSON to " + target + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String table, VectorSchemaRoot batch, DictionaryProvider dictionaries) throws IOException {
        throw new ProtocolException("JSON output holds one table; named tables need the Lightstream protocol");
    }

    @Override
    public void writeMessage(String name, byte[] payload) throws IOException {
        throw new ProtocolException("JSON output cannot hold messages; they need the Lightstream protocol");
    }

    @Override
    public void flush() throws IOException {
        generator.flush();
        out.flush();
    }

    @Override
    public long bytesWritten() {
        return counting.count + Math.max(0, generator.getOutputBuffered());
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (failed) {
                generator.flush();
                return;
            }
            if (array) {
                generator.writeEndArray();
            }
            generator.writeRaw('\n');
            generator.close();
        } finally {
            out.close();
        }
    }
}
