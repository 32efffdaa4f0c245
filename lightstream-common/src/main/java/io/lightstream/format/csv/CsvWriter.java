package io.lightstream.format.csv;

import io.lightstream.LightstreamException;
import io.lightstream.LightstreamWriter;
import io.lightstream.ProtocolException;
import io.lightstream.WriteOptions;
import io.lightstream.format.FormatProperties;
import io.lightstream.format.TemporalText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes Arrow batches as CSV.
 *
 * <p>Quoting follows the reference library: a field is quoted when it contains the delimiter, the
 * quote, CR or LF, or starts or ends with a space, and quotes inside are doubled. Beyond that, a
 * field that would read back as null (an empty string when nulls are written empty, or a text equal
 * to a default null token {@code NA}, {@code null}, {@code NULL}, or to the null representation)
 * is quoted too, so that {@link CsvReader} tells empty strings from nulls. Booleans are {@code
 * true}/{@code false}; floats use Java's shortest round-trip form; temporals are ISO-8601 (see
 * {@link TemporalText}); binary is base64; dictionary columns are written as their values. Nested
 * types and intervals have no CSV form and are rejected when the writer opens.
 *
 * <p>Format properties ({@link WriteOptions#properties()}):
 * <table>
 * <caption>CSV write properties</caption>
 * <tr><td>{@code delimiter}</td><td>one ASCII character; default {@code ,}</td></tr>
 * <tr><td>{@code quote}</td><td>one ASCII character; default {@code "}</td></tr>
 * <tr><td>{@code header}</td><td>write the column names first; default true</td></tr>
 * <tr><td>{@code null}</td><td>text written for nulls; default empty</td></tr>
 * </table>
 *
 * <p><b>Threading:</b> one thread at a time. <b>Ownership:</b> the writer closes the output
 * stream; roots stay the caller's.
 */
public final class CsvWriter implements LightstreamWriter {
    private static final byte[][] DEFAULT_NULL_TOKENS = {
        "NA".getBytes(StandardCharsets.US_ASCII), "null".getBytes(StandardCharsets.US_ASCII),
        "NULL".getBytes(StandardCharsets.US_ASCII)};

    private final OutputStream out;
    private final String target;
    private final Schema schema;
    private final byte delimiter;
    private final byte quote;
    private final byte[] nullText;
    private byte[] buf = new byte[1 << 16];
    private int len;
    private long written;
    private boolean closed;

    /**
     * Writes the header (unless disabled) into the buffer; nothing reaches the stream before the
     * first flush.
     *
     * @throws IllegalArgumentException a column CSV cannot hold, or a bad property
     */
    public CsvWriter(OutputStream out, String target, Schema schema, WriteOptions options) {
        this.out = out;
        this.target = target;
        this.schema = schema;
        FormatProperties p = new FormatProperties(options.properties(), "csv");
        char d = p.character("delimiter", ',');
        char q = p.character("quote", '"');
        if (d > 0x7F || q > 0x7F || d == q || d == '\n' || d == '\r') {
            throw new IllegalArgumentException("csv options 'delimiter' and 'quote' must be different ASCII characters");
        }
        this.delimiter = (byte) d;
        this.quote = (byte) q;
        this.nullText = p.string("null", "").getBytes(StandardCharsets.UTF_8);
        if (options.compression() != io.lightstream.Compression.NONE) {
            throw new IllegalArgumentException("CSV output cannot be compressed (compression "
                    + options.compression() + ")");
        }
        for (Field f : schema.getFields()) {
            ArrowType t = f.getType();
            if (f.getDictionary() == null && !(t instanceof ArrowType.Null) && CsvColumnParser.forType(t) == null) {
                throw new IllegalArgumentException("CSV cannot hold column '" + f.getName() + "' of type " + t);
            }
        }
        if (p.bool("header", true)) {
            for (int i = 0; i < schema.getFields().size(); i++) {
                if (i > 0) {
                    put(delimiter);
                }
                field(schema.getFields().get(i).getName().getBytes(StandardCharsets.UTF_8), false);
            }
            put((byte) '\n');
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
            throw new ProtocolException("CSV writer for " + target + " is closed");
        }
        if (!batch.getSchema().getFields().equals(schema.getFields())) {
            throw new IllegalArgumentException("batch schema " + batch.getSchema() + " differs from the writer's "
                    + schema);
        }
        int columns = schema.getFields().size();
        FieldVector[] vectors = new FieldVector[columns];
        FieldVector[] values = new FieldVector[columns];
        for (int c = 0; c < columns; c++) {
            vectors[c] = batch.getVector(c);
            Field f = schema.getFields().get(c);
            if (f.getDictionary() != null) {
                Dictionary d = dictionaries == null ? null : dictionaries.lookup(f.getDictionary().getId());
                if (d == null) {
                    throw new IllegalArgumentException("column '" + f.getName() + "' is dictionary-encoded (id "
                            + f.getDictionary().getId() + ") but no dictionary with that id was given");
                }
                values[c] = d.getVector();
                if (CsvColumnParser.forType(values[c].getField().getType()) == null) {
                    throw new IllegalArgumentException("CSV cannot hold the values of dictionary column '"
                            + f.getName() + "' (" + values[c].getField().getType() + ")");
                }
            }
        }
        int rows = batch.getRowCount();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    put(delimiter);
                }
                FieldVector v = vectors[c];
                if (v.isNull(r)) {
                    putAll(nullText);
                    continue;
                }
                if (values[c] != null) {
                    int id = (int) ((BaseIntVector) v).getValueAsLong(r);
                    if (values[c].isNull(id)) {
                        putAll(nullText);
                    } else {
                        value(values[c], id);
                    }
                } else {
                    value(v, r);
                }
            }
            put((byte) '\n');
            if (len >= (1 << 16)) {
                drain();
            }
        }
    }

    private void value(FieldVector v, int i) {
        ArrowType t = v.getField().getType();
        ArrowBuf data;
        switch (t.getTypeID()) {
            case Null:
                putAll(nullText);
                return;
            case Bool:
                ascii(((BitVector) v).get(i) != 0 ? "true" : "false");
                return;
            case Int: {
                ArrowType.Int it = (ArrowType.Int) t;
                data = v.getDataBuffer();
                long x = switch (it.getBitWidth()) {
                    case 8 -> it.getIsSigned() ? data.getByte(i) : data.getByte(i) & 0xFFL;
                    case 16 -> it.getIsSigned() ? data.getShort((long) i * 2) : data.getShort((long) i * 2) & 0xFFFFL;
                    case 32 -> it.getIsSigned() ? data.getInt((long) i * 4) : data.getInt((long) i * 4) & 0xFFFFFFFFL;
                    default -> data.getLong((long) i * 8);
                };
                ascii(it.getBitWidth() == 64 && !it.getIsSigned() ? Long.toUnsignedString(x) : Long.toString(x));
                return;
            }
            case FloatingPoint:
                switch (((ArrowType.FloatingPoint) t).getPrecision()) {
                    case HALF -> ascii(Float.toString(((Float2Vector) v).getValueAsFloat(i)));
                    case SINGLE -> ascii(Float.toString(v.getDataBuffer().getFloat((long) i * 4)));
                    default -> ascii(Double.toString(v.getDataBuffer().getDouble((long) i * 8)));
                }
                return;
            case Decimal:
                ascii(((java.math.BigDecimal) v.getObject(i)).toPlainString());
                return;
            case Utf8:
            case LargeUtf8: {
                byte[] b = v instanceof BaseVariableWidthVector vw ? vw.get(i) : ((BaseLargeVariableWidthVector) v).get(i);
                field(b, true);
                return;
            }
            case Binary:
            case LargeBinary: {
                byte[] b = v instanceof BaseVariableWidthVector vw ? vw.get(i) : ((BaseLargeVariableWidthVector) v).get(i);
                byte[] enc = Base64.getEncoder().encode(b);
                field(enc, true);
                return;
            }
            case Date:
                ascii(TemporalText.date(t.equals(new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY))
                        ? v.getDataBuffer().getInt((long) i * 4)
                        : Math.floorDiv(v.getDataBuffer().getLong((long) i * 8), 86_400_000L)));
                return;
            case Time: {
                ArrowType.Time tt = (ArrowType.Time) t;
                long x = tt.getBitWidth() == 32 ? v.getDataBuffer().getInt((long) i * 4)
                        : v.getDataBuffer().getLong((long) i * 8);
                ascii(TemporalText.time(x, tt.getUnit()));
                return;
            }
            case Timestamp: {
                ArrowType.Timestamp ts = (ArrowType.Timestamp) t;
                ascii(TemporalText.timestamp(v.getDataBuffer().getLong((long) i * 8), ts.getUnit(),
                        ts.getTimezone() != null));
                return;
            }
            case Duration:
                ascii(Long.toString(v.getDataBuffer().getLong((long) i * 8)));
                return;
            default:
                throw new IllegalStateException("unexpected CSV column type " + t);
        }
    }

    private void ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        field(b, false);
    }

    /** Writes a field, quoting it when the rules say so. */
    private void field(byte[] b, boolean text) {
        if (needsQuotes(b, text)) {
            put(quote);
            for (byte x : b) {
                if (x == quote) {
                    put(quote);
                }
                put(x);
            }
            put(quote);
        } else {
            putAll(b);
        }
    }

    private boolean needsQuotes(byte[] b, boolean text) {
        int n = b.length;
        if (n == 0) {
            return text && nullText.length == 0;
        }
        if (b[0] == ' ' || b[n - 1] == ' ') {
            return true;
        }
        for (byte x : b) {
            if (x == delimiter || x == quote || x == '\n' || x == '\r') {
                return true;
            }
        }
        if (text) {
            if (Arrays.equals(b, nullText)) {
                return true;
            }
            for (byte[] t : DEFAULT_NULL_TOKENS) {
                if (Arrays.equals(b, t)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void put(byte b) {
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[len++] = b;
    }

    private void putAll(byte[] b) {
        if (len + b.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + b.length));
        }
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void drain() throws IOException {
        if (len == 0) {
            return;
        }
        try {
            out.write(buf, 0, len);
        } catch (IOException e) {
            throw new LightstreamException("writing CSV to " + target + " failed: " + e.getMessage(), e);
        }
        written += len;
        len = 0;
    }

    @Override
    public void write(String table, VectorSchemaRoot batch, DictionaryProvider dictionaries) throws IOException {
        throw new ProtocolException("CSV holds one table; named tables need the Lightstream protocol");
    }

    @Override
    public void writeMessage(String name, byte[] payload) throws IOException {
        throw new ProtocolException("CSV cannot hold messages; they need the Lightstream protocol");
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public long bytesWritten() {
        return written + len;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flush();
        } finally {
            out.close();
        }
    }
}
