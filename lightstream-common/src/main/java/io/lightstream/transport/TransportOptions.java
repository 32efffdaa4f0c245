package io.lightstream.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a network or pipe transport, shared by readers and writers: whether this side
 * accepts or connects, parallel streams, TLS material, timeouts and retry policy, and the bounded
 * buffering that carries backpressure. Defined once here; the Flink and Kafka connectors adapt these
 * into their own option systems rather than retyping them.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}.
 */
public final class TransportOptions {
    /** Connect, no TLS, one stream, 10 s connect timeout, 3 retries, no read timeout, 4 queued batches. */
    public static final TransportOptions DEFAULT = builder().build();

    private final boolean accept;
    private final int parallel;
    private final Duration connectTimeout;
    private final int connectRetries;
    private final Duration retryBackoff;
    private final Duration readTimeout;
    private final Duration acceptTimeout;
    private final Path tlsCert;
    private final Path tlsKey;
    private final Path tlsCa;
    private final boolean tlsClientAuth;
    private final int maxQueuedBatches;
    private final int writeBufferBytes;
    private final boolean tls;
    private final Duration closeTimeout;

    private TransportOptions(Builder b) {
        this.accept = b.accept;
        this.parallel = b.parallel;
        this.connectTimeout = b.connectTimeout;
        this.connectRetries = b.connectRetries;
        this.retryBackoff = b.retryBackoff;
        this.readTimeout = b.readTimeout;
        this.acceptTimeout = b.acceptTimeout;
        this.tlsCert = b.tlsCert;
        this.tlsKey = b.tlsKey;
        this.tlsCa = b.tlsCa;
        this.tlsClientAuth = b.tlsClientAuth;
        this.maxQueuedBatches = b.maxQueuedBatches;
        this.writeBufferBytes = b.writeBufferBytes;
        this.tls = b.tls;
        this.closeTimeout = b.closeTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.accept = accept;
        b.parallel = parallel;
        b.connectTimeout = connectTimeout;
        b.connectRetries = connectRetries;
        b.retryBackoff = retryBackoff;
        b.readTimeout = readTimeout;
        b.acceptTimeout = acceptTimeout;
        b.tlsCert = tlsCert;
        b.tlsKey = tlsKey;
        b.tlsCa = tlsCa;
        b.tlsClientAuth = tlsClientAuth;
        b.maxQueuedBatches = maxQueuedBatches;
        b.writeBufferBytes = writeBufferBytes;
        b.tls = tls;
        b.closeTimeout = closeTimeout;
        return b;
    }

    /** Bind and wait for the peer instead of connecting to it. */
    public boolean accept() {
        return accept;
    }

    /** Number of parallel connections/streams (1 = a single stream). */
    public int parallel() {
        return parallel;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Connection attempts after the first, each after an exponentially growing backoff. */
    public int connectRetries() {
        return connectRetries;
    }

    public Duration retryBackoff() {
        return retryBackoff;
    }

    /**
     * Fail a read when nothing arrives for this long, and a write that cannot progress for this long
     * because the peer stopped taking data (a half-open connection); {@link Duration#ZERO} waits
     * forever.
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** How long an accepting side waits for its peer; {@link Duration#ZERO} waits forever. */
    public Duration acceptTimeout() {
        return acceptTimeout;
    }

    /** PEM certificate chain of this side (server, or client for mutual TLS), or null. */
    public Path tlsCert() {
        return tlsCert;
    }

    /** PEM private key matching {@link #tlsCert()}, or null. */
    public Path tlsKey() {
        return tlsKey;
    }

    /** PEM trust roots used to verify the peer, or null. */
    public Path tlsCa() {
        return tlsCa;
    }

    /** On an accepting side with TLS, require and verify a client certificate (mutual TLS). */
    public boolean tlsClientAuth() {
        return tlsClientAuth;
    }

    /** Decoded batches a reader holds before it stops reading from the transport. */
    public int maxQueuedBatches() {
        return maxQueuedBatches;
    }

    /** Bytes a writer lets queue in the transport before it waits for the peer to drain them. */
    public int writeBufferBytes() {
        return writeBufferBytes;
    }

    /**
     * Run plain TCP inside TLS ({@code tcp://} only; {@code wss}, {@code https} and {@code quic} always
     * use TLS, {@code uds} and {@code ws} never do). The accepting side needs {@link #tlsCert()} and
     * {@link #tlsKey()}; the connecting side verifies the peer against {@link #tlsCa()}, or the JVM's
     * default trust store when none is given.
     */
    public boolean tls() {
        return tls;
    }

    /**
     * How long a closing writer waits for the peer to take the end of the stream (the peer closing its
     * side, a WebSocket close reply, the end of an HTTP/2 response) before it drops the connection.
     */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** Builder of {@link TransportOptions}. Not thread-safe. */
    public static final class Builder {
        private boolean accept;
        private int parallel = 1;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int connectRetries = 3;
        private Duration retryBackoff = Duration.ofMillis(200);
        private Duration readTimeout = Duration.ZERO;
        private Duration acceptTimeout = Duration.ZERO;
        private Path tlsCert;
        private Path tlsKey;
        private Path tlsCa;
        private boolean tlsClientAuth;
        private int maxQueuedBatches = 4;
        private int writeBufferBytes = 8 << 20;
        private boolean tls;
        private Duration closeTimeout = Duration.ofSeconds(10);

        private Builder() {}

        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        public Builder closeTimeout(Duration d) {
            this.closeTimeout = nonNegative(d, "closeTimeout");
            return this;
        }

        public Builder accept(boolean accept) {
            this.accept = accept;
            return this;
        }

        public Builder parallel(int parallel) {
            if (parallel < 1 || parallel > 256) {
                throw new IllegalArgumentException("parallel must be 1..256, got " + parallel);
            }
            this.parallel = parallel;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = nonNegative(d, "connectTimeout");
            return this;
        }

        public Builder connectRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("connectRetries must be >= 0, got " + retries);
            }
            this.connectRetries = retries;
            return this;
        }

        public Builder retryBackoff(Duration d) {
            this.retryBackoff = nonNegative(d, "retryBackoff");
            return this;
        }

        public Builder readTimeout(Duration d) {
            this.readTimeout = nonNegative(d, "readTimeout");
            return this;
        }

        public Builder acceptTimeout(Duration d) {
            this.acceptTimeout = nonNegative(d, "acceptTimeout");
            return this;
        }

        public Builder tlsCert(Path p) {
            this.tlsCert = p;
            return this;
        }

        public Builder tlsKey(Path p) {
            this.tlsKey = p;
            return this;
        }

        public Builder tlsCa(Path p) {
            this.tlsCa = p;
            return this;
        }

        public Builder tlsClientAuth(boolean required) {
            this.tlsClientAuth = required;
            return this;
        }

        public Builder maxQueuedBatches(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxQueuedBatches must be >= 1, got " + n);
            }
            this.maxQueuedBatches = n;
            return this;
        }

        public Builder writeBufferBytes(int n) {
            if (n < 64 * 1024) {
                throw new IllegalArgumentException("writeBufferBytes must be >= 65536, got " + n);
            }
            this.writeBufferBytes = n;
            return this;
        }

        public TransportOptions build() {
            return new TransportOptions(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + d);
            }
            return d;
        }
    }
}
