package io.lightstream.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import io.lightstream.Item;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.Message;
import io.lightstream.Protocol;
import io.lightstream.ProtocolException;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.transport.internal.EventLoops;
import io.lightstream.transport.internal.NetworkReader;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parallel streams ({@code parallel=N}, spec section 4) in exact order and byte-compatible with the
 * reference's framing; the bidirectional Lightstream connection; a listener serving successive
 * peers.
 */
class ParallelAndConnectionITCase {
    static final Schema SCHEMA = new Schema(List.of(Field.notNullable("id", new ArrowType.Int(64, true))));

    @TempDir
    static Path dir;
    static TestCertificates certs;
    BufferAllocator allocator;

    @BeforeAll
    static void pki() throws Exception {
        certs = TestCertificates.create(dir);
    }

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        allocator.close();
        assertThat(EventLoops.activeReferences()).isZero();
    }

    static Stream<Arguments> parallelCases() {
        List<Arguments> out = new ArrayList<>();
        for (String scheme : List.of("tcp", "uds", "http", "quic")) {
            for (Protocol p : Protocol.values()) {
                if (p == Protocol.LIGHTSTREAM && !scheme.equals("tcp") && !scheme.equals("uds")) {
                    continue;
                }
                for (int n : new int[] {2, 4}) {
                    out.add(Arguments.of(scheme, p, n, false));
                }
                out.add(Arguments.of(scheme, p, 3, true));
            }
        }
        return out.stream();
    }

    static void fill(VectorSchemaRoot root, long first, int n) {
        BigIntVector id = (BigIntVector) root.getVector(0);
        id.allocateNew(n);
        for (int i = 0; i < n; i++) {
            id.set(i, first + i);
        }
        root.setRowCount(n);
    }

    /** 50 batches of varied sizes (and messages on the Lightstream protocol) come back in exact order. */
    @ParameterizedTest(name = "{0} {1} parallel={2} writerAccepts={3}")
    @MethodSource("parallelCases")
    void parallelStreamsArriveInOrder(String scheme, Protocol protocol, int n, boolean writerAccepts) throws Exception {
        String uri = switch (scheme) {
            case "uds" -> "uds://" + dir.resolve("p" + System.nanoTime() + ".sock");
            case "quic" -> "quic://localhost:" + TransportContractITCase.freeUdpPort();
            case "http" -> "http://localhost:" + TransportContractITCase.freeTcpPort() + "/p";
            default -> "tcp://localhost:" + TransportContractITCase.freeTcpPort();
        };
        TransportOptions.Builder acceptor = TransportOptions.builder().accept(true).parallel(n)
                .acceptTimeout(Duration.ofSeconds(30));
        TransportOptions.Builder connector = TransportOptions.builder().parallel(n).connectTimeout(Duration.ofMillis(500))
                .connectRetries(40).retryBackoff(Duration.ofMillis(50));
        if (scheme.equals("quic")) {
            certs.server(acceptor);
            certs.client(connector);
        }
        WriteOptions.Builder wo = WriteOptions.builder().protocol(protocol)
                .transport((writerAccepts ? acceptor : connector).build());
        ReadOptions.Builder ro = ReadOptions.builder().protocol(protocol).allocator(allocator)
                .transport((writerAccepts ? connector : acceptor).readTimeout(Duration.ofSeconds(30)).build());
        if (protocol == Protocol.LIGHTSTREAM) {
            wo.registerMessage("m").registerTable("t", SCHEMA);
            ro.registerMessage("m").registerTable("t");
        }
        int batches = 50;
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try (LightstreamWriter w = Lightstream.write(uri, protocol == Protocol.ARROW ? SCHEMA : null, wo.build());
                    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                long first = 0;
                for (int b = 0; b < batches; b++) {
                    int rows = 1 + (b * 37) % 500;
                    fill(root, first, rows);
                    first += rows;
                    if (protocol == Protocol.LIGHTSTREAM) {
                        if (b % 7 == 0) {
                            w.writeMessage("m", ("m" + b).getBytes(StandardCharsets.UTF_8));
                        }
                        w.write("t", root, null);
                    } else {
                        w.write(root);
                    }
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try (LightstreamReader r = Lightstream.read(uri, ro.build())) {
            long expected = 0;
            int b = 0;
            Item item;
            while ((item = r.read()) != null) {
                if (item instanceof Message m) {
                    assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("m" + b);
                    continue;
                }
                try (Batch batch = (Batch) item) {
                    assertThat(batch.sequence()).isEqualTo(b);
                    BigIntVector id = (BigIntVector) batch.root().getVector(0);
                    assertThat(batch.rowCount()).isEqualTo(1 + (b * 37) % 500);
                    assertThat(id.get(0)).as("batch %d first row", b).isEqualTo(expected);
                    if (protocol == Protocol.ARROW) {
                        assertThat(batch.metadata()).containsEntry(NetworkReader.SEQ_ID, Long.toString(b));
                    }
                    expected += batch.rowCount();
                    b++;
                }
            }
            assertThat(b).isEqualTo(batches);
        }
        writing.get(60, TimeUnit.SECONDS);
    }

    /** The reference's Lightstream parallel framing: each connection starts with its index byte, frames dealt round robin. */
    @Test
    void parallelLightstreamWireFormat() throws Exception {
        int n = 3;
        try (ServerSocket server = new ServerSocket(0, n, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try (LightstreamWriter w = Lightstream.write("tcp://127.0.0.1:" + server.getLocalPort(), null,
                        WriteOptions.builder().protocol(Protocol.LIGHTSTREAM).registerMessage("m")
                                .transport(TransportOptions.builder().parallel(n).build()).build())) {
                    for (int k = 0; k < 7; k++) {
                        w.writeMessage("m", new byte[] {(byte) k});
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            List<byte[]> wires = new ArrayList<>();
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sockets.add(server.accept());
            }
            for (Socket s : sockets) {
                try (s; InputStream in = s.getInputStream()) {
                    wires.add(in.readAllBytes());
                }
            }
            writing.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                byte[] w = wires.get(i);
                assertThat(w[0]).as("connection index byte").isEqualTo((byte) i);
                DataInputStream frames = new DataInputStream(new java.io.ByteArrayInputStream(w, 1, w.length - 1));
                int k = i;
                while (frames.available() > 0) {
                    assertThat(frames.readUnsignedByte()).as("tag").isZero();
                    int len = Integer.reverseBytes(frames.readInt());
                    assertThat(len).isEqualTo(1);
                    assertThat(frames.readByte()).as("frame dealt round robin").isEqualTo((byte) k);
                    k += n;
                }
                assertThat(k).isGreaterThanOrEqualTo(7);
            }
        }
    }

    @Test
    void parallelLightstreamNeedsRegistrations() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 2; i++) {
                        server.accept().close();
                    }
                } catch (Exception ignored) {
                    // closed by the test
                }
            });
            assertThatThrownBy(() -> Lightstream.write("tcp://127.0.0.1:" + server.getLocalPort(), null,
                    WriteOptions.builder().protocol(Protocol.LIGHTSTREAM)
                            .transport(TransportOptions.builder().parallel(2).build()).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registered");
        }
    }

    /** Both sides send and receive typed messages and tables on one connection, over TCP and QUIC. */
    @ParameterizedTest
    @MethodSource("connectionSchemes")
    void bidirectionalLightstreamConnection(String scheme) throws Exception {
        String uri = scheme.equals("quic") ? "quic://localhost:" + TransportContractITCase.freeUdpPort()
                : scheme + "://localhost:" + TransportContractITCase.freeTcpPort() + (scheme.startsWith("http")
                        || scheme.startsWith("ws") ? "/c" : "");
        TransportOptions.Builder acceptor = TransportOptions.builder().accept(true).acceptTimeout(Duration.ofSeconds(30));
        TransportOptions.Builder connector = TransportOptions.builder().connectTimeout(Duration.ofMillis(500))
                .connectRetries(40).retryBackoff(Duration.ofMillis(50));
        if (scheme.equals("quic") || scheme.equals("https") || scheme.equals("wss")) {
            certs.server(acceptor);
            certs.client(connector);
        }
        CompletableFuture<List<String>> server = CompletableFuture.supplyAsync(() -> {
            try (LightstreamConnection c = LightstreamConnection.builder(uri).registerMessage("event")
                    .registerTable("metrics", SCHEMA).transport(acceptor.build()).allocator(allocator).open();
                    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                List<String> got = new ArrayList<>();
                Item item;
                while ((item = c.receive()) != null) {
                    got.add(describe(item));
                    if (item instanceof Batch b) {
                        fill(root, ((BigIntVector) b.root().getVector(0)).get(0) * 10, 2);
                        b.close();
                        c.sendTable("metrics", root, null);
                    } else {
                        c.sendMessage("event", ("re:" + new String(((Message) item).payload(), StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
                return got;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        List<String> replies = new ArrayList<>();
        try (LightstreamConnection c = LightstreamConnection.builder(uri).registerMessage("event")
                .registerTable("metrics", SCHEMA).transport(connector.build()).allocator(allocator).open();
                VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            for (int i = 1; i <= 3; i++) {
                c.sendMessage("event", ("hello" + i).getBytes(StandardCharsets.UTF_8));
                replies.add(describe(c.receive()));
                fill(root, i, 3);
                c.sendTable("metrics", root, null);
                Item reply = c.receive();
                replies.add(describe(reply));
                ((Batch) reply).close();
            }
            c.finishSending();
            assertThat(c.receive()).as("the peer finished after us").isNull();
        }
        assertThat(server.get(30, TimeUnit.SECONDS)).containsExactly("event:hello1", "metrics:1+3", "event:hello2",
                "metrics:2+3", "event:hello3", "metrics:3+3");
        assertThat(replies).containsExactly("event:re:hello1", "metrics:10+2", "event:re:hello2", "metrics:20+2",
                "event:re:hello3", "metrics:30+2");
    }

    static Stream<String> connectionSchemes() {
        return Stream.of("tcp", "ws", "https", "quic");
    }

    private static String describe(Item item) {
        if (item instanceof Message m) {
            return m.name() + ":" + new String(m.payload(), StandardCharsets.UTF_8);
        }
        Batch b = (Batch) item;
        return b.name() + ":" + ((BigIntVector) b.root().getVector(0)).get(0) + "+" + b.rowCount();
    }

    @Test
    void registrationsAreCheckedBeforeConnecting() {
        LightstreamConnection.Builder b = LightstreamConnection.builder("tcp://127.0.0.1:1");
        for (int i = 0; i < 257; i++) {
            b.registerMessage("m" + i);
        }
        assertThatThrownBy(b::open).isInstanceOf(ProtocolException.class).hasMessageContaining("256");
    }

    /** One listener, three peers in turn, each served a whole stream. */
    @ParameterizedTest
    @MethodSource("connectionSchemes")
    void listenerServesSuccessivePeers(String scheme) throws Exception {
        boolean tls = scheme.equals("quic") || scheme.equals("https") || scheme.equals("wss");
        TransportOptions.Builder server = TransportOptions.builder().acceptTimeout(Duration.ofSeconds(30));
        TransportOptions.Builder client = TransportOptions.builder();
        if (tls) {
            certs.server(server);
            certs.client(client);
        }
        String path = scheme.equals("tcp") || scheme.equals("quic") ? "" : "/s";
        try (TransportListener listener = TransportListener.sending(scheme + "://localhost:0" + path, server.build())) {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                    for (int peer = 0; peer < 3; peer++) {
                        try (LightstreamWriter w = listener.acceptWriter(SCHEMA, WriteOptions.DEFAULT)) {
                            fill(root, peer * 100L, 5);
                            w.write(root);
                        }
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            for (int peer = 0; peer < 3; peer++) {
                try (LightstreamReader r = Lightstream.read(scheme + "://localhost:" + listener.port() + path,
                        ReadOptions.builder().allocator(allocator).transport(client.build()).build());
                        Batch b = r.readBatch()) {
                    assertThat(((BigIntVector) b.root().getVector(0)).get(0)).isEqualTo(peer * 100L);
                    assertThat(r.readBatch()).isNull();
                }
            }
            serving.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void staleUnixSocketFileIsReplacedButALiveOneIsNot() throws Exception {
        Path sock = dir.resolve("stale.sock");
        try (java.nio.channels.ServerSocketChannel old = java.nio.channels.ServerSocketChannel
                .open(java.net.StandardProtocolFamily.UNIX)) {
            old.bind(java.net.UnixDomainSocketAddress.of(sock));
            assertThatThrownBy(() -> TransportListener.receiving("uds://" + sock, TransportOptions.DEFAULT))
                    .isInstanceOf(io.lightstream.TransportException.class).hasMessageContaining("another process");
        }
        assertThat(Files.exists(sock)).as("left behind by a closed listener").isTrue();
        try (TransportListener l = TransportListener.receiving("uds://" + sock, TransportOptions.DEFAULT)) {
            assertThat(Files.exists(sock)).isTrue();
        }
        assertThat(Files.exists(sock)).as("removed on close").isFalse();
    }

    @Test
    void webTransportIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Lightstream.read("wt://localhost:4433/x", ReadOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("WebTransport");
    }
}
