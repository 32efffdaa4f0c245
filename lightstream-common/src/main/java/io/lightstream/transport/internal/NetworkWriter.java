package io.lightstream.transport.internal;

import io.lightstream.LightstreamException;
import io.lightstream.LightstreamWriter;
import io.lightstream.Protocol;
import io.lightstream.TransportException;
import io.lightstream.WriteOptions;
import io.lightstream.io.SinkWriter;
import io.lightstream.transport.TransportOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@link LightstreamWriter} over one or more pipes, each encoded by its own {@link SinkWriter}.
 *
 * <p>With several pipes ({@code parallel=N}) the reference library's parallel modes: on the
 * Lightstream protocol each connection starts with its index byte and frames (tables and messages)
 * are dealt round robin; on the Arrow protocol each pipe is a complete Arrow stream, batch {@code k}
 * goes to pipe {@code k mod N} and carries {@code ls.seq_id = k}.
 *
 * <p>Every write returns only once the transport has taken the Arrow memory it was sent from
 * (large buffers go out without a copy), so the caller may reuse its vectors at once. Closing ends
 * each stream, waits (up to the close timeout) for the peer to close the connection, then closes.
 *
 * <p>Threading and ownership as in {@link LightstreamWriter}.
 */
public final class NetworkWriter implements LightstreamWriter {
    private final List<Lane> lanes;
    private final Protocol protocol;
    private final Schema schema;
    private final AutoCloseable onClose;
    private final String transport;
    private final String address;
    private long batches;
    private long frames;
    private boolean closed;

    private record Lane(Pipe pipe, PipeByteSink sink, SinkWriter writer, Duration closeTimeout) {}

    private NetworkWriter(List<Lane> lanes, Protocol protocol, Schema schema, AutoCloseable onClose) {
        this.lanes = lanes;
        this.protocol = protocol;
        this.schema = schema;
        this.onClose = onClose;
        this.transport = lanes.get(0).pipe().transport();
        this.address = lanes.get(0).pipe().address();
    }

    /**
     * A writer over {@code pipes} (owned from now on, closed on failure too).
     *
     * @param onClose closed last (a listener bound for this writer), or null
     */
    public static NetworkWriter open(List<Pipe> pipes, Protocol protocol, Schema schema, WriteOptions options,
            AutoCloseable onClose) throws IOException {
        TransportOptions t = options.transport();
        int n = pipes.size();
        if (n > 1 && protocol == Protocol.LIGHTSTREAM && options.registrations().isEmpty()) {
            closeAll(pipes);
            throw new IllegalArgumentException("parallel Lightstream connections need the message and table types"
                    + " registered in the write options (messages first, then tables), as the reader registers them");
        }
        List<Lane> lanes = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Pipe pipe = pipes.get(i);
                PipeByteSink sink = new PipeByteSink(pipe, t.readTimeout(), null).start();
                if (n > 1 && protocol == Protocol.LIGHTSTREAM) {
                    sink.write(ByteBuffer.wrap(new byte[] {(byte) i}));
                }
                SinkWriter writer = SinkWriter.open(sink, protocol, schema, options, null,
                        () -> endOutput(pipe, sink, t.closeTimeout()));
                lanes.add(new Lane(pipe, sink, writer, t.closeTimeout()));
            }
        } catch (IOException | RuntimeException e) {
            for (Lane l : lanes) {
                l.sink().discard();
            }
            closeAll(pipes);
            throw e;
        }
        return new NetworkWriter(lanes, protocol, schema, onClose);
    }

    private static void closeAll(List<Pipe> pipes) {
        for (Pipe p : pipes) {
            p.close();
        }
    }

    /** After the encoder ended its stream: everything out, then our end of the stream. */
    private static void endOutput(Pipe pipe, PipeByteSink sink, Duration closeTimeout) throws IOException {
        sink.awaitSent();
        if (!pipe.endOutput().awaitUninterruptibly(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TransportException(pipe.transport(), pipe.address(), "could not send the end of the stream within "
                    + closeTimeout.toMillis() + " ms");
        }
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public void write(VectorSchemaRoot batch, DictionaryProvider dictionaries, Map<String, String> metadata)
            throws IOException {
        ensureOpen();
        Lane lane = lanes.get((int) ((protocol == Protocol.ARROW ? batches : frames) % lanes.size()));
        Map<String, String> md = metadata;
        if (lanes.size() > 1 && protocol == Protocol.ARROW) {
            md = new HashMap<>(metadata);
            md.put(NetworkReader.SEQ_ID, Long.toString(batches));
        }
        try {
            lane.writer().write(batch, dictionaries, md);
            lane.sink().awaitSent();
        } catch (IOException e) {
            abandon(lane);
            throw e;
        }
        batches++;
        frames++;
    }

    @Override
    public void write(String table, VectorSchemaRoot batch, DictionaryProvider dictionaries) throws IOException {
        ensureOpen();
        Lane lane = lanes.get((int) (frames % lanes.size()));
        try {
            lane.writer().write(table, batch, dictionaries);
            lane.sink().awaitSent();
        } catch (IOException e) {
            abandon(lane);
            throw e;
        }
        batches++;
        frames++;
    }

    /**
     * The transport failed under a write: the connection is of no further use, and the caller, told
     * so by the exception, may free the batch at once, so the transport must stop referencing its
     * memory. (A batch the encoder rejects before sending leaves the connection as it was.)
     */
    private static void abandon(Lane lane) {
        lane.sink().abandon(lane.closeTimeout());
    }

    @Override
    public void writeMessage(String name, byte[] payload) throws IOException {
        ensureOpen();
        Lane lane = lanes.get((int) (frames % lanes.size()));
        lane.writer().writeMessage(name, payload);
        lane.sink().awaitSent();
        frames++;
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        for (Lane l : lanes) {
            l.sink().awaitSent();
        }
    }

    @Override
    public long bytesWritten() {
        long total = 0;
        for (Lane l : lanes) {
            total += l.writer().bytesWritten() + (lanes.size() > 1 && protocol == Protocol.LIGHTSTREAM ? 1 : 0);
        }
        return total;
    }

    private void ensureOpen() throws LightstreamException {
        if (closed) {
            throw new TransportException(transport, address, "writer is closed");
        }
    }

    /**
     * Ends every stream first, then waits (up to the close timeout) for the peer to close, then
     * closes: in two rounds, because parallel streams of one connection (QUIC, HTTP/2) are let go by
     * the reader only once all of them ended. The first failure is thrown after everything was
     * released.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        for (Lane l : lanes) {
            try {
                l.writer().close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            } catch (RuntimeException e) {
                failure = failure == null ? new TransportException(transport, address, "closing failed: " + e, e) : failure;
            }
        }
        Duration closeTimeout = lanes.get(0).closeTimeout();
        for (Lane l : lanes) {
            try {
                if (failure == null) {
                    l.sink().awaitPeerDone(closeTimeout);
                }
            } finally {
                l.sink().discard();
                l.pipe().close();
            }
        }
        if (onClose != null) {
            try {
                onClose.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof IOException io ? io : new IOException(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
