package io.lightstream.transport;

import io.lightstream.Endpoint;
import io.lightstream.LightstreamException;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.codec.StreamDecoder;
import io.lightstream.io.AllocatorLease;
import io.lightstream.io.ReaderAllocators;
import io.lightstream.io.StreamDecoders;
import io.lightstream.transport.internal.Bindings;
import io.lightstream.transport.internal.InboundStream;
import io.lightstream.transport.internal.NetworkReader;
import io.lightstream.transport.internal.NetworkWriter;
import io.lightstream.transport.internal.Pipe;
import io.lightstream.transport.internal.PipeListener;
import io.lightstream.transport.internal.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Opens readers and writers on network endpoints: {@code tcp}, {@code uds}, {@code ws}/{@code
 * wss}, {@code http}/{@code https} (HTTP/2) and {@code quic}. {@link io.lightstream.Lightstream}
 * calls this for network URIs; the command-line tool and the connectors may call it directly.
 *
 * <p>With {@link TransportOptions#accept()} the call binds the endpoint and waits for the peer
 * (for {@link TransportOptions#acceptTimeout()}); otherwise it connects, with the options' timeout
 * and retries. With {@link TransportOptions#parallel()} above 1, the stream is carried by that many
 * connections or streams, as the reference library's parallel modes do.
 *
 * <p>Thread-safe. {@code wt://} (WebTransport) is refused with an {@link IllegalArgumentException}
 * that says why: Netty's HTTP/3 codec has no WebTransport session layer (see docs/transports.md).
 */
public final class Transports {
    private Transports() {}

    /**
     * Opens a reader of {@code endpoint}, blocking until connected (or until the peer connected, when
     * accepting).
     *
     * @throws IllegalArgumentException bad options (TLS files missing, unknown scheme, {@code wt://})
     * @throws LightstreamException the peer cannot be reached or the first bytes are malformed
     */
    public static LightstreamReader openReader(Endpoint endpoint, ReadOptions options) throws IOException {
        TransportOptions t = options.transport();
        PipeListener listener = null;
        List<Pipe> pipes;
        if (t.accept()) {
            listener = Bindings.of(endpoint.scheme()).bind(endpoint, t, Role.READ);
            try {
                pipes = acceptAll(listener, t);
            } catch (IOException | RuntimeException e) {
                listener.close();
                throw e;
            }
        } else {
            pipes = Bindings.of(endpoint.scheme()).connect(endpoint, t, Role.READ, t.parallel());
        }
        return read(pipes, options, listener);
    }

    /**
     * Opens a writer to {@code endpoint} for batches of {@code schema} (null on the Lightstream
     * protocol), blocking until connected (or until the peer connected, when accepting).
     */
    public static LightstreamWriter openWriter(Endpoint endpoint, Schema schema, WriteOptions options)
            throws IOException {
        TransportOptions t = options.transport();
        PipeListener listener = null;
        List<Pipe> pipes;
        if (t.accept()) {
            listener = Bindings.of(endpoint.scheme()).bind(endpoint, t, Role.WRITE);
            try {
                pipes = acceptAll(listener, t);
            } catch (IOException | RuntimeException e) {
                listener.close();
                throw e;
            }
        } else {
            pipes = Bindings.of(endpoint.scheme()).connect(endpoint, t, Role.WRITE, t.parallel());
        }
        return write(pipes, schema, options, listener);
    }

    static List<Pipe> acceptAll(PipeListener listener, TransportOptions t) throws LightstreamException {
        List<Pipe> pipes = new ArrayList<>();
        try {
            for (int i = 0; i < t.parallel(); i++) {
                pipes.add(listener.accept(t.acceptTimeout()));
            }
            return pipes;
        } catch (LightstreamException | RuntimeException e) {
            for (Pipe p : pipes) {
                p.close();
            }
            throw e;
        }
    }

    static Protocol protocol(Protocol explicit) {
        return explicit != null ? explicit : Protocol.ARROW;
    }

    static LightstreamReader read(List<Pipe> pipes, ReadOptions options, AutoCloseable onClose) throws IOException {
        Protocol protocol = protocol(options.protocol());
        TransportOptions t = options.transport();
        BufferAllocator allocator = ReaderAllocators.create(options.allocator(), "lightstream-network-reader",
                options.memoryLimit());
        AllocatorLease lease = new AllocatorLease(allocator);
        List<InboundStream> streams = new ArrayList<>();
        try {
            int prefix = pipes.size() > 1 && protocol == Protocol.LIGHTSTREAM ? 1 : 0;
            for (Pipe p : pipes) {
                StreamDecoder decoder = StreamDecoders.create(protocol, options, allocator);
                streams.add(new InboundStream(p, decoder, t.maxQueuedBatches(), t.readTimeout(), true, prefix));
            }
        } catch (IOException | RuntimeException e) {
            for (InboundStream s : streams) {
                s.close();
            }
            for (int i = streams.size(); i < pipes.size(); i++) {
                pipes.get(i).close();
            }
            lease.release();
            closeQuietly(onClose);
            throw e;
        }
        for (InboundStream s : streams) {
            s.start();
        }
        return new NetworkReader(streams, protocol, lease, onClose);
    }

    static LightstreamWriter write(List<Pipe> pipes, Schema schema, WriteOptions options, AutoCloseable onClose)
            throws IOException {
        try {
            return NetworkWriter.open(pipes, protocol(options.protocol()), schema, options, onClose);
        } catch (IOException | RuntimeException e) {
            closeQuietly(onClose);
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing with the more telling error
        }
    }
}
