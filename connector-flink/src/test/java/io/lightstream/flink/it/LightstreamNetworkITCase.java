package io.lightstream.flink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Lightstream;
import io.lightstream.LightstreamWriter;
import io.lightstream.Protocol;
import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.arrow.writers.RowDataArrowWriter;
import io.lightstream.flink.sink.LightstreamRecordSerializer;
import io.lightstream.flink.sink.LightstreamSink;
import io.lightstream.flink.source.LightstreamSource;
import io.lightstream.flink.source.deserializer.LightstreamDeserializer;
import io.lightstream.flink.testutils.ArrowTestFiles;
import io.lightstream.flink.testutils.ReceivingPeer;
import io.lightstream.flink.testutils.ServingPeer;
import io.lightstream.flink.testutils.TlsFiles;
import io.lightstream.transport.TransportOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Jobs on a MiniCluster reading and writing {@code tcp://} endpoints served by in-process peers on
 * loopback: sources over both protocols at parallelism 2 with checkpointing, a source that accepts
 * its producers, sinks over both protocols, mutual TLS through SQL, and what happens when an
 * endpoint goes away: the sink retries a bounded number of times and then fails naming the
 * endpoint, the source fails naming the endpoint and the cause instead of ending with fewer rows.
 * Every successful run is checked by count and checksum of the rows the receiving peer got.
 */
class LightstreamNetworkITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
            .build());

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static TlsFiles tls;

    private final List<AutoCloseable> peers = new ArrayList<>();

    @BeforeAll
    static void generateTlsMaterial() throws Exception {
        tls = TlsFiles.create(shared);
    }

    @AfterEach
    void closePeers() throws Exception {
        for (AutoCloseable p : peers) {
            p.close();
        }
    }

    private <P extends AutoCloseable> P peer(P peer) {
        peers.add(peer);
        return peer;
    }

    /** A job environment that fails at the first error instead of restarting. */
    private static StreamExecutionEnvironment env(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(100);
        return env;
    }

    private static LightstreamSource<RowData> source(ConnectionSettings settings, String... uris) {
        return LightstreamSource.<RowData>builder()
                .setUris(uris)
                .setConnectionSettings(settings)
                .setDeserializer(LightstreamDeserializer.rowData(Dataset.ROW_TYPE))
                .build();
    }

    private static LightstreamSink<RowData> sink(ConnectionSettings settings, String uri) {
        return LightstreamSink.<RowData>builder()
                .setUris(uri)
                .setConnectionSettings(settings)
                .setSerializer(LightstreamRecordSerializer.rowData(Dataset.ROW_TYPE))
                .setBatchMaxRows(400)
                .build();
    }

    private static void assertReceived(ReceivingPeer receiver, int streams, List<RowData> expected)
            throws InterruptedException {
        assertThat(receiver.awaitCompletedStreams(streams, Duration.ofSeconds(30)))
                .as("%d streams ended cleanly at %s; failures: %s", streams, receiver.uri(), receiver.failures())
                .isTrue();
        assertThat(receiver.failures()).isEmpty();
        List<RowData> got = receiver.rows();
        assertThat(got).hasSameSizeAs(expected);
        assertThat(Dataset.checksum(got)).isEqualTo(Dataset.checksum(expected));
    }

    /**
     * The sum of counter {@code name} over the subtasks of the operators whose name contains {@code
     * operator}. Looked up by operator group: a task named like its only operator has task and
     * operator metrics under the same identifier.
     */
    private static long counter(JobID job, String operator, String name) {
        return REPORTER.findOperatorMetricGroups(job, ".*" + Pattern.quote(operator) + ".*").stream()
                .map(g -> REPORTER.getMetricsByGroup(g).get(name))
                .filter(m -> m instanceof Counter)
                .mapToLong(m -> ((Counter) m).getCount())
                .sum();
    }

    @Test
    void readsTcpEndpointsOfBothProtocolsAndWritesATcpEndpoint() throws Exception {
        ConnectionSettings arrow = ConnectionSettings.builder().build();
        ConnectionSettings lightstream = ConnectionSettings.builder().protocol(Protocol.LIGHTSTREAM).table("events")
                .build();
        List<RowData> expected = new ArrayList<>();
        List<ServingPeer> arrowPeers = new ArrayList<>();
        List<ServingPeer> lightstreamPeers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<RowData> rows = Dataset.rows(i * 10_000L, 3_000);
            expected.addAll(rows);
            boolean arrowPeer = i < 2;
            ServingPeer p = peer(ServingPeer.start(Dataset.ROW_TYPE, rows, 250, TransportOptions.DEFAULT,
                    arrowPeer ? arrow : lightstream));
            (arrowPeer ? arrowPeers : lightstreamPeers).add(p);
        }
        ReceivingPeer receiver = peer(ReceivingPeer.start(Dataset.ROW_TYPE));

        StreamExecutionEnvironment env = env(2);
        DataStream<RowData> fromArrow = env.fromSource(source(arrow, arrowPeers.get(0).uri(), arrowPeers.get(1).uri()),
                WatermarkStrategy.noWatermarks(), "arrow-source");
        DataStream<RowData> fromLightstream = env.fromSource(
                source(lightstream, lightstreamPeers.get(0).uri(), lightstreamPeers.get(1).uri()),
                WatermarkStrategy.noWatermarks(), "lightstream-source");
        fromArrow.union(fromLightstream).sinkTo(sink(arrow, receiver.uri())).name("tcp-sink");
        JobID job = env.execute("tcp both protocols").getJobID();

        // Two sink subtasks, each its own connection and stream.
        assertReceived(receiver, 2, expected);
        for (ServingPeer p : arrowPeers) {
            assertThat(p.served()).isEqualTo(1);
        }
        for (ServingPeer p : lightstreamPeers) {
            assertThat(p.served()).isEqualTo(1);
        }
        assertThat(counter(job, "arrow-source", "numRecordsIn")).isEqualTo(expected.size() / 2);
        assertThat(counter(job, "lightstream-source", "numRecordsIn")).isEqualTo(expected.size() / 2);
        assertThat(counter(job, "arrow-source", "numBytesIn")).isPositive();
        assertThat(counter(job, "tcp-sink", "numRecordsSend")).isEqualTo(expected.size());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void acceptsProducersThatConnectAndWritesTheLightstreamProtocol() throws Exception {
        List<String> uris = List.of("tcp://127.0.0.1:" + freePort(), "tcp://127.0.0.1:" + freePort());
        List<RowData> expected = new ArrayList<>();
        List<Thread> producers = new ArrayList<>();
        List<Throwable> producerFailures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < uris.size(); i++) {
            List<RowData> rows = Dataset.rows(i * 10_000L, 2_500);
            expected.addAll(rows);
            String uri = uris.get(i);
            Thread producer = new Thread(() -> {
                // The source binds once its job is deployed: keep trying until then.
                ConnectionSettings connecting = ConnectionSettings.builder().connectRetries(10)
                        .retryBackoff(Duration.ofMillis(50)).build();
                try (BufferAllocator allocator = new RootAllocator();
                        RowDataArrowWriter writer = RowDataArrowWriter.create(Dataset.ROW_TYPE, allocator);
                        LightstreamWriter out = Lightstream.write(uri, writer.root().getSchema(),
                                connecting.writeOptions(uri, writer.root().getSchema()))) {
                    ArrowTestFiles.writeBatches(out, null, writer, rows, 300);
                } catch (IOException | RuntimeException e) {
                    producerFailures.add(e);
                }
            }, "producer " + uri);
            producer.start();
            producers.add(producer);
        }
        ConnectionSettings lightstream = ConnectionSettings.builder().protocol(Protocol.LIGHTSTREAM).table("out")
                .build();
        ReceivingPeer receiver = peer(ReceivingPeer.start(Dataset.ROW_TYPE, TransportOptions.DEFAULT, lightstream));

        StreamExecutionEnvironment env = env(2);
        env.fromSource(source(ConnectionSettings.builder().accept(true).acceptTimeout(Duration.ofSeconds(60)).build(),
                        uris.toArray(new String[0])), WatermarkStrategy.noWatermarks(), "accepting-source")
                .sinkTo(sink(lightstream, receiver.uri()));
        env.execute("accepting source");
        for (Thread t : producers) {
            t.join(30_000);
        }
        assertThat(producerFailures).isEmpty();
        assertReceived(receiver, 2, expected);
    }

    @Test
    void mutualTlsSourceAndTlsSinkThroughSql() throws Exception {
        List<RowData> rows = Dataset.rows(0, 2_000);
        ServingPeer server = peer(ServingPeer.start(Dataset.ROW_TYPE, rows, 300, TransportOptions.builder().tls(true)
                .tlsCert(tls.serverCert).tlsKey(tls.serverKey).tlsCa(tls.ca).tlsClientAuth(true).build(),
                ConnectionSettings.builder().build()));
        ReceivingPeer receiver = peer(ReceivingPeer.start(Dataset.ROW_TYPE, TransportOptions.builder().tls(true)
                .tlsCert(tls.serverCert).tlsKey(tls.serverKey).build(), ConnectionSettings.builder().build()));

        TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tableEnv.getConfig().set("execution.checkpointing.interval", "100ms");
        tableEnv.getConfig().set("restart-strategy.type", "none");
        String columns = "(id BIGINT NOT NULL, name STRING, ts TIMESTAMP_LTZ(6))";
        tableEnv.executeSql("CREATE TABLE src " + columns + " WITH ('connector' = 'lightstream', 'uri' = '"
                + server.uri() + "', 'tls.enabled' = 'true', 'tls.ca' = '" + tls.ca + "', 'tls.cert' = '"
                + tls.clientCert + "', 'tls.key' = '" + tls.clientKey + "')");
        tableEnv.executeSql("CREATE TABLE dst " + columns + " WITH ('connector' = 'lightstream', 'uri' = '"
                + receiver.uri() + "', 'tls.enabled' = 'true', 'tls.ca' = '" + tls.ca + "')");
        tableEnv.executeSql("INSERT INTO dst SELECT * FROM src").await();
        assertReceived(receiver, 1, rows);
        assertThat(server.served()).isEqualTo(1);

        // A client that trusts another CA refuses the server, and says so.
        tableEnv.executeSql("CREATE TABLE untrusted " + columns + " WITH ('connector' = 'lightstream', 'uri' = '"
                + server.uri() + "', 'tls.enabled' = 'true', 'tls.ca' = '" + tls.otherCa + "', 'tls.cert' = '"
                + tls.clientCert + "', 'tls.key' = '" + tls.clientKey + "', 'connect.retries' = '0')");
        assertThatThrownBy(() -> tableEnv.executeSql("INSERT INTO dst SELECT * FROM untrusted").await())
                .hasStackTraceContaining("reading Lightstream endpoint " + server.uri())
                .hasStackTraceContaining("TLS handshake failed");
    }

    /** Slows the job so that it is still sending when its endpoint goes away. */
    static final class Throttle implements MapFunction<RowData, RowData> {
        private long seen;

        @Override
        public RowData map(RowData row) throws Exception {
            if (++seen % 20 == 0) {
                Thread.sleep(1);
            }
            return row;
        }
    }

    @Test
    void sinkRetriesABoundedNumberOfTimesThenFailsNamingTheEndpoint() throws Exception {
        Dataset data = new Dataset(dir, 1, 20_000, 500);
        ReceivingPeer receiver = peer(ReceivingPeer.goneAfter(Dataset.ROW_TYPE, 2));
        StreamExecutionEnvironment env = env(1);
        LightstreamSink<RowData> sink = LightstreamSink.<RowData>builder()
                .setUris(receiver.uri())
                .setConnectionSettings(ConnectionSettings.builder().connectRetries(1)
                        .retryBackoff(Duration.ofMillis(20)).build())
                .setSerializer(LightstreamRecordSerializer.rowData(Dataset.ROW_TYPE))
                .setBatchMaxRows(200)
                .setMaxRetries(2)
                .setRetryBackoff(Duration.ofMillis(50))
                .build();
        env.fromSource(source(ConnectionSettings.builder().build(), data.uris().get(0)),
                        WatermarkStrategy.noWatermarks(), "file-source")
                .map(new Throttle()).returns(source(ConnectionSettings.builder().build(), data.uris().get(0))
                        .getProducedType())
                .sinkTo(sink);
        assertThatThrownBy(() -> env.execute("endpoint gone"))
                .hasStackTraceContaining("rows to Lightstream endpoint " + receiver.uri() + " failed after 3 attempts")
                .hasStackTraceContaining("connection refused");
        // The peer took two batches before it went away; a checkpoint may flush a batch smaller than
        // 200 rows, so only "some rows, not all" is certain.
        assertThat(receiver.rows()).isNotEmpty().hasSizeLessThan(20_000);
    }

    /** How a raw producer leaves in the middle of its stream. */
    enum Departure {
        /** Every batch sent whole, then the connection closed without the Arrow end-of-stream marker. */
        ARROW_WITHOUT_END_MARKER(".arrows", "stream ended before the Arrow end-of-stream marker"),
        /** Closed in the middle of an Arrow IPC message. */
        ARROW_MID_MESSAGE(".arrows", "in the middle of a frame"),
        /** Closed in the middle of a Lightstream TLV frame. */
        LIGHTSTREAM_MID_FRAME(".tlv", "incomplete TLV"),
        /** Half the stream sent, then the connection reset. */
        ARROW_RESET(".arrows", "connection reset");

        final String extension;
        final String cause;

        Departure(String extension, String cause) {
            this.extension = extension;
            this.cause = cause;
        }
    }

    @ParameterizedTest
    @EnumSource(Departure.class)
    void aSourceEndpointThatGoesAwayFailsTheJobNamingEndpointAndCause(Departure departure) throws Exception {
        ConnectionSettings settings = departure.extension.equals(".tlv")
                ? ConnectionSettings.builder().protocol(Protocol.LIGHTSTREAM).table("events").build()
                : ConnectionSettings.builder().build();
        Path file = dir.resolve("stream" + departure.extension);
        ArrowTestFiles.write(file, Dataset.ROW_TYPE, Dataset.rows(0, 3_000), 200, settings);
        byte[] stream = Files.readAllBytes(file);
        int cut = departure == Departure.ARROW_WITHOUT_END_MARKER ? stream.length - 8 : stream.length / 2 + 3;

        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String uri = "tcp://127.0.0.1:" + server.getLocalPort();
            Thread producer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    OutputStream out = s.getOutputStream();
                    out.write(stream, 0, cut);
                    out.flush();
                    if (departure == Departure.ARROW_RESET) {
                        Thread.sleep(200);
                        s.setSoLinger(true, 0); // close with a reset, as a crashed host's stack does
                    }
                } catch (IOException | InterruptedException e) {
                    // the test fails on the job's outcome
                }
            }, "raw producer " + uri);
            producer.start();
            StreamExecutionEnvironment env = env(1);
            env.fromSource(source(settings, uri), WatermarkStrategy.noWatermarks(), "source")
                    .sinkTo(new DiscardingSink<>());
            assertThatThrownBy(() -> env.execute("endpoint gone: " + departure))
                    .hasStackTraceContaining("reading Lightstream endpoint " + uri + " failed")
                    .hasStackTraceContaining(departure.cause);
            producer.join(10_000);
        }
    }
}
