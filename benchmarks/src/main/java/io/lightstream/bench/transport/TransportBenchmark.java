package io.lightstream.bench.transport;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.codec.ByteSink;
import io.lightstream.io.SinkWriter;
import io.lightstream.sample.SampleShape;
import io.lightstream.transport.TransportListener;
import io.lightstream.transport.TransportOptions;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Loopback throughput: one operation moves the same batch {@link #batchesPerOp()} times (about
 * 256 MiB of column data) from a writer to a reader that takes every batch, over a fresh connection.
 *
 * <ul>
 *   <li>{@code ourTcp}, {@code ourUds}: our writer and reader ({@link Lightstream#write}/{@link
 *       Lightstream#read}), Arrow protocol; {@code ourTcpParallel2}/{@code 4} with {@code
 *       parallel=N}; {@code ourWebSocket}, {@code ourHttp2}, {@code ourQuic} over the other
 *       transports (HTTP/2 cleartext; QUIC with its mandatory TLS);
 *   <li>{@code arrowJavaTcp}, {@code arrowJavaUds}: Arrow Java's {@code ArrowStreamWriter} and
 *       {@code ArrowStreamReader} over a plain blocking socket;
 *   <li>{@code flightDoGet}: Arrow Flight Java, an in-process {@code FlightServer} on loopback whose
 *       {@code getStream} sends the same batches (zero-copy write on, the faster of Flight's two write
 *       paths) and a {@code FlightClient} that reads them all; the client and its gRPC channel live for
 *       the whole trial, so Flight does not pay a connection per operation as ours does;
 *   <li>{@code rawTcp}, {@code rawUds}: a plain socket copy of as many bytes as our stream takes, the
 *       physical limit of the link.
 * </ul>
 *
 * <p>Every reader counts the rows it receives and the operation fails unless they match what was sent.
 * The forked JVM runs with {@code -Darrow.allocation.manager.type=Unsafe} so that all peers allocate
 * Arrow memory the way this project does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TransportBenchmark {
    private static final long BYTES_PER_OP = 256L << 20;
    private static final int COPY_BUFFER = 1 << 20;

    @Param({"NUMERIC", "MIXED", "STRINGS", "WIDE"})
    public SampleShape shape;

    @Param({"65536"})
    public int rows;

    private BufferAllocator allocator;
    private VectorSchemaRoot batch;
    private SampleShape.Dictionaries dictionaries;
    private Schema schema;
    private int batches;
    private long streamBytes;
    private Path dir;
    private TransportOptions quicServer;
    private TransportOptions quicClient;
    private final Map<String, TransportListener> listeners = new HashMap<>();
    private ExecutorService pool;
    private FlightServer flightServer;
    private FlightClient flightClient;

    /** Batches one operation sends. */
    public int batchesPerOp() {
        return batches;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        allocator = new RootAllocator();
        schema = shape.schema();
        batch = VectorSchemaRoot.create(schema, allocator);
        shape.fill(batch, 0, rows);
        dictionaries = shape.hasDictionaries() ? shape.dictionaries(allocator) : null;
        batches = (int) Math.max(4, BYTES_PER_OP / Math.max(1, shape.logicalBytes(rows)));
        streamBytes = encodedSize();
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-reader");
            t.setDaemon(true);
            return t;
        });
        dir = Files.createTempDirectory("lightstream-bench");
        Instant now = Instant.now();
        CertificateBuilder base = new CertificateBuilder().notBefore(now.minus(1, ChronoUnit.DAYS))
                .notAfter(now.plus(1, ChronoUnit.DAYS)).ecp256();
        X509Bundle ca = base.copy().subject("CN=bench CA").setIsCertificateAuthority(true).buildSelfSigned();
        X509Bundle server = base.copy().subject("CN=localhost").addSanDnsName("localhost").addSanIpAddress("127.0.0.1")
                .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
        Path caPem = Files.writeString(dir.resolve("ca.pem"), ca.getCertificatePEM());
        Path cert = Files.writeString(dir.resolve("cert.pem"), server.getCertificatePathPEM());
        Path key = Files.writeString(dir.resolve("key.pem"), server.getPrivateKeyPEM());
        quicServer = TransportOptions.builder().tlsCert(cert).tlsKey(key).build();
        quicClient = TransportOptions.builder().tlsCa(caPem).build();
    }

    /** Bytes of the Arrow stream one operation sends (what the raw copy moves). */
    private long encodedSize() throws IOException {
        long[] total = {0};
        ByteSink counter = new ByteSink() {
            @Override
            public void write(ByteBuffer src) {
                total[0] += src.remaining();
                src.position(src.limit());
            }

            @Override
            public void write(org.apache.arrow.memory.ArrowBuf buf, long index, long length) {
                total[0] += length;
            }

            @Override
            public void flush() {}
        };
        try (SinkWriter w = SinkWriter.open(counter, io.lightstream.Protocol.ARROW, schema, WriteOptions.DEFAULT,
                allocator, null)) {
            for (int i = 0; i < batches; i++) {
                w.write(batch, dictionaries, Map.of());
            }
        }
        return total[0];
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, InterruptedException {
        if (flightClient != null) {
            // Closing the client shuts its gRPC channel down and waits for it to terminate.
            flightClient.close();
        }
        if (flightServer != null) {
            // A server left running keeps its non-daemon gRPC threads (and this fork) alive.
            flightServer.shutdown();
            flightServer.awaitTermination(10, TimeUnit.SECONDS);
            flightServer.close(); // forces the shutdown if the graceful one timed out
        }
        for (TransportListener l : listeners.values()) {
            l.close();
        }
        listeners.clear();
        pool.shutdownNow();
        batch.close();
        if (dictionaries != null) {
            dictionaries.close();
        }
        allocator.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private TransportListener listener(String scheme, int parallel) throws IOException {
        String key = scheme + parallel;
        TransportListener l = listeners.get(key);
        if (l == null) {
            TransportOptions.Builder o = (scheme.equals("quic") ? quicServer.toBuilder() : TransportOptions.builder())
                    .parallel(parallel).maxQueuedBatches(4);
            String uri = switch (scheme) {
                case "uds" -> "uds://" + dir.resolve("bench.sock");
                case "quic" -> "quic://localhost:0";
                case "ws", "http" -> scheme + "://localhost:0/bench";
                default -> "tcp://127.0.0.1:0";
            };
            l = TransportListener.receiving(uri, o.build());
            listeners.put(key, l);
        }
        return l;
    }

    private long ours(String scheme, int parallel) throws Exception {
        TransportListener l = listener(scheme, parallel);
        Future<Long> reading = pool.submit(() -> {
            long n = 0;
            try (LightstreamReader r = l.acceptReader(ReadOptions.builder().allocator(allocator).build())) {
                Batch b;
                while ((b = r.readBatch()) != null) {
                    n += b.rowCount();
                    b.close();
                }
            }
            return n;
        });
        String uri = switch (scheme) {
            case "uds" -> "uds://" + dir.resolve("bench.sock");
            case "quic" -> "quic://localhost:" + l.port();
            case "ws", "http" -> scheme + "://localhost:" + l.port() + "/bench";
            default -> "tcp://127.0.0.1:" + l.port();
        };
        TransportOptions t = (scheme.equals("quic") ? quicClient.toBuilder() : TransportOptions.builder())
                .parallel(parallel).build();
        try (LightstreamWriter w = Lightstream.write(uri, schema, WriteOptions.builder().transport(t).build())) {
            for (int i = 0; i < batches; i++) {
                w.write(batch, dictionaries);
            }
        }
        return check(reading.get(5, TimeUnit.MINUTES));
    }

    private long check(long received) {
        if (received != (long) rows * batches) {
            throw new IllegalStateException("received " + received + " rows, sent " + (long) rows * batches);
        }
        return received;
    }

    @Benchmark
    public long ourTcp() throws Exception {
        return ours("tcp", 1);
    }

    @Benchmark
    public long ourUds() throws Exception {
        return ours("uds", 1);
    }

    @Benchmark
    public long ourTcpParallel2() throws Exception {
        return ours("tcp", 2);
    }

    @Benchmark
    public long ourTcpParallel4() throws Exception {
        return ours("tcp", 4);
    }

    @Benchmark
    public long ourWebSocket() throws Exception {
        return ours("ws", 1);
    }

    @Benchmark
    public long ourHttp2() throws Exception {
        return ours("http", 1);
    }

    @Benchmark
    public long ourQuic() throws Exception {
        return ours("quic", 1);
    }

    /** A plain socket pair: a listening channel, the accepted end and the connected end. */
    private interface Link {
        ServerSocketChannel listen() throws IOException;

        SocketChannel connect(ServerSocketChannel server) throws IOException;
    }

    private final Link tcp = new Link() {
        @Override
        public ServerSocketChannel listen() throws IOException {
            return ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        public SocketChannel connect(ServerSocketChannel server) throws IOException {
            return SocketChannel.open(server.getLocalAddress());
        }
    };

    private final Link uds = new Link() {
        @Override
        public ServerSocketChannel listen() throws IOException {
            Path p = dir.resolve("plain.sock");
            Files.deleteIfExists(p);
            return ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(p));
        }

        @Override
        public SocketChannel connect(ServerSocketChannel server) throws IOException {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            c.connect(server.getLocalAddress());
            return c;
        }
    };

    private long arrowJava(Link link) throws Exception {
        try (ServerSocketChannel server = link.listen()) {
            Future<Long> reading = pool.submit(() -> {
                long n = 0;
                try (SocketChannel s = server.accept(); ArrowStreamReader r = new ArrowStreamReader(s, allocator)) {
                    while (r.loadNextBatch()) {
                        n += r.getVectorSchemaRoot().getRowCount();
                    }
                }
                return n;
            });
            try (SocketChannel c = link.connect(server);
                    ArrowStreamWriter w = new ArrowStreamWriter(batch,
                            dictionaries != null ? dictionaries : new DictionaryProvider.MapDictionaryProvider(),
                            Channels.newOutputStream(c))) {
                w.start();
                for (int i = 0; i < batches; i++) {
                    w.writeBatch();
                }
                w.end();
            }
            return check(reading.get(5, TimeUnit.MINUTES));
        }
    }

    private long raw(Link link) throws Exception {
        try (ServerSocketChannel server = link.listen()) {
            Callable<Long> drain = () -> {
                long n = 0;
                ByteBuffer buf = ByteBuffer.allocateDirect(COPY_BUFFER);
                try (SocketChannel s = server.accept()) {
                    int r;
                    while ((r = s.read(buf)) >= 0) {
                        n += r;
                        buf.clear();
                    }
                }
                return n;
            };
            Future<Long> reading = pool.submit(drain);
            ByteBuffer buf = ByteBuffer.allocateDirect(COPY_BUFFER);
            try (SocketChannel c = link.connect(server)) {
                long left = streamBytes;
                while (left > 0) {
                    buf.clear().limit((int) Math.min(buf.capacity(), left));
                    while (buf.hasRemaining()) {
                        left -= c.write(buf);
                    }
                }
            }
            long got = reading.get(5, TimeUnit.MINUTES);
            if (got != streamBytes) {
                throw new IllegalStateException("copied " + got + " of " + streamBytes + " bytes");
            }
            return got;
        }
    }

    @Benchmark
    public long arrowJavaTcp() throws Exception {
        return arrowJava(tcp);
    }

    @Benchmark
    public long arrowJavaUds() throws Exception {
        return arrowJava(uds);
    }

    /**
     * Serves every {@code getStream} call with {@link #batchesPerOp()} copies of the benchmark batch.
     * Flight's callback-based backpressure wait has been seen to hang on loopback, so the producer
     * polls {@code isReady()} instead, parking briefly between polls: a batch takes milliseconds to
     * send, so the polling granularity is negligible.
     */
    private final class RepeatingProducer extends NoOpFlightProducer {
        @Override
        public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
            listener.setUseZeroCopy(true);
            listener.start(batch, dictionaries);
            for (int i = 0; i < batches; i++) {
                while (!listener.isReady()) {
                    if (listener.isCancelled()) {
                        return;
                    }
                    LockSupport.parkNanos(20_000);
                }
                listener.putNext();
            }
            listener.completed();
        }
    }

    private FlightClient flight() throws IOException {
        if (flightClient == null) {
            flightServer = FlightServer.builder(allocator, Location.forGrpcInsecure("127.0.0.1", 0),
                    new RepeatingProducer()).build().start();
            flightClient = FlightClient.builder(allocator,
                    Location.forGrpcInsecure("127.0.0.1", flightServer.getPort())).build();
        }
        return flightClient;
    }

    @Benchmark
    public long flightDoGet() throws Exception {
        long n = 0;
        try (FlightStream s = flight().getStream(new Ticket(new byte[] {1}))) {
            while (s.next()) {
                n += s.getRoot().getRowCount();
            }
        }
        return check(n);
    }

    @Benchmark
    public long rawTcp() throws Exception {
        return raw(tcp);
    }

    @Benchmark
    public long rawUds() throws Exception {
        return raw(uds);
    }
}
