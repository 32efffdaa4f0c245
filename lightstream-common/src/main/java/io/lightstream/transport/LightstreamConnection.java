package io.lightstream.transport;

import io.lightstream.Batch;
import io.lightstream.Endpoint;
import io.lightstream.Item;
import io.lightstream.LightstreamException;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.TransportException;
import io.lightstream.WriteOptions;
import io.lightstream.codec.DecodeLimits;
import io.lightstream.io.AllocatorLease;
import io.lightstream.io.ReaderAllocators;
import io.lightstream.io.SinkWriter;
import io.lightstream.io.StreamDecoders;
import io.lightstream.protocol.TypeRegistry;
import io.lightstream.transport.internal.Bindings;
import io.lightstream.transport.internal.InboundStream;
import io.lightstream.transport.internal.Pipe;
import io.lightstream.transport.internal.PipeByteSink;
import io.lightstream.transport.internal.PipeListener;
import io.lightstream.transport.internal.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One bidirectional Lightstream protocol connection: both sides register the same message and
 * table types in the same order (the tag of each is its registration index; names never travel),
 * then each sends opaque messages and table batches and receives the other's as typed {@link
 * Item}s ({@link io.lightstream.Message} or {@link Batch}).
 *
 * <pre>{@code
 * try (LightstreamConnection c = LightstreamConnection.builder("tcp://127.0.0.1:9000")
 *         .registerMessage("event").registerTable("metrics", schema).open()) {
 *     c.sendMessage("event", bytes);
 *     c.sendTable("metrics", root, null);
 *     c.finishSending();
 *     Item item;
 *     while ((item = c.receive()) != null) { ... }
 * }
 * }</pre>
 *
 * <p>The first send of a table carries its schema and dictionaries, later sends only the batch.
 * Either side may accept ({@link TransportOptions#accept()}). Runs on every network transport
 * (one stream of a QUIC or HTTP/2 connection).
 *
 * <p><b>Threading:</b> one thread may send while another receives; sends must not overlap each
 * other, nor receives. {@link #close()} may be called from any thread. <b>Ownership:</b> received
 * batches belong to the caller, who closes them.
 */
public final class LightstreamConnection implements AutoCloseable {
    private final Pipe pipe;
    private final PipeByteSink sink;
    private final InboundStream inbound;
    private final SinkWriter writer;
    private final AllocatorLease lease;
    private final TransportOptions transport;
    private boolean sendingFinished;
    private boolean closed;

    private LightstreamConnection(Pipe pipe, PipeByteSink sink, InboundStream inbound, SinkWriter writer,
            AllocatorLease lease, TransportOptions transport) {
        this.pipe = pipe;
        this.sink = sink;
        this.inbound = inbound;
        this.writer = writer;
        this.lease = lease;
        this.transport = transport;
    }

    /** Starts describing a connection to (or, with accept, from) {@code uri}. */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    /** Sends an opaque message of the registered message type {@code name}. */
    public void sendMessage(String name, byte[] payload) throws IOException {
        ensureSending();
        writer.writeMessage(name, payload);
        sink.awaitSent();
    }

    /** Sends a batch of the registered table {@code name}; the vectors may be reused once this returns. */
    public void sendTable(String name, VectorSchemaRoot batch, DictionaryProvider dictionaries) throws IOException {
        ensureSending();
        writer.write(name, batch, dictionaries);
        sink.awaitSent();
    }

    /**
     * The next message or batch from the peer; null once the peer finished sending.
     *
     * @throws LightstreamException malformed frames, an unregistered tag, or a transport failure
     */
    public Item receive() throws IOException {
        Item item = inbound.take();
        return item instanceof Batch b ? lease.track(b) : item;
    }

    /** Tells the peer this side sends nothing more (its {@link #receive()} then returns null). Idempotent. */
    public void finishSending() throws IOException {
        if (sendingFinished) {
            return;
        }
        sendingFinished = true;
        sink.awaitSent();
        if (!pipe.endOutput().awaitUninterruptibly(transport.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TransportException(pipe.transport(), pipe.address(), "could not send the end of the stream");
        }
    }

    private void ensureSending() throws LightstreamException {
        if (closed || sendingFinished) {
            throw new TransportException(pipe.transport(), pipe.address(), closed ? "connection is closed"
                    : "sending already finished on this connection");
        }
    }

    /**
     * Finishes sending, waits up to the close timeout for the peer to finish too (so nothing it is
     * still sending is cut off), then releases the connection. Unreceived items are discarded.
     * Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        IOException failure = null;
        try {
            finishSending();
            sink.awaitPeerDone(transport.closeTimeout());
        } catch (IOException e) {
            failure = e;
        } finally {
            closed = true;
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                failure = failure == null ? asIo(e) : failure;
            } finally {
                sink.discard();
                try {
                    inbound.close();
                } finally {
                    pipe.close();
                    lease.release();
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException asIo(Exception e) {
        return e instanceof IOException io ? io : new IOException(e);
    }

    /** Builder of a {@link LightstreamConnection}. Not thread-safe. */
    public static final class Builder {
        private final Endpoint endpoint;
        private final List<TypeRegistry.Entry> registrations = new ArrayList<>();
        private TransportOptions transport = TransportOptions.DEFAULT;
        private BufferAllocator allocator;
        private long memoryLimit = Long.MAX_VALUE;
        private DecodeLimits limits = DecodeLimits.DEFAULT;
        private WriteOptions writeOptions = WriteOptions.DEFAULT;

        private Builder(String uri) {
            this.endpoint = Endpoint.parse(uri);
            if (!endpoint.scheme().isNetwork()) {
                throw new IllegalArgumentException("a Lightstream connection needs a network URI, got " + uri);
            }
        }

        /** Registers a message type at the next tag. */
        public Builder registerMessage(String name) {
            registrations.add(new TypeRegistry.Entry(registrations.size(), Objects.requireNonNull(name), TypeRegistry.Kind.MESSAGE,
                    null));
            return this;
        }

        /** Registers a table type at the next tag; {@code schema} is informative (tables carry theirs). */
        public Builder registerTable(String name, Schema schema) {
            registrations.add(new TypeRegistry.Entry(registrations.size(), Objects.requireNonNull(name), TypeRegistry.Kind.TABLE,
                    schema));
            return this;
        }

        public Builder transport(TransportOptions transport) {
            this.transport = Objects.requireNonNull(transport);
            return this;
        }

        /** Parent allocator for received batches, or null for a connection-owned one. */
        public Builder allocator(BufferAllocator allocator) {
            this.allocator = allocator;
            return this;
        }

        public Builder memoryLimit(long bytes) {
            this.memoryLimit = bytes;
            return this;
        }

        public Builder limits(DecodeLimits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        /** Encoding settings for what this side sends (alignment, compression); registrations and protocol are set here. */
        public Builder writeOptions(WriteOptions options) {
            this.writeOptions = Objects.requireNonNull(options);
            return this;
        }

        /**
         * Connects (or binds and waits for the peer, with accept) and returns the open connection.
         *
         * @throws io.lightstream.ProtocolException more than 256 registrations or a duplicate name
         * @throws LightstreamException the peer cannot be reached
         */
        public LightstreamConnection open() throws IOException {
            TypeRegistry.of(registrations);
            Pipe pipe;
            if (transport.accept()) {
                try (PipeListener l = Bindings.of(endpoint.scheme()).bind(endpoint, transport, Role.DUPLEX)) {
                    pipe = l.accept(transport.acceptTimeout());
                }
            } else {
                pipe = Bindings.of(endpoint.scheme()).connect(endpoint, transport, Role.DUPLEX, 1).get(0);
            }
            ReadOptions.Builder rb = ReadOptions.builder().protocol(Protocol.LIGHTSTREAM).limits(limits)
                    .allocator(allocator).transport(transport);
            WriteOptions.Builder wb = writeOptions.toBuilder().protocol(Protocol.LIGHTSTREAM).transport(transport);
            for (TypeRegistry.Entry e : registrations) {
                if (e.kind() == TypeRegistry.Kind.MESSAGE) {
                    rb.registerMessage(e.name());
                    wb.registerMessage(e.name());
                } else {
                    rb.registerTable(e.name());
                    wb.registerTable(e.name(), e.schema());
                }
            }
            if (memoryLimit != Long.MAX_VALUE) {
                rb.memoryLimit(memoryLimit);
            }
            ReadOptions ro = rb.build();
            BufferAllocator a = ReaderAllocators.create(allocator, "lightstream-connection", ro.memoryLimit());
            AllocatorLease lease = new AllocatorLease(a);
            try {
                InboundStream inbound = new InboundStream(pipe, StreamDecoders.create(Protocol.LIGHTSTREAM, ro, a),
                        transport.maxQueuedBatches(), transport.readTimeout(), false, 0);
                PipeByteSink sink = new PipeByteSink(pipe, transport.readTimeout(), inbound);
                SinkWriter writer = SinkWriter.open(sink, Protocol.LIGHTSTREAM, null, wb.build(), null, null);
                sink.start();
                return new LightstreamConnection(pipe, sink, inbound, writer, lease, transport);
            } catch (IOException | RuntimeException e) {
                pipe.close();
                lease.release();
                throw e;
            }
        }
    }
}
