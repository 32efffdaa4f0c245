package io.lightstream.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.io.PipeStreams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A foreign peer: Node.js with the {@code apache-arrow} npm package (exact version pinned by the lock
 * file in {@code src/test/resources/node-peer}, installed with {@code npm ci} into this test's own
 * folder) writes and reads Arrow IPC streams against our reader and writer, over TCP and stdio.
 *
 * <p>Both sides fill batch {@code b} the same way (1000 rows: id = b*1000+i, score = id/4, name =
 * "n"+id, null every 7th row) and compare sums, so every value crosses the boundary once.
 */
class NodePeerITCase {
    static final int BATCHES = 5;
    static final int ROWS = 1000;
    static final Schema SCHEMA = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("name", ArrowType.Utf8.INSTANCE)));

    @TempDir
    static Path peerDir;
    BufferAllocator allocator;

    @BeforeAll
    static void installPeer() throws Exception {
        for (String f : List.of("package.json", "package-lock.json", "peer.mjs")) {
            try (InputStream in = NodePeerITCase.class.getResourceAsStream("/node-peer/" + f)) {
                Files.copy(in, peerDir.resolve(f));
            }
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(peerDir.toFile()).redirectErrorStream(true).start();
        String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
        assertThat(npm.exitValue()).as("npm ci: " + log).isZero();
    }

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        allocator.close();
    }

    private static Process node(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("node", "peer.mjs"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(peerDir.toFile()).start();
    }

    /** What the peer prints for BATCHES batches. */
    static String expectedSummary() {
        long rows = (long) BATCHES * ROWS;
        long idSum = rows * (rows - 1) / 2;
        long nulls = (long) BATCHES * (ROWS / 7);
        long last = rows - 1;
        while (last % ROWS % 7 == 6) {
            last--;
        }
        return "{\"batches\":" + BATCHES + ",\"rows\":" + rows + ",\"idSum\":\"" + idSum + "\",\"scoreSum\":"
                + (idSum % 4 == 0 ? Long.toString(idSum / 4) : Double.toString(idSum / 4.0)) + ",\"nulls\":" + nulls
                + ",\"lastName\":\"n" + last + "\"}";
    }

    private void writeBatches(LightstreamWriter w) throws IOException {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            for (int b = 0; b < BATCHES; b++) {
                BigIntVector id = (BigIntVector) root.getVector("id");
                Float8Vector score = (Float8Vector) root.getVector("score");
                VarCharVector name = (VarCharVector) root.getVector("name");
                root.allocateNew();
                for (int i = 0; i < ROWS; i++) {
                    long v = (long) b * ROWS + i;
                    id.setSafe(i, v);
                    score.setSafe(i, v / 4.0);
                    if (i % 7 == 6) {
                        name.setNull(i);
                    } else {
                        name.setSafe(i, ("n" + v).getBytes(StandardCharsets.UTF_8));
                    }
                }
                root.setRowCount(ROWS);
                w.write(root);
            }
        }
    }

    private static void checkBatches(LightstreamReader r) throws IOException {
        int b = 0;
        Batch next;
        while ((next = r.readBatch()) != null) {
            try (Batch batch = next) {
                assertThat(batch.rowCount()).isEqualTo(ROWS);
                BigIntVector id = (BigIntVector) batch.root().getVector("id");
                Float8Vector score = (Float8Vector) batch.root().getVector("score");
                VarCharVector name = (VarCharVector) batch.root().getVector("name");
                for (int i = 0; i < ROWS; i++) {
                    long v = (long) b * ROWS + i;
                    assertThat(id.get(i)).isEqualTo(v);
                    assertThat(score.get(i)).isEqualTo(v / 4.0);
                    if (i % 7 == 6) {
                        assertThat(name.isNull(i)).isTrue();
                    } else {
                        assertThat(new String(name.get(i), StandardCharsets.UTF_8)).isEqualTo("n" + v);
                    }
                }
                b++;
            }
        }
        assertThat(b).isEqualTo(BATCHES);
    }

    @Test
    void javaReadsNodeOverTcp() throws Exception {
        try (TransportListener listener = TransportListener.receiving("tcp://127.0.0.1:0",
                TransportOptions.builder().acceptTimeout(Duration.ofSeconds(60)).build())) {
            Process peer = node("write-tcp", "127.0.0.1", Integer.toString(listener.port()), Integer.toString(BATCHES));
            try (LightstreamReader r = listener.acceptReader(ReadOptions.builder().allocator(allocator).build())) {
                checkBatches(r);
            }
            assertExit(peer);
        }
    }

    @Test
    void nodeReadsJavaOverTcp() throws Exception {
        int port = TransportContractITCase.freeTcpPort();
        Process peer = node("read-tcp", Integer.toString(port));
        BufferedReader out = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("listening");
        try (LightstreamWriter w = Lightstream.write("tcp://127.0.0.1:" + port, SCHEMA, WriteOptions.DEFAULT)) {
            writeBatches(w);
        }
        assertThat(out.readLine()).isEqualTo(expectedSummary());
        assertExit(peer);
    }

    @Test
    void javaReadsNodeOverStdio() throws Exception {
        Process peer = node("write-stdout", Integer.toString(BATCHES));
        try (LightstreamReader r = PipeStreams.openReader(peer.getInputStream(), "node",
                ReadOptions.builder().allocator(allocator).build())) {
            checkBatches(r);
        }
        assertExit(peer);
    }

    @Test
    void nodeReadsJavaOverStdio() throws Exception {
        Process peer = node("read-stdin");
        try (LightstreamWriter w = PipeStreams.openWriter(peer.getOutputStream(), "node", SCHEMA, WriteOptions.DEFAULT)) {
            writeBatches(w);
        }
        String summary = new String(peer.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(summary).isEqualTo(expectedSummary());
        assertExit(peer);
    }

    private static void assertExit(Process p) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("node peer finished").isTrue();
        if (p.exitValue() != 0) {
            throw new AssertionError("node peer failed: " + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
