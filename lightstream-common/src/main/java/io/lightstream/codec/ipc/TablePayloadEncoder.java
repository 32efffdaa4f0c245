package io.lightstream.codec.ipc;

import io.lightstream.codec.ByteSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Encodes the payloads of one Lightstream table tag: the first payload carries the schema, the
 * dictionaries and the batch; later payloads carry only the batch, preceded by any dictionary that
 * changed (replacement or delta) and by the schema again if the batches' schema changed. Alignment
 * is counted from the payload start, as the reference library does.
 *
 * <p>Not thread-safe. Does not take ownership of roots or dictionaries.
 */
public final class TablePayloadEncoder implements AutoCloseable {
    private final IpcMessageEncoder encoder;
    private final BufferAllocator allocator;
    private final boolean preserveDictionaryIds;
    private Schema schema;
    private DictionaryTracker dictionaries;

    public TablePayloadEncoder(IpcMessageEncoder encoder, boolean preserveDictionaryIds, BufferAllocator allocator) {
        this.encoder = encoder;
        this.allocator = allocator;
        this.preserveDictionaryIds = preserveDictionaryIds;
    }

    /** A prepared payload: its messages and total length. Close it after writing. */
    public static final class Payload implements AutoCloseable {
        private final List<EncodedMessage> messages;
        private final long length;
        private final Runnable onWritten;
        private final Runnable onAbandoned;
        private boolean written;

        Payload(List<EncodedMessage> messages, Runnable onWritten, Runnable onAbandoned) {
            this.messages = messages;
            long n = 0;
            for (EncodedMessage m : messages) {
                n += m.frameLength();
            }
            this.length = n;
            this.onWritten = onWritten;
            this.onAbandoned = onAbandoned;
        }

        /** Payload bytes, for the TLV header. */
        public long length() {
            return length;
        }

        /** Writes the payload (after the caller wrote the TLV header) and commits the dictionary state. */
        public void writeTo(ByteSink sink) throws IOException {
            for (EncodedMessage m : messages) {
                m.writeTo(sink);
            }
            written = true;
            onWritten.run();
        }

        /** Releases the messages; a payload never written leaves the table's state as it was. */
        @Override
        public void close() {
            for (EncodedMessage m : messages) {
                m.close();
            }
            if (!written) {
                written = true;
                onAbandoned.run();
            }
        }
    }

    /**
     * Prepares the payload for one batch.
     *
     * @param declared the table's declared schema (as registered), or null to send the batch's own
     *     schema; the batch must be compatible with it
     */
    public Payload encode(Schema declared, VectorSchemaRoot root, DictionaryProvider provider,
            Map<String, String> metadata) throws IOException {
        List<EncodedMessage> out = new ArrayList<>(3);
        Schema batchSchema = declared != null ? declared : root.getSchema();
        if (declared != null) {
            SchemaCheck.requireCompatible(declared, root.getSchema());
        }
        boolean newSchema = schema == null || !schema.equals(batchSchema);
        DictionaryTracker tracker = dictionaries;
        if (newSchema) {
            tracker = new DictionaryTracker(batchSchema, preserveDictionaryIds, allocator);
        }
        List<DictionaryTracker.Pending> pending = List.of();
        try {
            long position = 0;
            if (newSchema) {
                EncodedMessage s = encoder.schema(tracker.wireSchema(provider), position);
                out.add(s);
                position += s.frameLength();
            }
            if (tracker.hasDictionaries()) {
                pending = tracker.pending(provider, true);
                for (DictionaryTracker.Pending p : pending) {
                    EncodedMessage d = encoder.dictionaryBatch(p.wireId(), p.values(), p.delta(), position);
                    out.add(d);
                    position += d.frameLength();
                }
            }
            out.add(encoder.recordBatch(root, metadata, position));
        } catch (IOException | RuntimeException e) {
            for (EncodedMessage m : out) {
                m.close();
            }
            DictionaryTracker.releaseOwned(pending);
            if (tracker != dictionaries) {
                tracker.close();
            }
            throw e;
        }
        DictionaryTracker committedTracker = tracker;
        List<DictionaryTracker.Pending> committedPending = pending;
        return new Payload(out, () -> {
            if (committedTracker != dictionaries) {
                if (dictionaries != null) {
                    dictionaries.close();
                }
                dictionaries = committedTracker;
                schema = batchSchema;
            }
            if (committedTracker.hasDictionaries()) {
                committedTracker.sentAll(committedPending, provider);
            }
        }, () -> {
            DictionaryTracker.releaseOwned(committedPending);
            if (committedTracker != dictionaries) {
                committedTracker.close();
            }
        });
    }

    @Override
    public void close() {
        if (dictionaries != null) {
            dictionaries.close();
        }
    }
}
