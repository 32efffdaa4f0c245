package io.lightstream.format.dataset;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.Item;
import io.lightstream.LightstreamException;
import io.lightstream.LightstreamReader;
import io.lightstream.ReadOptions;
import io.lightstream.io.ReaderAllocators;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Reads the chunks of a {@link ChunkedDataset} one after another as one stream of batches.
 *
 * <p>Every chunk must have the schema of the first (a chunk that differs fails, naming it). The
 * options of later chunks carry the first chunk's schema, so that formats which infer a schema
 * (CSV) read every chunk with the same types. Batches are numbered across the whole dataset.
 *
 * <p>Memory: each batch's buffers are moved (not copied) into this reader's allocator before it is
 * handed out, so a chunk's reader can be closed as soon as the dataset moves past it while the
 * caller still holds its batches.
 *
 * <p><b>Threading:</b> one thread at a time. <b>Ownership:</b> batches belong to the caller and are
 * closed before this reader.
 */
public final class ChunkedDatasetReader implements LightstreamReader {
    /** Opens the reader of one chunk. */
    @FunctionalInterface
    public interface ChunkOpener {
        LightstreamReader open(Path chunk, ReadOptions options) throws IOException;
    }

    private final ChunkedDataset dataset;
    private final ChunkOpener opener;
    private final ReadOptions options;
    private final BufferAllocator allocator;
    private final io.lightstream.io.AllocatorLease lease;
    private final Schema schema;
    private LightstreamReader current;
    private int next;
    private long sequence;
    private long bytesDone;
    private boolean closed;

    public ChunkedDatasetReader(ChunkedDataset dataset, ChunkOpener opener, ReadOptions options) throws IOException {
        this.dataset = dataset;
        this.opener = opener;
        this.allocator = ReaderAllocators.create(options.allocator(), "dataset:" + dataset.directory(),
                options.memoryLimit());
        this.lease = new io.lightstream.io.AllocatorLease(allocator);
        try {
            this.current = opener.open(dataset.chunks().get(0), options.toBuilder().allocator(allocator).build());
            this.next = 1;
            this.schema = current.schema();
            this.options = schema == null || options.schema() != null ? options : options.toBuilder().schema(schema)
                    .build();
        } catch (IOException | RuntimeException e) {
            allocator.close();
            throw e;
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

    @Override
    public Batch readBatch() throws IOException {
        if (closed) {
            throw new LightstreamException("dataset reader for " + dataset.directory() + " is closed");
        }
        while (current != null) {
            Batch b = current.readBatch();
            if (b != null) {
                return adopt(b);
            }
            bytesDone += current.bytesRead();
            current.close();
            current = null;
            if (next < dataset.chunks().size()) {
                Path chunk = dataset.chunks().get(next++);
                current = opener.open(chunk, options.toBuilder().allocator(allocator).build());
                if (schema != null && !schema.equals(current.schema())) {
                    Schema other = current.schema();
                    current.close();
                    current = null;
                    throw new FormatException("chunk " + chunk + " has schema " + other + ", but the dataset's first "
                            + "chunk has " + schema, -1);
                }
            }
        }
        return null;
    }

    /** Moves a chunk's batch into this reader's allocator and numbers it in the dataset. */
    private Batch adopt(Batch b) {
        List<FieldVector> moved = new ArrayList<>();
        List<AutoCloseable> dictionaries = new ArrayList<>();
        DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
        try (b) {
            for (FieldVector v : b.root().getFieldVectors()) {
                TransferPair tp = v.getTransferPair(allocator);
                tp.transfer();
                moved.add((FieldVector) tp.getTo());
            }
            for (long id : b.dictionaries().getDictionaryIds()) {
                Dictionary d = b.dictionaries().lookup(id);
                TransferPair tp = d.getVector().getTransferPair(allocator);
                tp.transfer();
                FieldVector v = (FieldVector) tp.getTo();
                dictionaries.add(v);
                provider.put(new Dictionary(v, d.getEncoding()));
            }
        } catch (RuntimeException e) {
            AutoCloseables.closeNoChecked(() -> AutoCloseables.close(moved));
            AutoCloseables.closeNoChecked(() -> AutoCloseables.close(dictionaries));
            throw e;
        }
        VectorSchemaRoot root = new VectorSchemaRoot(b.schema().getFields(), moved, b.rowCount());
        AutoCloseable hold = dictionaries.isEmpty() ? null : () -> AutoCloseables.close(dictionaries);
        return lease.track(new Batch(root, provider, hold, b.name(), sequence++, b.metadata(), b.encodedBytes()));
    }

    @Override
    public long bytesRead() {
        return bytesDone + (current == null ? 0 : current.bytesRead());
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (current != null) {
                current.close();
            }
        } finally {
            lease.release();
        }
    }
}
