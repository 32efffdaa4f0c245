package io.lightstream.kafka.mapping;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.kafka.connect.errors.DataException;

/**
 * One Arrow batch as a self-contained Arrow IPC stream (schema, dictionaries, the batch, end of
 * stream): the value of a batch-mode record, readable by any Arrow library. Uses the standard
 * 8-byte aligned IPC stream format.
 *
 * <p>Stateless; thread-safe.
 */
public final class IpcBytes {
    /** IANA media type of an Arrow IPC stream, sent as the {@code content-type} header. */
    public static final String CONTENT_TYPE = "application/vnd.apache.arrow.stream";

    private IpcBytes() {}

    /** Encodes the rows of {@code root}; dictionary-encoded columns resolve through {@code dictionaries} (may be null). */
    public static byte[] encode(VectorSchemaRoot root, DictionaryProvider dictionaries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DictionaryProvider provider = dictionaries == null ? new DictionaryProvider.MapDictionaryProvider() : dictionaries;
        try (ArrowStreamWriter writer = new ArrowStreamWriter(root, provider, Channels.newChannel(out))) {
            writer.start();
            writer.writeBatch();
            writer.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A decoded IPC stream: every batch's rows appended into one root, plus the stream's dictionaries. */
    public record Decoded(VectorSchemaRoot root, List<VectorSchemaRoot> batches, DictionaryProvider dictionaries,
            AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() {
            try {
                resources.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot release a decoded Arrow stream", e);
            }
        }
    }

    /**
     * Decodes {@code bytes} as an Arrow IPC stream, each batch copied out of the reader. The caller
     * closes the result.
     *
     * @throws DataException naming the problem when the bytes are not an Arrow IPC stream
     */
    public static Decoded decode(byte[] bytes, BufferAllocator allocator) {
        ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(bytes), allocator);
        List<VectorSchemaRoot> batches = new ArrayList<>();
        try {
            VectorSchemaRoot shared = reader.getVectorSchemaRoot();
            while (reader.loadNextBatch()) {
                VectorSchemaRoot copy = VectorSchemaRoot.create(shared.getSchema(), allocator);
                try (ArrowRecordBatch unloaded = new VectorUnloader(shared).getRecordBatch()) {
                    new org.apache.arrow.vector.VectorLoader(copy).load(unloaded);
                }
                batches.add(copy);
            }
            List<VectorSchemaRoot> owned = List.copyOf(batches);
            AutoCloseable resources = () -> {
                owned.forEach(VectorSchemaRoot::close);
                reader.close();
            };
            return new Decoded(shared, owned, reader, resources);
        } catch (IOException | RuntimeException e) {
            batches.forEach(VectorSchemaRoot::close);
            try {
                reader.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new DataException("the value is not a valid Arrow IPC stream: " + e.getMessage(), e);
        }
    }
}
