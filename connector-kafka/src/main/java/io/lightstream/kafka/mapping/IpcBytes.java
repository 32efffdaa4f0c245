package io.lightstream.kafka.mapping;

import io.lightstream.Batch;
import io.lightstream.Item;
import io.lightstream.LightstreamException;
import io.lightstream.LightstreamWriter;
import io.lightstream.Protocol;
import io.lightstream.WriteOptions;
import io.lightstream.codec.ByteArraySink;
import io.lightstream.codec.DecodeLimits;
import io.lightstream.codec.ipc.IpcStreamDecoder;
import io.lightstream.io.SinkWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * One Arrow batch as a self-contained Arrow IPC stream (schema, dictionaries, the batch, end of
 * stream): the value of a batch-mode record. Frames are 64-byte aligned, which reference
 * Lightstream peers require and every standard Arrow reader accepts; decoding accepts 8- and
 * 64-byte aligned streams alike.
 *
 * <p>Stateless; thread-safe.
 */
public final class IpcBytes {
    /** IANA media type of an Arrow IPC stream, sent as the {@code content-type} header. */
    public static final String CONTENT_TYPE = "application/vnd.apache.arrow.stream";

    private IpcBytes() {}

    /**
     * Encodes the rows of {@code root}; dictionary-encoded columns resolve through {@code
     * dictionaries} (may be null). {@code scratch} lends the encoder the little memory it needs
     * beyond the vectors (dictionary snapshots).
     */
    public static byte[] encode(VectorSchemaRoot root, DictionaryProvider dictionaries, BufferAllocator scratch) {
        return encode(root, dictionaries, Map.of(), scratch);
    }

    /** As {@link #encode(VectorSchemaRoot, DictionaryProvider, BufferAllocator)}, with record-batch custom metadata. */
    public static byte[] encode(VectorSchemaRoot root, DictionaryProvider dictionaries, Map<String, String> metadata,
            BufferAllocator scratch) {
        return encode(root, dictionaries, metadata, scratch, new ByteArraySink(estimate(root)));
    }

    /**
     * As {@link #encode(VectorSchemaRoot, DictionaryProvider, Map, BufferAllocator)}, encoding into
     * {@code buffer} (emptied first, and kept by the caller for the next batch: its capacity is
     * reused, so the bytes are copied once, into the returned array).
     */
    public static byte[] encode(VectorSchemaRoot root, DictionaryProvider dictionaries, Map<String, String> metadata,
            BufferAllocator scratch, ByteArraySink buffer) {
        buffer.reset();
        try (LightstreamWriter writer = SinkWriter.open(buffer, Protocol.ARROW, root.getSchema(), WriteOptions.DEFAULT,
                scratch, null)) {
            writer.write(root, dictionaries, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an Arrow batch in memory", e);
        }
        return buffer.toByteArray();
    }

    private static int estimate(VectorSchemaRoot root) {
        long n = 1024;
        for (var v : root.getFieldVectors()) {
            n += v.getBufferSize() + 192L;
        }
        return (int) Math.min(n, 1 << 30);
    }

    /** A decoded IPC stream: its schema and its batches, which the caller closes with this object. */
    public record Decoded(Schema schema, List<Batch> batches) implements AutoCloseable {
        /** Rows in all batches. */
        public long rowCount() {
            long n = 0;
            for (Batch b : batches) {
                n += b.rowCount();
            }
            return n;
        }

        @Override
        public void close() {
            RuntimeException failure = null;
            for (Batch b : batches) {
                try {
                    b.close();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * Decodes {@code bytes} as one Arrow IPC stream. The batches point into memory from {@code
     * allocator}; the caller closes the result.
     *
     * @throws DataException naming the problem and its byte offset when the bytes are not a whole
     *     Arrow IPC stream
     */
    public static Decoded decode(byte[] bytes, BufferAllocator allocator) {
        return decode(bytes, allocator, DecodeLimits.DEFAULT);
    }

    /** As {@link #decode(byte[], BufferAllocator)}, within {@code limits}. */
    public static Decoded decode(byte[] bytes, BufferAllocator allocator, DecodeLimits limits) {
        List<Batch> batches = new ArrayList<>();
        try (IpcStreamDecoder decoder = new IpcStreamDecoder(allocator, limits)) {
            decoder.feed(ByteBuffer.wrap(bytes));
            decoder.finish();
            Item item;
            while ((item = decoder.poll()) != null) {
                batches.add((Batch) item);
            }
            if (decoder.schema() == null) {
                throw new DataException("the value is not an Arrow IPC stream: it holds no schema");
            }
            return new Decoded(decoder.schema(), List.copyOf(batches));
        } catch (LightstreamException | RuntimeException e) {
            batches.forEach(Batch::close);
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException("the value is not a valid Arrow IPC stream: " + e.getMessage(), e);
        }
    }
}
