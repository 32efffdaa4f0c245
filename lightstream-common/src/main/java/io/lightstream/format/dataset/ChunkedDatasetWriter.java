package io.lightstream.format.dataset;

import io.lightstream.LightstreamException;
import io.lightstream.LightstreamWriter;
import io.lightstream.ProtocolException;
import io.lightstream.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Writes a {@link ChunkedDataset}: rows go to {@code <base>-0<ext>} until it holds {@link
 * WriteOptions#rowsPerFile()} rows, then to {@code <base>-1<ext>}, and so on; a batch that crosses a
 * boundary is split (sliced, not copied). A dataset closed without rows still gets chunk 0, so that
 * its schema can be read back.
 *
 * <p>The directory is created if needed; one that already holds chunks of the same base is refused
 * rather than mixed with them.
 *
 * <p><b>Threading:</b> one thread at a time. <b>Ownership:</b> roots stay the caller's.
 */
public final class ChunkedDatasetWriter implements LightstreamWriter {
    /** Opens the writer of one chunk. */
    @FunctionalInterface
    public interface ChunkCreator {
        LightstreamWriter create(Path chunk, Schema schema, WriteOptions options) throws IOException;
    }

    private final Path directory;
    private final String base;
    private final String extension;
    private final Schema schema;
    private final WriteOptions options;
    private final ChunkCreator creator;
    private final long rowsPerFile;
    private LightstreamWriter current;
    private long rowsInCurrent;
    private int index;
    private long bytesDone;
    private boolean closed;

    /**
     * @param base chunk base name, e.g. {@code sales} for {@code sales-0.parquet}
     * @param extension chunk extension with the dot
     */
    public ChunkedDatasetWriter(Path directory, String base, String extension, Schema schema, WriteOptions options,
            ChunkCreator creator) throws IOException {
        if (options.rowsPerFile() <= 0) {
            throw new IllegalArgumentException("a chunked dataset needs rowsPerFile > 0");
        }
        this.directory = directory;
        this.base = base;
        this.extension = extension;
        this.schema = schema;
        this.options = options;
        this.creator = creator;
        this.rowsPerFile = options.rowsPerFile();
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new LightstreamException(directory + " exists and is not a directory; a chunked dataset (rowsPerFile "
                    + rowsPerFile + ") is written to a directory");
        }
        Files.createDirectories(directory);
        if (Files.exists(ChunkedDataset.chunk(directory, base, 0, extension))) {
            throw new LightstreamException("directory " + directory + " already holds dataset '" + base
                    + "'; remove it first");
        }
        this.current = creator.create(ChunkedDataset.chunk(directory, base, 0, extension), schema, options);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public void write(VectorSchemaRoot batch, DictionaryProvider dictionaries, Map<String, String> metadata)
            throws IOException {
        if (closed) {
            throw new ProtocolException("dataset writer for " + directory + " is closed");
        }
        int rows = batch.getRowCount();
        int done = 0;
        while (done < rows || rows == 0) {
            if (rowsInCurrent == rowsPerFile) {
                roll();
            }
            int n = (int) Math.min(rows - done, rowsPerFile - rowsInCurrent);
            if (done == 0 && n == rows) {
                current.write(batch, dictionaries, metadata);
            } else {
                try (VectorSchemaRoot slice = slice(batch, done, n)) {
                    current.write(slice, dictionaries, metadata);
                }
            }
            done += n;
            rowsInCurrent += n;
            if (rows == 0) {
                break;
            }
        }
    }

    /**
     * Rows {@code [start, start + length)} of {@code batch}, sharing its buffers where alignment allows.
     * Unlike {@link VectorSchemaRoot#slice}, keeps every field as declared (Arrow's own slice renames
     * list children), so the chunk writer sees the schema it was opened with.
     */
    private static VectorSchemaRoot slice(VectorSchemaRoot batch, int start, int length) {
        List<FieldVector> parts = new ArrayList<>();
        try {
            for (FieldVector v : batch.getFieldVectors()) {
                TransferPair tp = v.getTransferPair(v.getField(), v.getAllocator());
                tp.splitAndTransfer(start, length);
                parts.add((FieldVector) tp.getTo());
            }
        } catch (RuntimeException e) {
            parts.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(batch.getSchema().getFields(), parts, length);
    }

    private void roll() throws IOException {
        bytesDone += current.bytesWritten();
        current.close();
        current = null;
        index++;
        current = creator.create(ChunkedDataset.chunk(directory, base, index, extension), schema, options);
        rowsInCurrent = 0;
    }

    @Override
    public void write(String table, VectorSchemaRoot batch, DictionaryProvider dictionaries) throws IOException {
        throw new ProtocolException("a dataset holds one table; named tables need the Lightstream protocol");
    }

    @Override
    public void writeMessage(String name, byte[] payload) throws IOException {
        throw new ProtocolException("a dataset cannot hold messages; they need the Lightstream protocol");
    }

    @Override
    public void flush() throws IOException {
        current.flush();
    }

    @Override
    public long bytesWritten() {
        return bytesDone + (current == null ? 0 : current.bytesWritten());
    }

    /** Number of chunk files written (or being written). */
    public int chunks() {
        return index + 1;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (current != null) {
            current.close();
        }
    }
}
