package io.lightstream.transport;

import io.lightstream.Endpoint;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.transport.internal.Bindings;
import io.lightstream.transport.internal.PipeListener;
import io.lightstream.transport.internal.Role;
import java.io.IOException;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A bound network endpoint that serves successive peers: each {@link #acceptWriter} (on a
 * {@linkplain #sending sending} listener) or {@link #acceptReader} (on a {@linkplain #receiving
 * receiving} one) waits for the next peer and returns a writer to it or a reader of it, while the
 * listener keeps accepting. What {@code lightstream serve FILE URI} is built on.
 *
 * <pre>{@code
 * try (TransportListener listener = TransportListener.sending("tcp://0.0.0.0:9000", TransportOptions.DEFAULT)) {
 *     while (true) {
 *         try (LightstreamWriter out = listener.acceptWriter(schema, WriteOptions.DEFAULT)) {
 *             ... write the file's batches ...
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe: several threads may accept at once. Readers and writers it returned stay open
 * after the listener is closed.
 */
public final class TransportListener implements AutoCloseable {
    private final PipeListener listener;
    private final Role role;
    private final TransportOptions options;

    private TransportListener(PipeListener listener, Role role, TransportOptions options) {
        this.listener = listener;
        this.role = role;
        this.options = options;
    }

    /** Binds {@code uri} to send to each peer that connects (peers are readers). */
    public static TransportListener sending(String uri, TransportOptions options) throws IOException {
        Endpoint e = Endpoint.parse(uri);
        return new TransportListener(Bindings.of(e.scheme()).bind(e, options, Role.WRITE), Role.WRITE, options);
    }

    /** Binds {@code uri} to receive from each peer that connects (peers are writers). */
    public static TransportListener receiving(String uri, TransportOptions options) throws IOException {
        Endpoint e = Endpoint.parse(uri);
        return new TransportListener(Bindings.of(e.scheme()).bind(e, options, Role.READ), Role.READ, options);
    }

    /** The bound port (useful when binding port 0), or -1 for Unix sockets. */
    public int port() {
        return listener.port();
    }

    /**
     * Waits for the next peer (up to the options' accept timeout; parallel peers open {@code
     * parallel} connections) and returns a writer to it. Transport settings come from this
     * listener's options; {@code options} gives protocol, alignment, compression and registrations.
     */
    public LightstreamWriter acceptWriter(Schema schema, WriteOptions options) throws IOException {
        if (role != Role.WRITE) {
            throw new IllegalStateException("this listener receives; open it with TransportListener.sending to write");
        }
        return Transports.write(Transports.acceptAll(listener, this.options), schema,
                options.toBuilder().transport(this.options).build(), null);
    }

    /** Waits for the next peer and returns a reader of it. */
    public LightstreamReader acceptReader(ReadOptions options) throws IOException {
        if (role != Role.READ) {
            throw new IllegalStateException("this listener sends; open it with TransportListener.receiving to read");
        }
        return Transports.read(Transports.acceptAll(listener, this.options),
                options.toBuilder().transport(this.options).build(), null);
    }

    /** Stops accepting and unbinds. Idempotent. */
    @Override
    public void close() {
        listener.close();
    }
}
