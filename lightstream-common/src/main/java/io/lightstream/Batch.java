package io.lightstream;

import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One Arrow record batch handed to the caller.
 *
 * <p><b>Ownership:</b> the caller owns a batch returned by a reader and must {@link #close()} it;
 * closing releases the vectors and this batch's hold on the dictionaries it references. A batch
 * stays valid after the reader has moved on (readers do not reuse the vectors of a batch they have
 * handed out), so batches may be queued and consumed on another thread. Not thread-safe: one
 * thread at a time may read a batch.
 *
 * <p>Dictionary-encoded columns hold indices; {@link #dictionaries()} resolves them with the
 * dictionaries in force when the batch was decoded, even if later batches replaced them.
 */
public final class Batch implements Item, AutoCloseable {
    private final VectorSchemaRoot root;
    private final DictionaryProvider dictionaries;
    private final AutoCloseable dictionaryHold;
    private final java.util.List<AutoCloseable> attached = new java.util.ArrayList<>(1);
    private final String name;
    private final long sequence;
    private final Map<String, String> metadata;
    private final long encodedBytes;
    private boolean closed;

    /**
     * Wraps a root. The batch takes ownership of {@code root} and of {@code dictionaryHold} (closed
     * with the batch; may be null).
     *
     * @param name table name on the Lightstream protocol, otherwise null
     * @param sequence 0-based position of this batch in its stream
     * @param metadata record-batch message custom metadata (e.g. {@code ls.seq_id}); never null
     * @param encodedBytes size of the batch on the wire or in the file, or -1 if unknown
     */
    public Batch(VectorSchemaRoot root, DictionaryProvider dictionaries, AutoCloseable dictionaryHold, String name,
            long sequence, Map<String, String> metadata, long encodedBytes) {
        this.root = Objects.requireNonNull(root, "root");
        this.dictionaries = dictionaries == null ? new DictionaryProvider.MapDictionaryProvider() : dictionaries;
        this.dictionaryHold = dictionaryHold;
        this.name = name;
        this.sequence = sequence;
        this.metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
        this.encodedBytes = encodedBytes;
    }

    /** A batch over {@code root} with no dictionaries, name or metadata; takes ownership of the root. */
    public static Batch of(VectorSchemaRoot root, long sequence) {
        return new Batch(root, null, null, null, sequence, Map.of(), -1);
    }

    /** The vectors. Owned by this batch: do not close them separately. */
    public VectorSchemaRoot root() {
        return root;
    }

    public Schema schema() {
        return root.getSchema();
    }

    public int rowCount() {
        return root.getRowCount();
    }

    /** Dictionaries for the dictionary-encoded columns of this batch. */
    public DictionaryProvider dictionaries() {
        return dictionaries;
    }

    @Override
    public String name() {
        return name;
    }

    /** 0-based position of this batch in its stream (per table on the Lightstream protocol). */
    public long sequence() {
        return sequence;
    }

    /** Custom metadata of the record-batch message; empty when none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Bytes this batch took on the wire or in the file (frame including padding), or -1 if unknown. */
    public long encodedBytes() {
        return encodedBytes;
    }

    /**
     * Ties {@code resource} to this batch: it is closed, after the vectors, when the batch is.
     * Readers use it to keep what the batch's memory depends on (an allocator, a mapping) alive
     * until the last batch is closed. Returns this batch.
     */
    public Batch attach(AutoCloseable resource) {
        attached.add(resource);
        return this;
    }

    /** Releases the vectors, the dictionary hold and attached resources. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        try {
            root.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        java.util.List<AutoCloseable> all = new java.util.ArrayList<>();
        if (dictionaryHold != null) {
            all.add(dictionaryHold);
        }
        all.addAll(attached);
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("failed to release a resource of " + this, e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "Batch{" + (name == null ? "" : "name=" + name + ", ") + "sequence=" + sequence + ", rows="
                + root.getRowCount() + "}";
    }
}
