package io.lightstream.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightstream.Endpoint;
import io.lightstream.Item;
import io.lightstream.Message;
import io.lightstream.transport.TestCertificates;
import io.lightstream.transport.TransportOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every binding carries bytes exactly, in both directions of "who accepts", with and without TLS:
 * small gathered writes and large zero-copy Arrow buffer ranges, then a clean end of stream.
 */
class PipeTransportITCase {
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
        assertThat(EventLoops.activeReferences()).as("event loops released").isZero();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String scheme : List.of("tcp", "tcp+tls", "uds", "ws", "wss", "http", "https", "quic")) {
            for (boolean writerAccepts : new boolean[] {false, true}) {
                out.add(Arguments.of(scheme, writerAccepts));
            }
        }
        return out.stream().filter(a -> Bindings.serves(Endpoint.parse(uriOf((String) a.get()[0], 1)).scheme()));
    }

    static String uriOf(String scheme, int port) {
        return switch (scheme) {
            case "tcp", "tcp+tls" -> "tcp://127.0.0.1:" + port;
            case "uds" -> "uds://" + dir.resolve("p" + port + ".sock");
            case "ws", "wss", "http", "https" -> scheme + "://localhost:" + port + "/data";
            default -> scheme + "://localhost:" + port;
        };
    }

    @ParameterizedTest(name = "{0} writerAccepts={1}")
    @MethodSource("cases")
    void bytesArriveExactly(String scheme, boolean writerAccepts) throws Exception {
        boolean tls = scheme.endsWith("+tls") || Endpoint.parse(uriOf(scheme, 1)).scheme().isTls();
        Endpoint bindAt = Endpoint.parse(uriOf(scheme, 0));
        TransportBinding binding = Bindings.of(bindAt.scheme());
        TransportOptions.Builder server = TransportOptions.builder().accept(true).tls(tls);
        TransportOptions.Builder client = TransportOptions.builder().tls(tls).connectTimeout(Duration.ofSeconds(5));
        if (tls) {
            certs.server(server);
            certs.client(client);
        }
        Role serverRole = writerAccepts ? Role.WRITE : Role.READ;
        Role clientRole = writerAccepts ? Role.READ : Role.WRITE;
        byte[] payload = new byte[12 << 20];
        new Random(42).nextBytes(payload);

        try (PipeListener listener = binding.bind(bindAt, server.build(), serverRole)) {
            Endpoint target = bindAt.scheme() == Endpoint.Scheme.UDS ? bindAt : Endpoint.parse(uriOf(scheme, listener.port()));
            CompletableFuture<Pipe> connected = CompletableFuture.supplyAsync(() -> {
                try {
                    return binding.connect(target, client.build(), clientRole, 1).get(0);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Callable<Pipe> acceptor = () -> listener.accept(Duration.ofSeconds(10));
            Callable<Pipe> connector = () -> connected.get(10, TimeUnit.SECONDS);
            // The writer runs in the background: a QUIC stream becomes visible to the acceptor only
            // with its first bytes, so the reader may still be waiting in accept when writing starts.
            Callable<Pipe> writerSide = writerAccepts ? acceptor : connector;
            Callable<Pipe> readerSide = writerAccepts ? connector : acceptor;
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    Pipe p = writerSide.call();
                    try {
                        write(p, payload);
                    } finally {
                        p.close();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] digest;
            try {
                Pipe r = readerSide.call();
                InboundStream in = new InboundStream(r, new RawChunkDecoder(payload.length), 4, Duration.ofSeconds(20),
                        true, 0).start();
                try {
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    Item item;
                    while ((item = in.take()) != null) {
                        md.update(((Message) item).payload());
                    }
                    digest = md.digest();
                } finally {
                    in.close();
                }
            } finally {
                writing.get(30, TimeUnit.SECONDS);
            }
            assertThat(digest).isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload));
        }
    }

    /** Small pieces are gathered, large Arrow ranges go zero-copy; then the end, and the peer's close. */
    private void write(Pipe pipe, byte[] payload) throws Exception {
        PipeByteSink sink = new PipeByteSink(pipe, Duration.ofSeconds(20), null).start();
        try (ArrowBuf big = allocator.buffer(payload.length)) {
            big.setBytes(0, payload);
            int pos = 0;
            for (int n : new int[] {7, 1, 100, 4096, 65535, 65536, 3 << 20}) {
                sink.write(ByteBuffer.wrap(payload, pos, n));
                pos += n;
            }
            sink.write(big, pos, 5 << 20);
            pos += 5 << 20;
            sink.write(big, pos, 1000);
            pos += 1000;
            sink.write(big, pos, payload.length - pos);
            sink.awaitSent();
        }
        pipe.endOutput();
        assertThat(sink.awaitPeerDone(Duration.ofSeconds(10))).as("the reader closed after the end").isTrue();
        sink.discard();
    }
}
