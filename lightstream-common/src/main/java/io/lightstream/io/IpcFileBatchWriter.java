package io.lightstream.io;

import io.lightstream.LightstreamException;
import io.lightstream.LightstreamWriter;
import io.lightstream.ProtocolException;
import io.lightstream.codec.ByteSink;
import io.lightstream.codec.ipc.IpcFileWriter;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes an Arrow IPC file as a {@link LightstreamWriter}; the footer is written on {@link #close()}.
 *
 * <p>Threading and ownership as in {@link LightstreamWriter}.
 */
public final class IpcFileBatchWriter implements LightstreamWriter {
    private final IpcFileWriter file;
    private final ByteSink sink;
    private final BufferAllocator allocator;
    private final Closeable onClose;
    private DictionaryProvider lastDictionaries;
    private boolean closed;

    /** @param defaultDictionaries dictionaries for writes that name none (may be null) */
    public IpcFileBatchWriter(IpcFileWriter file, ByteSink sink, BufferAllocator allocator, Closeable onClose,
            DictionaryProvider defaultDictionaries) {
        this.file = file;
        this.lastDictionaries = defaultDictionaries;
        this.sink = sink;
        this.allocator = allocator;
        this.onClose = onClose;
    }

    @Override
    public Schema schema() {
        return file.schema();
    }

    @Override
    public void write(VectorSchemaRoot batch, DictionaryProvider dictionaries, Map<String, String> metadata)
            throws IOException {
        if (closed) {
            throw new LightstreamException("writer is closed");
        }
        DictionaryProvider d = dictionaries != null ? dictionaries : lastDictionaries;
        file.write(batch, d, metadata);
        lastDictionaries = d;
    }

    @Override
    public void write(String table, VectorSchemaRoot batch, DictionaryProvider dictionaries) throws IOException {
        throw new ProtocolException("named tables need the Lightstream protocol; an Arrow IPC file holds one table");
    }

    @Override
    public void writeMessage(String name, byte[] payload) throws IOException {
        throw new ProtocolException("messages need the Lightstream protocol; an Arrow IPC file holds only batches");
    }

    @Override
    public void flush() throws IOException {
        sink.flush();
    }

    @Override
    public long bytesWritten() {
        return file.position();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            file.finish(lastDictionaries);
        } finally {
            try {
                onClose.close();
            } finally {
                file.close();
                ReaderAllocators.close(allocator, "writer");
            }
        }
    }
}
