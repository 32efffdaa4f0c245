package io.lightstream.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightstream.Batch;
import io.lightstream.Endpoint;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.Message;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.testkit.BatchAssertions;
import io.lightstream.testkit.TypeFixtures;
import io.lightstream.transport.internal.EventLoops;
import java.net.DatagramSocket;
import java.net.ServerSocket;
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
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every network transport keeps, through the public entry points {@link
 * Lightstream#read} and {@link Lightstream#write}: for both protocols, and with either the writer or
 * the reader accepting, a stream arrives whole and in order with its schema, every Arrow type,
 * dictionaries, empty batches, messages (Lightstream protocol), many small batches and a batch
 * larger than 64 MiB, and ends cleanly on both sides. Subclasses name the transport.
 */
public abstract class TransportContractITCase {
    private static final Schema SIMPLE = new Schema(List.of(
            Field.notNullable("id", new ArrowType.Int(64, true)), Field.nullable("s", ArrowType.Utf8.INSTANCE)));
    private static final int SMALL_BATCHES = 1000;
    /** 9 Mi rows of int64 and a short string: a body of about 110 MiB. */
    private static final int LARGE_ROWS = 9 << 20;

    static Path dir;
    static TestCertificates certs;
    BufferAllocator allocator;

    /** The scheme under test: tcp, uds, ws, wss, http, https or quic. */
    protected abstract String scheme();

    /** Plain TCP inside TLS (only the tcp subclass for TLS says so). */
    protected boolean tcpTls() {
        return false;
    }

    @BeforeAll
    static void pki() throws Exception {
        dir = Files.createTempDirectory("lightstream-transport");
        certs = TestCertificates.create(dir);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        allocator.close();
        assertThat(EventLoops.activeReferences()).as("every event-loop reference released").isZero();
    }

    static Stream<Arguments> combinations() {
        List<Arguments> out = new ArrayList<>();
        for (Protocol p : Protocol.values()) {
            for (boolean writerAccepts : new boolean[] {false, true}) {
                out.add(Arguments.of(p, writerAccepts));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} writerAccepts={1}")
    @MethodSource("combinations")
    void everyTypeWithDictionariesEmptyBatchesAndMessages(Protocol protocol, boolean writerAccepts) throws Exception {
        Schema schema = TypeFixtures.schema(true);
        try (TypeFixtures fixtures = new TypeFixtures(allocator);
                VectorSchemaRoot expected = VectorSchemaRoot.create(schema, allocator)) {
            int[] rows = {50, 0, 7};
            transfer(protocol, writerAccepts, schema, writer -> {
                try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
                    for (int i = 0; i < rows.length; i++) {
                        fixtures.fill(root, rows[i]);
                        if (protocol == Protocol.LIGHTSTREAM) {
                            writer.writeMessage("note", ("before batch " + i).getBytes(StandardCharsets.UTF_8));
                            writer.write("t", root, fixtures.dictionaries());
                        } else {
                            writer.write(root, fixtures.dictionaries());
                        }
                    }
                    if (protocol == Protocol.LIGHTSTREAM) {
                        writer.writeMessage("note", new byte[0]);
                    }
                }
            }, reader -> {
                if (protocol == Protocol.ARROW) {
                    assertThat(reader.schema()).as("schema before the first batch").isNotNull();
                    assertThat(reader.schema().getFields()).hasSameSizeAs(schema.getFields());
                    for (int i = 0; i < schema.getFields().size(); i++) {
                        BatchAssertions.assertSameField(schema.getFields().get(i), reader.schema().getFields().get(i));
                    }
                    assertThat(reader.schema().getCustomMetadata()).isEqualTo(schema.getCustomMetadata());
                }
                for (int i = 0; i < rows.length; i++) {
                    if (protocol == Protocol.LIGHTSTREAM) {
                        Message m = (Message) reader.read();
                        assertThat(m.name()).isEqualTo("note");
                        assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("before batch " + i);
                    }
                    try (Batch b = (Batch) reader.read()) {
                        fixtures.fill(expected, rows[i]);
                        BatchAssertions.assertSameData(schema, expected, fixtures.dictionaries(), b.root(), b.dictionaries());
                        if (protocol == Protocol.LIGHTSTREAM) {
                            assertThat(b.name()).isEqualTo("t");
                        }
                    }
                }
                if (protocol == Protocol.LIGHTSTREAM) {
                    assertThat(((Message) reader.read()).payload()).isEmpty();
                }
                assertThat(reader.read()).as("clean end of stream").isNull();
            });
        }
    }

    @ParameterizedTest(name = "{0} writerAccepts={1}")
    @MethodSource("combinations")
    void manySmallBatchesThenOneLargerThan64MiB(Protocol protocol, boolean writerAccepts) throws Exception {
        transfer(protocol, writerAccepts, SIMPLE, writer -> {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(SIMPLE, allocator)) {
                for (int b = 0; b < SMALL_BATCHES; b++) {
                    fillSimple(root, b * 10L, 10);
                    write(writer, protocol, root);
                }
                fillSimple(root, 0, LARGE_ROWS);
                write(writer, protocol, root);
            }
        }, reader -> {
            for (int b = 0; b < SMALL_BATCHES; b++) {
                try (Batch batch = reader.readBatch()) {
                    assertThat(batch.rowCount()).isEqualTo(10);
                    BigIntVector id = (BigIntVector) batch.root().getVector("id");
                    assertThat(id.get(0)).as("batch order").isEqualTo(b * 10L);
                    assertThat(id.get(9)).isEqualTo(b * 10L + 9);
                    assertThat(batch.root().getVector("s").isNull(3)).isTrue();
                    assertThat(new String(((VarCharVector) batch.root().getVector("s")).get(4), StandardCharsets.UTF_8))
                            .isEqualTo(label(b * 10L + 4));
                }
            }
            try (Batch big = reader.readBatch()) {
                assertThat(big.rowCount()).isEqualTo(LARGE_ROWS);
                assertThat(big.encodedBytes()).as("encoded size").isGreaterThan(64L << 20);
                BigIntVector id = (BigIntVector) big.root().getVector("id");
                long sum = 0;
                for (int i = 0; i < LARGE_ROWS; i++) {
                    sum += id.get(i);
                }
                assertThat(sum).isEqualTo((long) LARGE_ROWS * (LARGE_ROWS - 1) / 2);
                VarCharVector s = (VarCharVector) big.root().getVector("s");
                assertThat(new String(s.get(LARGE_ROWS - 2), StandardCharsets.UTF_8)).isEqualTo(label(LARGE_ROWS - 2));
                assertThat(s.isNull(LARGE_ROWS - 1)).isTrue();
            }
            assertThat(reader.read()).as("clean end of stream").isNull();
        });
    }

    private static void write(LightstreamWriter writer, Protocol protocol, VectorSchemaRoot root) throws Exception {
        if (protocol == Protocol.LIGHTSTREAM) {
            writer.write("t", root, null);
        } else {
            writer.write(root);
        }
    }

    private static final byte[][] LABELS = new byte[1000][];

    static {
        for (int i = 0; i < LABELS.length; i++) {
            LABELS[i] = ("s" + i).getBytes(StandardCharsets.UTF_8);
        }
    }

    static String label(long v) {
        return "s" + (v % 1000);
    }

    /** Rows {@code first..first+n-1}: id = row number, s = "s"+(id mod 1000), null every 4th row from the 4th. */
    static void fillSimple(VectorSchemaRoot root, long first, int n) {
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector s = (VarCharVector) root.getVector("s");
        root.clear();
        id.allocateNew(n);
        s.allocateNew((long) n * 10, n);
        for (int i = 0; i < n; i++) {
            long v = first + i;
            id.set(i, v);
            if (i % 4 == 3) {
                s.setNull(i);
            } else {
                s.setSafe(i, LABELS[(int) (v % 1000)]);
            }
        }
        root.setRowCount(n);
    }

    interface WriterBody {
        void run(LightstreamWriter writer) throws Exception;
    }

    interface ReaderBody {
        void run(LightstreamReader reader) throws Exception;
    }

    /** Opens both sides through {@link Lightstream}, the accepting one first, and runs the bodies concurrently. */
    void transfer(Protocol protocol, boolean writerAccepts, Schema schema, WriterBody w, ReaderBody r) throws Exception {
        String uri = uri();
        boolean tls = tcpTls() || Endpoint.parse(uri).scheme().isTls();
        TransportOptions.Builder acceptor = TransportOptions.builder().accept(true).tls(tls)
                .acceptTimeout(Duration.ofSeconds(30));
        // short attempts: a QUIC Initial sent before the peer is bound is retransmitted only after a
        // second or more, a fresh attempt is quicker
        TransportOptions.Builder connector = TransportOptions.builder().tls(tls).connectTimeout(Duration.ofMillis(500))
                .connectRetries(40).retryBackoff(Duration.ofMillis(50));
        if (tls) {
            certs.server(acceptor);
            certs.client(connector);
        }
        TransportOptions writerTransport = (writerAccepts ? acceptor : connector).build();
        TransportOptions readerTransport = (writerAccepts ? connector : acceptor).readTimeout(Duration.ofSeconds(60))
                .build();
        WriteOptions.Builder wo = WriteOptions.builder().protocol(protocol).transport(writerTransport);
        ReadOptions.Builder ro = ReadOptions.builder().protocol(protocol).transport(readerTransport).allocator(allocator);
        if (protocol == Protocol.LIGHTSTREAM) {
            wo.registerMessage("note").registerTable("t", schema);
            ro.registerMessage("note").registerTable("t");
        }
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try (LightstreamWriter writer = Lightstream.write(uri, protocol == Protocol.ARROW ? schema : null, wo.build())) {
                w.run(writer);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try (LightstreamReader reader = Lightstream.read(uri, ro.build())) {
            r.run(reader);
        } catch (Throwable t) {
            try {
                writing.get(30, TimeUnit.SECONDS);
            } catch (Exception writerFailure) {
                t.addSuppressed(writerFailure);
            }
            throw t;
        }
        writing.get(60, TimeUnit.SECONDS);
    }

    /** A URI on a free port of this machine. */
    String uri() throws Exception {
        return switch (scheme()) {
            case "uds" -> "uds://" + dir.resolve("t" + System.nanoTime() + ".sock");
            case "quic" -> "quic://localhost:" + freeUdpPort();
            case "tcp" -> "tcp://localhost:" + freeTcpPort();
            default -> scheme() + "://localhost:" + freeTcpPort() + "/lightstream";
        };
    }

    static int freeTcpPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
