package io.lightstream.kafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightstream.Lightstream;
import io.lightstream.LightstreamWriter;
import io.lightstream.Protocol;
import io.lightstream.WriteOptions;
import io.lightstream.kafka.mapping.IpcBytes;
import io.lightstream.kafka.sink.LightstreamSinkConnector;
import io.lightstream.kafka.source.LightstreamSourceConnector;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lightstream.transport.TransportOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.entities.TaskInfo;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source and sink on a distributed Connect cluster of two workers and one KRaft broker, all in
 * this JVM, shared by every test: rows and batches from Arrow files through topics into Arrow file
 * series, with several tasks, task, connector and worker restarts in the middle of the stream, and
 * a dead letter queue; then over the network, against Lightstream peers in this JVM: the source
 * dialling TCP producers on both protocols (one over TLS) spread over tasks, and reading again a
 * producer whose link broke in the middle of a batch; the sink streaming to a TCP consumer that
 * appears only after the sink has started failing, and failing clearly when it never does. Every
 * test checks the rows that arrive by count and checksum; at-least-once delivery may repeat rows
 * across a restart, never lose one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LightstreamConnectITCase {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String JSON = "org.apache.kafka.connect.json.JsonConverter";
    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";

    @TempDir
    Path dir;
    private EmbeddedConnectCluster connect;
    private BufferAllocator allocator;

    @BeforeAll
    void startCluster() {
        allocator = new RootAllocator();
        Map<String, String> worker = new HashMap<>();
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.flush.interval.ms", "1000");
        // A worker that leaves gives its tasks to the others after this long, not after five minutes.
        worker.put("scheduled.rebalance.max.delay.ms", "2000");
        connect = new EmbeddedConnectCluster.Builder()
                .name("lightstream-it")
                .numWorkers(2)
                .numBrokers(1)
                .workerProps(worker)
                .build();
        connect.start();
    }

    @AfterAll
    void stopCluster() {
        if (connect != null) {
            connect.stop();
        }
        allocator.close();
    }

    private Map<String, String> source(String topic, String mode, int tasks, Path... files) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", LightstreamSourceConnector.class.getName());
        c.put("tasks.max", Integer.toString(tasks));
        c.put("endpoints", String.join(",", java.util.Arrays.stream(files).map(Path::toString).toList()));
        c.put("topic", topic);
        c.put("record.mode", mode);
        c.put("key.converter", JSON);
        c.put("key.converter.schemas.enable", "false");
        c.put("value.converter", mode.equals("batch") ? BYTES : JSON);
        c.put("poll.timeout.ms", "200");
        return c;
    }

    private Map<String, String> sink(String topic, String mode, int tasks, Path output) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", LightstreamSinkConnector.class.getName());
        c.put("tasks.max", Integer.toString(tasks));
        c.put("topics", topic);
        c.put("endpoints", output.toString());
        c.put("record.mode", mode);
        c.put("key.converter", JSON);
        c.put("key.converter.schemas.enable", "false");
        c.put("value.converter", mode.equals("batch") ? BYTES : JSON);
        c.put("batch.linger.ms", "200");
        c.put("batch.max.rows", "5000");
        return c;
    }

    private RowFiles.Rows awaitRows(Path out, String stem, long first, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        RowFiles.Rows rows = RowFiles.read(out, stem, allocator);
        while (!rows.complete(first, count) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            rows = RowFiles.read(out, stem, allocator);
        }
        assertThat(rows.byId()).as("distinct rows in %s/%s-*", out, stem).hasSize(count);
        assertThat(rows.complete(first, count)).isTrue();
        assertThat(rows.checksum()).isEqualTo(RowFiles.expectedChecksum(first, count));
        return rows;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    private long topicSize(String topic, int partitions) {
        long n = 0;
        try {
            for (int p = 0; p < partitions; p++) {
                n += connect.kafka().endOffset(new TopicPartition(topic, p));
            }
        } catch (Exception e) {
            throw new AssertionError("cannot read the end offsets of " + topic, e);
        }
        return n;
    }

    private Set<String> workersOf(String connector) {
        Set<String> workers = new HashSet<>();
        for (ConnectorStateInfo.TaskState t : connect.connectorStatus(connector).tasks()) {
            workers.add(t.workerId());
        }
        return workers;
    }

    @Test
    @Order(1)
    void rowsFlowFromFilesThroughATopicIntoFilesWithTasksOnBothWorkers() throws Exception {
        Path in = Files.createDirectories(dir.resolve("rows-in"));
        Path out = Files.createDirectories(dir.resolve("rows-out"));
        Path a = RowFiles.write(in.resolve("a.arrows"), 0, 20_000, 1_000, allocator);
        Path b = RowFiles.write(in.resolve("b.arrows"), 20_000, 20_000, 1_000, allocator);
        connect.kafka().createTopic("rows", 3);

        connect.configureConnector("rows-source", source("rows", "row", 2, a, b));
        connect.configureConnector("rows-sink", sink("rows", "row", 2, out.resolve("out.arrows")));
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("rows-source", 2, "source did not start");
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("rows-sink", 2, "sink did not start");

        awaitRows(out, "out", 0, 40_000);
        assertThat(topicSize("rows", 3)).isGreaterThanOrEqualTo(40_000);
        Set<String> workers = new HashSet<>(workersOf("rows-source"));
        workers.addAll(workersOf("rows-sink"));
        assertThat(workers).as("the four tasks are spread over both workers").hasSize(2);
        ConsumerRecords<byte[], byte[]> some = connect.kafka().consume(1, WAIT.toMillis(), "rows");
        String json = new String(some.iterator().next().value(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"name\":\"io.lightstream.kafka.Row\"").contains("\"payload\":{\"id\":");

        connect.deleteConnector("rows-source");
        connect.deleteConnector("rows-sink");
    }

    @Test
    @Order(2)
    void batchesFlowAsArrowIpcRecords() throws Exception {
        Path in = Files.createDirectories(dir.resolve("batch-in"));
        Path out = Files.createDirectories(dir.resolve("batch-out"));
        Path file = RowFiles.write(in.resolve("in.arrows"), 0, 50_000, 5_000, allocator);
        connect.kafka().createTopic("batches", 1);

        connect.configureConnector("batch-source", source("batches", "batch", 1, file));
        connect.configureConnector("batch-sink", sink("batches", "batch", 1, out.resolve("out.arrows")));
        awaitRows(out, "out", 0, 50_000);

        ConsumerRecords<byte[], byte[]> records = connect.kafka().consume(10, WAIT.toMillis(), "batches");
        long rows = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            assertThat(new String(r.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .isEqualTo(IpcBytes.CONTENT_TYPE);
            try (IpcBytes.Decoded decoded = IpcBytes.decode(r.value(), allocator)) {
                rows += decoded.rowCount();
            }
        }
        assertThat(records.count()).as("one record per Arrow batch").isEqualTo(10);
        assertThat(rows).isEqualTo(50_000);

        connect.deleteConnector("batch-source");
        connect.deleteConnector("batch-sink");
    }

    @Test
    @Order(4)
    void restartsOfTasksConnectorsAndAWorkerMidStreamLoseNoRow() throws Exception {
        Path in = Files.createDirectories(dir.resolve("restart-in"));
        Path out = Files.createDirectories(dir.resolve("restart-out"));
        int count = 300_000;
        Path file = RowFiles.write(in.resolve("in.arrows"), 1_000_000, count, 2_000, allocator);
        connect.kafka().createTopic("restarts", 2);

        Map<String, String> src = source("restarts", "row", 1, file);
        src.put("max.poll.records", "500");
        connect.configureConnector("restart-source", src);
        connect.configureConnector("restart-sink", sink("restarts", "row", 2, out.resolve("out.arrows")));
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("restart-source", 1, "source did not start");

        await("the source has written some rows", () -> topicSize("restarts", 2) > 1_000);
        connect.restartConnectorAndTasks("restart-source", false, true, false);
        long atSourceRestart = topicSize("restarts", 2);

        await("the sink has written some rows", () -> {
            try {
                return RowFiles.read(out, "out", allocator).byId().size() > 1_000;
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        connect.restartTask("restart-sink", 0);
        long atSinkRestart = RowFiles.read(out, "out", allocator).byId().size();

        WorkerHandle leaving = connect.workers().iterator().next();
        connect.removeWorker(leaving);
        connect.addWorker();
        connect.assertions().assertAtLeastNumWorkersAreUp(2, "a new worker did not join");

        RowFiles.Rows rows = awaitRows(out, "out", 1_000_000, count);
        assertThat(atSourceRestart).as("the source restart happened mid-stream").isLessThan(count);
        System.out.printf("restart test: %d rows; source restarted at %d records in the topic, sink task at %d rows"
                + " written; %d rows repeated after the restarts%n", count, atSourceRestart, atSinkRestart,
                rows.duplicates());

        connect.deleteConnector("restart-source");
        connect.deleteConnector("restart-sink");
    }

    @Test
    @Order(3)
    void recordsThatAreNotRowsGoToTheDeadLetterQueue() throws Exception {
        Path out = Files.createDirectories(dir.resolve("dlq-out"));
        connect.kafka().createTopic("json-in", 1);
        connect.kafka().createTopic("json-dlq", 1);
        for (int i = 0; i < 100; i++) {
            connect.kafka().produce("json-in", null, "{\"id\": " + i + ", \"name\": \"" + RowFiles.nameOf(i) + "\"}");
        }
        connect.kafka().produce("json-in", null, "{\"id\": \"not a number\"}"); // fails in the sink: errant record
        connect.kafka().produce("json-in", null, "{{ not json");                // fails in the converter
        for (int i = 100; i < 200; i++) {
            connect.kafka().produce("json-in", null, "{\"id\": " + i + ", \"name\": \"" + RowFiles.nameOf(i) + "\"}");
        }

        Map<String, String> c = sink("json-in", "row", 1, out.resolve("out.arrows"));
        c.put("value.converter.schemas.enable", "false");
        c.put("schemaless.arrow.schema", "id: int64 not null, name: string");
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", "json-dlq");
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        connect.configureConnector("dlq-sink", c);

        awaitRows(out, "out", 0, 200);
        ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(2, WAIT.toMillis(), "json-dlq");
        List<String> values = new java.util.ArrayList<>();
        dead.forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
        assertThat(values).containsExactlyInAnyOrder("{\"id\": \"not a number\"}", "{{ not json");
        ConsumerRecord<byte[], byte[]> errant = null;
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            if (new String(r.value(), StandardCharsets.UTF_8).contains("not a number")) {
                errant = r;
            }
        }
        assertThat(new String(errant.headers().lastHeader("__connect.errors.exception.message").value(),
                StandardCharsets.UTF_8)).contains("column 'id' expects an integer");
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("dlq-sink", 1, "the sink must keep running");
        connect.deleteConnector("dlq-sink");
    }

    private static String tcp(int port) {
        return "tcp://127.0.0.1:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The sum over a connector's tasks of one of their plugin metrics (JMX), 0 while none is registered. */
    private static long pluginMetric(String connector, String name) {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        long n = 0;
        try {
            for (ObjectName o : jmx.queryNames(new ObjectName("kafka.connect:type=plugins,connector=" + connector
                    + ",task=*"), null)) {
                n += ((Number) jmx.getAttribute(o, name)).longValue();
            }
        } catch (javax.management.JMException e) {
            return 0; // a task registering or going away
        }
        return n;
    }

    /**
     * The number of bytes before the middle of batch {@code batch} of the Arrow stream that
     * {@link RowFiles#write} makes of rows from {@code first} in batches of {@code batchRows}: the
     * stream is encoded to a file up to that batch and one past it, and the end-of-stream marker
     * (8 bytes) left out.
     */
    private long middleOfBatch(long first, int batch, int batchRows) throws IOException {
        long[] sizes = new long[2];
        for (int i = 0; i < 2; i++) {
            Path f = dir.resolve("frames-" + i + ".arrows");
            try (LightstreamWriter w = Lightstream.write(f.toString(), RowFiles.SCHEMA, WriteOptions.DEFAULT)) {
                RowFiles.write(w, null, first, (batch + i) * batchRows, batchRows, allocator);
            }
            sizes[i] = Files.size(f) - 8;
        }
        return (sizes[0] + sizes[1]) / 2;
    }

    private Map<String, String> networkSource(String topic, int tasks, String... endpoints) {
        Map<String, String> c = source(topic, "row", tasks);
        c.put("endpoints", String.join(",", endpoints));
        c.put("value.converter.schemas.enable", "false");
        c.put("transport.connect.retries", "1");
        c.put("transport.retry.backoff.ms", "100");
        return c;
    }

    @Test
    @Order(5)
    void sourceDialsPeersSpreadOverTasksAndReadsAPeerAgainAfterItsLinkBrokeMidBatch() throws Exception {
        int batchRows = 1_000;
        try (ServingPeer a = new ServingPeer(Protocol.ARROW, TransportOptions.DEFAULT,
                        List.of(new ServingPeer.Stream(3_000_000, 20_000, batchRows, 0)), allocator);
                ServingPeer b = new ServingPeer(Protocol.ARROW, TransportOptions.DEFAULT, List.of(
                        new ServingPeer.Stream(4_000_000, 20_000, batchRows, 0),
                        new ServingPeer.Stream(5_000_000, 10_000, batchRows, 0)), allocator);
                SeverableLink link = new SeverableLink(b.port())) {
            // B's first stream reaches the connector up to the middle of its batch 7; then the link is down.
            link.downAfter(middleOfBatch(4_000_000, 7, batchRows));
            connect.kafka().createTopic("net-rows", 1);
            connect.configureConnector("net-source", networkSource("net-rows", 2, tcp(a.port()), tcp(link.port())));
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("net-source", 2, "source did not start");
            assertThat(connect.taskConfigs("net-source")).extracting(TaskInfo::config)
                    .extracting(t -> t.get("task.endpoints")).containsExactlyInAnyOrder(tcp(a.port()), tcp(link.port()));

            await("A's rows and B's batches 0-6 are in the topic", () -> topicSize("net-rows", 1) >= 27_000);
            assertThat(link.isUp()).isFalse();
            await("the source failed to reach B again", () -> pluginMetric("net-source", "reconnects-total") >= 2);
            Thread.sleep(500); // nothing of B's first stream arrives while it is gone
            assertThat(topicSize("net-rows", 1)).isEqualTo(27_000);
            link.up();
            await("B's second stream is in the topic", () -> topicSize("net-rows", 1) >= 37_000);

            RowFiles.Rows rows = TopicRows.read(connect.kafka(), "net-rows");
            assertThat(rows.duplicates()).isZero();
            assertThat(rows.byId()).hasSize(37_000);
            assertThat(rows.range(3_000_000, 20_000).complete(3_000_000, 20_000)).isTrue();
            RowFiles.Rows broken = rows.range(4_000_000, 20_000);
            assertThat(broken.complete(4_000_000, 7_000)).as("batches 0-6 of the broken stream, none of batch 7 on").isTrue();
            assertThat(broken.checksum()).isEqualTo(RowFiles.expectedChecksum(4_000_000, 7_000));
            RowFiles.Rows again = rows.range(5_000_000, 10_000);
            assertThat(again.complete(5_000_000, 10_000)).as("every row of the stream after the reconnect").isTrue();
            assertThat(again.checksum()).isEqualTo(RowFiles.expectedChecksum(5_000_000, 10_000));
            assertThat(b.served()).isEqualTo(2);
            assertThat(b.failures()).as("B saw its first connection break").hasSize(1);
            connect.deleteConnector("net-source");
        }
    }

    @Test
    @Order(6)
    void sourceReadsLightstreamTablesAndMessagesOverTls() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        TransportOptions server = TransportOptions.builder().tls(true).tlsCert(pki.serverCert).tlsKey(pki.serverKey)
                .build();
        try (ServingPeer peer = new ServingPeer(Protocol.LIGHTSTREAM, server,
                List.of(new ServingPeer.Stream(6_000_000, 10_000, 500, 25)), allocator)) {
            connect.kafka().createTopic("net-orders", 1);
            connect.kafka().createTopic("net-event", 1);
            Map<String, String> c = networkSource("net-${table}", 1, tcp(peer.port()));
            c.put("protocol", "lightstream");
            c.put("lightstream.registrations", "message:" + ServingPeer.MESSAGE + ",table:" + ServingPeer.TABLE);
            c.put("transport.security.protocol", "SSL");
            c.put("transport.ssl.truststore.certificates", pki.caPem);
            connect.configureConnector("tls-source", c);

            await("the table's rows and the messages are in their topics",
                    () -> topicSize("net-orders", 1) >= 10_000 && topicSize("net-event", 1) >= 25);
            RowFiles.Rows rows = TopicRows.read(connect.kafka(), "net-orders");
            assertThat(rows.complete(6_000_000, 10_000)).isTrue();
            assertThat(rows.checksum()).isEqualTo(RowFiles.expectedChecksum(6_000_000, 10_000));
            assertThat(rows.duplicates()).isZero();

            ObjectMapper json = new ObjectMapper();
            List<String> payloads = new java.util.ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : connect.kafka().consumeAll(WAIT.toMillis(), "net-event")) {
                payloads.add(new String(json.readTree(r.value()).binaryValue(), StandardCharsets.UTF_8));
                assertThat(new String(r.headers().lastHeader("lightstream.message").value(), StandardCharsets.UTF_8))
                        .isEqualTo(ServingPeer.MESSAGE);
            }
            assertThat(payloads).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 25)
                    .mapToObj(i -> "e" + i).toList());
            connect.deleteConnector("tls-source");
        }
    }

    @Test
    @Order(7)
    void sinkStreamsToATcpPeerThatAppearsWhileItRetriesAndFailsClearlyWhenNoneDoes() throws Exception {
        Path in = Files.createDirectories(dir.resolve("net-sink-in"));
        Path file = RowFiles.write(in.resolve("in.arrows"), 7_000_000, 30_000, 1_000, allocator);
        connect.kafka().createTopic("net-sink", 2);
        connect.configureConnector("net-sink-feed", source("net-sink", "row", 1, file));

        int port = freePort();
        Map<String, String> c = sink("net-sink", "row", 1, dir);
        c.put("endpoints", tcp(port));
        c.put("retry.backoff.ms", "200");
        c.put("max.retries", "30");
        c.put("transport.connect.retries", "0");
        connect.configureConnector("net-sink", c);
        await("the sink failed to write to the absent peer and backs off", () -> pluginMetric("net-sink",
                "write-failures-total") >= 2);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("net-sink", 1,
                "a retriable failure must not fail the task");
        try (ReceivingPeer peer = new ReceivingPeer(tcp(port), allocator)) {
            await("every row reached the peer", () -> peer.rows().byId().size() >= 30_000);
            RowFiles.Rows rows = peer.rows();
            assertThat(rows.complete(7_000_000, 30_000)).isTrue();
            assertThat(rows.checksum()).isEqualTo(RowFiles.expectedChecksum(7_000_000, 30_000));
            connect.deleteConnector("net-sink");
        }
        connect.deleteConnector("net-sink-feed");

        int nobody = freePort();
        Map<String, String> g = sink("net-sink", "row", 1, dir);
        g.put("endpoints", tcp(nobody));
        g.put("retry.backoff.ms", "100");
        g.put("max.retries", "2");
        g.put("transport.connect.retries", "0");
        connect.configureConnector("gone-sink", g);
        await("the sink task failed", () -> {
            ConnectorStateInfo status;
            try {
                status = connect.connectorStatus("gone-sink");
            } catch (ConnectRestException e) {
                return false; // the worker has no status for a connector it is still starting
            }
            return !status.tasks().isEmpty() && "FAILED".equals(status.tasks().get(0).state());
        });
        String trace = connect.connectorStatus("gone-sink").tasks().get(0).trace();
        assertThat(trace).contains("writing to " + tcp(nobody) + " failed 3 times in a row (max.retries=2)")
                .contains("tcp 127.0.0.1:" + nobody + ": cannot connect");
        connect.deleteConnector("gone-sink");
    }
}
