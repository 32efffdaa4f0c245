package io.lightstream.transport.internal;

import io.lightstream.FormatException;
import io.lightstream.Item;
import io.lightstream.Message;
import io.lightstream.codec.StreamDecoder;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A decoder for pipe tests: every fed chunk becomes a {@link Message} holding its bytes, so a test
 * can compare what arrived with what was sent byte for byte. The stream counts as complete when
 * exactly {@code expectedBytes} arrived (any count when negative), so tests can provoke endings in
 * the middle of the data.
 */
final class RawChunkDecoder implements StreamDecoder {
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final long expectedBytes;
    private long consumed;
    private boolean finished;
    private boolean closed;

    RawChunkDecoder(long expectedBytes) {
        this.expectedBytes = expectedBytes;
    }

    @Override
    public void feed(ByteBuffer src) throws FormatException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        byte[] b = new byte[src.remaining()];
        src.get(b);
        consumed += b.length;
        if (expectedBytes >= 0 && consumed > expectedBytes) {
            throw new FormatException("more bytes than expected", consumed);
        }
        items.add(new Message(null, 0, b));
    }

    @Override
    public Item poll() {
        return items.poll();
    }

    @Override
    public void finish() throws FormatException {
        finished = true;
        if (expectedBytes >= 0 && consumed != expectedBytes) {
            throw new FormatException("stream ended after " + consumed + " of " + expectedBytes + " bytes", consumed);
        }
    }

    @Override
    public boolean isEndOfStream() {
        return finished;
    }

    @Override
    public Schema schema() {
        return null;
    }

    @Override
    public long bytesConsumed() {
        return consumed;
    }

    @Override
    public void close() {
        closed = true;
        items.clear();
    }
}
