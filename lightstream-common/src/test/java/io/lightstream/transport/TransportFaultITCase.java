package io.lightstream.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.TransportException;
import io.lightstream.WriteOptions;
import io.lightstream.transport.internal.EventLoops;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a transport can fail gives a typed error naming the transport, the address and the
 * cause, and leaves nothing behind: no Arrow memory (the allocator closes cleanly), no event-loop
 * reference and no event-loop thread.
 */
class TransportFaultITCase {
    static final Schema SCHEMA = new Schema(List.of(Field.notNullable("id", new ArrowType.Int(64, true))));

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static byte[] validStream;
    BufferAllocator allocator;

    @BeforeAll
    static void setUpAll() throws Exception {
        certs = TestCertificates.create(dir);
        Path file = dir.resolve("valid.arrows");
        try (RootAllocator a = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, a);
                LightstreamWriter w = Lightstream.write(file.toString(), SCHEMA, WriteOptions.DEFAULT)) {
            for (int b = 0; b < 3; b++) {
                fillIds(root, b * 1000L, 1000);
                w.write(root);
            }
        }
        validStream = Files.readAllBytes(file);
    }

    static void fillIds(VectorSchemaRoot root, long first, int n) {
        org.apache.arrow.vector.BigIntVector id = (org.apache.arrow.vector.BigIntVector) root.getVector(0);
        id.allocateNew(n);
        for (int i = 0; i < n; i++) {
            id.set(i, first + i);
        }
        root.setRowCount(n);
    }

    @AfterAll
    static void noEventLoopThreadLeft() throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && liveIoThreads() > 0) {
            Thread.sleep(50);
        }
        assertThat(liveIoThreads()).as("event-loop threads still alive").isZero();
    }

    static long liveIoThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("lightstream-io")).count();
    }

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        allocator.close();
        assertThat(EventLoops.activeReferences()).as("event-loop references released").isZero();
    }

    private ReadOptions.Builder read(TransportOptions.Builder t) {
        return ReadOptions.builder().allocator(allocator).transport(t.build());
    }

    private static TransportOptions.Builder quickConnect() {
        return TransportOptions.builder().connectTimeout(Duration.ofSeconds(2)).connectRetries(2)
                .retryBackoff(Duration.ofMillis(10));
    }

    /** Serves one connection with {@code body}, in the background; returns the port. */
    private static int serveOnce(ServerSocket server, SocketBody body) {
        CompletableFuture.runAsync(() -> {
            try (server; Socket s = server.accept()) {
                body.run(s);
            } catch (Exception ignored) {
                // the test asserts on the other side
            }
        });
        return server.getLocalPort();
    }

    interface SocketBody {
        void run(Socket s) throws Exception;
    }

    private static ServerSocket server() throws Exception {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @Test
    void connectionRefusedAfterBoundedRetries() throws Exception {
        int port = TransportContractITCase.freeTcpPort();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Lightstream.read("tcp://127.0.0.1:" + port, read(quickConnect()).build()))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("tcp 127.0.0.1:" + port)
                .hasMessageContaining("connection refused")
                .hasMessageContaining("3 attempts")
                .satisfies(e -> assertThat(((TransportException) e).transport()).isEqualTo("tcp"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void missingUnixSocket() {
        Path sock = dir.resolve("nobody.sock");
        assertThatThrownBy(() -> Lightstream.read("uds://" + sock, read(quickConnect()).build()))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("uds " + sock)
                .hasMessageContaining("cannot connect");
    }

    @Test
    void peerClosesInTheMiddleOfAFrame() throws Exception {
        int port = serveOnce(server(), s -> {
            s.getOutputStream().write(validStream, 0, validStream.length / 2);
            s.getOutputStream().flush();
        });
        try (LightstreamReader r = Lightstream.read("tcp://127.0.0.1:" + port, read(quickConnect()).build())) {
            assertThatThrownBy(() -> drain(r))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("tcp 127.0.0.1:" + port)
                    .hasMessageContaining("in the middle of a frame")
                    .hasCauseInstanceOf(FormatException.class);
        }
    }

    @Test
    void peerResetsTheConnection() throws Exception {
        int port = serveOnce(server(), s -> {
            s.getOutputStream().write(validStream, 0, 200);
            s.getOutputStream().flush();
            Thread.sleep(200);
            s.setSoLinger(true, 0);
        });
        try (LightstreamReader r = Lightstream.read("tcp://127.0.0.1:" + port, read(quickConnect()).build())) {
            assertThatThrownBy(() -> drain(r))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("tcp 127.0.0.1:" + port)
                    .hasMessageContaining("reset by peer");
        }
    }

    @Test
    void halfOpenPeerHitsTheReadTimeout() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        int port = serveOnce(server(), s -> {
            s.getOutputStream().write(validStream, 0, 100);
            s.getOutputStream().flush();
            release.get(30, TimeUnit.SECONDS);
        });
        try (LightstreamReader r = Lightstream.read("tcp://127.0.0.1:" + port,
                read(quickConnect().readTimeout(Duration.ofMillis(300))).build())) {
            assertThatThrownBy(() -> drain(r))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("tcp 127.0.0.1:" + port)
                    .hasMessageContaining("read timeout");
        } finally {
            release.complete(null);
        }
    }

    @Test
    void garbageBytesAreAFormatError() throws Exception {
        int port = serveOnce(server(), s -> {
            s.getOutputStream().write("HTTP/1.1 200 OK\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            Thread.sleep(500);
        });
        try (LightstreamReader r = Lightstream.read("tcp://127.0.0.1:" + port, read(quickConnect()).build())) {
            assertThatThrownBy(() -> drain(r)).isInstanceOf(FormatException.class);
        }
    }

    @Test
    void untrustedServerCertificate() throws Exception {
        int port = TransportContractITCase.freeTcpPort();
        CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
            try (LightstreamWriter w = Lightstream.write("tcp://127.0.0.1:" + port, SCHEMA, WriteOptions.builder()
                    .transport(certs.server(TransportOptions.builder().accept(true).tls(true)
                            .acceptTimeout(Duration.ofSeconds(3))).build()).build())) {
                throw new AssertionError("no client should have completed the handshake");
            } catch (java.io.IOException expected) {
                // the accept times out: the only client was rejected
            }
        });
        TransportOptions.Builder client = quickConnect().connectRetries(20).retryBackoff(Duration.ofMillis(50))
                .tls(true).tlsCa(certs.otherCaPem);
        assertThatThrownBy(() -> Lightstream.read("tcp://localhost:" + port, read(client).build()))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("tcp localhost:" + port)
                .hasMessageContaining("TLS handshake failed");
        server.get(10, TimeUnit.SECONDS);
    }

    @Test
    void tlsClientAgainstAPlainServer() throws Exception {
        int port = serveOnce(server(), s -> {
            s.getOutputStream().write(validStream);
            s.getOutputStream().flush();
            Thread.sleep(500);
        });
        TransportOptions.Builder client = quickConnect().tls(true).tlsCa(certs.caPem);
        assertThatThrownBy(() -> Lightstream.read("tcp://localhost:" + port, read(client).build()))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("tcp localhost:" + port)
                .hasMessageContaining("TLS");
    }

    @Test
    void mutualTlsRejectsAClientWithoutCertificate() throws Exception {
        int port = TransportContractITCase.freeTcpPort();
        CompletableFuture<Throwable> server = CompletableFuture.supplyAsync(() -> {
            try (LightstreamWriter w = Lightstream.write("tcp://127.0.0.1:" + port, SCHEMA, WriteOptions.builder()
                    .transport(certs.server(TransportOptions.builder().accept(true).tls(true).tlsClientAuth(true)
                            .tlsCa(certs.caPem).acceptTimeout(Duration.ofSeconds(3))).build()).build())) {
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        TransportOptions.Builder client = quickConnect().connectRetries(20).retryBackoff(Duration.ofMillis(50))
                .tls(true).tlsCa(certs.caPem);
        try (LightstreamReader r = Lightstream.read("tcp://localhost:" + port, read(client).build())) {
            // TLS 1.3: the client learns of the rejection with its first read
            assertThatThrownBy(() -> drain(r)).isInstanceOf(TransportException.class)
                    .hasMessageContaining("tcp localhost:" + port);
        } catch (TransportException e) {
            assertThat(e).hasMessageContaining("tcp localhost:" + port);
        }
        assertThat(server.get(10, TimeUnit.SECONDS)).as("server side error").isInstanceOf(TransportException.class)
                .hasMessageContaining("last rejected connection");
    }

    @Test
    void mutualTlsAcceptsAClientCertificate() throws Exception {
        int port = TransportContractITCase.freeTcpPort();
        CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
                    LightstreamWriter w = Lightstream.write("tcp://127.0.0.1:" + port, SCHEMA, WriteOptions.builder()
                            .transport(certs.server(TransportOptions.builder().accept(true).tls(true).tlsClientAuth(true)
                                    .tlsCa(certs.caPem).acceptTimeout(Duration.ofSeconds(10))).build()).build())) {
                fillIds(root, 7, 3);
                w.write(root);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        TransportOptions.Builder client = quickConnect().connectRetries(20).retryBackoff(Duration.ofMillis(50))
                .tls(true).tlsCa(certs.caPem).tlsCert(certs.clientCert).tlsKey(certs.clientKey);
        try (LightstreamReader r = Lightstream.read("tcp://localhost:" + port, read(client).build());
                Batch b = r.readBatch()) {
            assertThat(b.rowCount()).isEqualTo(3);
            assertThat(r.readBatch()).isNull();
        }
        server.get(10, TimeUnit.SECONDS);
    }

    @Test
    void http2ClientAgainstAnHttp1Server() throws Exception {
        int port = serveOnce(server(), s -> {
            s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            Thread.sleep(500);
        });
        assertThatThrownBy(() -> Lightstream.read("http://127.0.0.1:" + port + "/x", read(quickConnect()).build()))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("http 127.0.0.1:" + port)
                .hasMessageContaining("HTTP/1");
    }

    @Test
    void http1ClientOnAnHttp2Port() throws Exception {
        int port = TransportContractITCase.freeTcpPort();
        CompletableFuture<Exception> accepting = CompletableFuture.supplyAsync(() -> {
            try (LightstreamReader r = Lightstream.read("http://127.0.0.1:" + port + "/x", read(TransportOptions.builder()
                    .accept(true).acceptTimeout(Duration.ofSeconds(3))).build())) {
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        String answer = null;
        for (int i = 0; i < 50 && answer == null; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getOutputStream().write("GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (java.net.ConnectException notYet) {
                Thread.sleep(50);
            }
        }
        assertThat(accepting.get(10, TimeUnit.SECONDS)).isInstanceOf(TransportException.class)
                .hasMessageContaining("http 127.0.0.1:" + port)
                .hasMessageContaining("HTTP/1.x request");
        assertThat(answer).as("the HTTP/1 client gets no HTTP/1 answer").doesNotStartWith("HTTP/1.1 200");
    }

    @Test
    void webSocketTextFrameIsAProtocolError() throws Exception {
        int port = serveOnce(server(), s -> {
            String request = readHttpHead(s.getInputStream());
            String key = request.lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {(byte) 0x81, 2, 'h', 'i'});
            out.flush();
            s.getInputStream().readAllBytes();
        });
        try (LightstreamReader r = Lightstream.read("ws://127.0.0.1:" + port + "/x", read(quickConnect()).build())) {
            assertThatThrownBy(() -> drain(r))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("ws 127.0.0.1:" + port)
                    .hasMessageContaining("text frame");
        }
    }

    @Test
    void webSocketUpgradeRefused() throws Exception {
        int port = serveOnce(server(), s -> {
            readHttpHead(s.getInputStream());
            s.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            Thread.sleep(300);
        });
        assertThatThrownBy(() -> Lightstream.read("ws://127.0.0.1:" + port + "/x", read(quickConnect()).build()))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("ws 127.0.0.1:" + port)
                .hasMessageContaining("404");
    }

    @Test
    void readerGoneWhileWriting() throws Exception {
        int port = serveOnce(server(), s -> {
            s.getInputStream().readNBytes(1000);
            s.setSoLinger(true, 0);
        });
        LightstreamWriter w = Lightstream.write("tcp://127.0.0.1:" + port, SCHEMA,
                WriteOptions.builder().transport(quickConnect().build()).build());
        try (w; VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            fillIds(root, 0, 1 << 20);
            List<Integer> held = root.getVector(0).getFieldBuffers().stream()
                    .map(b -> b.getReferenceManager().getRefCount()).toList();
            java.io.IOException failure = null;
            for (int i = 0; i < 200 && failure == null; i++) {
                try {
                    w.write(root);
                } catch (java.io.IOException e) {
                    failure = e;
                }
            }
            assertThat(failure).isInstanceOf(TransportException.class).hasMessageContaining("tcp 127.0.0.1:" + port);
            // the batch's buffers are sent without a copy; once the write has thrown, only the root
            // holds them again, so the caller may free them (and close their allocator) at once
            assertThat(root.getVector(0).getFieldBuffers().stream().map(b -> b.getReferenceManager().getRefCount())
                    .toList()).isEqualTo(held);
        } catch (TransportException closingTheBrokenWriter) {
            // closing reports the broken connection once more
        }
    }

    @Test
    void quicAgainstNobodyFailsWithinTheTimeout() throws Exception {
        int port = TransportContractITCase.freeUdpPort();
        TransportOptions.Builder client = TransportOptions.builder().connectTimeout(Duration.ofMillis(300)).connectRetries(1)
                .retryBackoff(Duration.ofMillis(10)).tlsCa(certs.caPem);
        assertThatThrownBy(() -> Lightstream.read("quic://localhost:" + port, read(client).build()))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("quic localhost:" + port)
                .hasMessageContaining("cannot connect");
    }

    @Test
    void quicWithAnUntrustedCertificate() throws Exception {
        int port = TransportContractITCase.freeUdpPort();
        CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
            try (LightstreamWriter w = Lightstream.write("quic://localhost:" + port, SCHEMA, WriteOptions.builder()
                    .transport(certs.server(TransportOptions.builder().accept(true)
                            .acceptTimeout(Duration.ofSeconds(3))).build()).build())) {
                throw new AssertionError("no client should have connected");
            } catch (java.io.IOException expected) {
                // accept timed out
            }
        });
        TransportOptions.Builder client = TransportOptions.builder().connectTimeout(Duration.ofMillis(500))
                .connectRetries(4).retryBackoff(Duration.ofMillis(50)).tlsCa(certs.otherCaPem);
        assertThatThrownBy(() -> Lightstream.read("quic://localhost:" + port, read(client).build()))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("quic localhost:" + port);
        server.get(10, TimeUnit.SECONDS);
    }

    private static String readHttpHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static void drain(LightstreamReader r) throws Exception {
        Batch b;
        while ((b = r.readBatch()) != null) {
            b.close();
        }
    }
}
