package io.lightstream.bench.kafka;

import io.lightstream.kafka.sink.LightstreamSinkConnector;
import io.lightstream.kafka.source.LightstreamSourceConnector;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Rows per second of the Lightstream source and sink connectors beside Kafka's own clients doing
 * the same work, measured in one run on one in-process broker and Connect worker:
 *
 * <ul>
 *   <li>source, row mode with the JsonConverter (schemas on, and schemaless), and batch mode
 *       (Arrow IPC records): rows from a Lightstream endpoint into a topic, against a KafkaProducer
 *       alone sending the very same record values, serialised beforehand, with the producer
 *       settings Connect uses (acks=all, one request in flight, no idempotence); for row mode also
 *       against a producer that runs the JsonConverter on ready-made row Structs as it sends, the
 *       worker's share of the work;
 *   <li>sink, row mode and batch mode: a topic to a Lightstream endpoint, against a KafkaConsumer
 *       alone reading the same topic (and, for row mode, a consumer that also runs the
 *       JsonConverter on each value, as the worker does before the task sees it).
 * </ul>
 *
 * Start-up is left out on both sides of each comparison. A source rate runs from the CreateTime of
 * the topic's first record (stamped as the worker's producer sends it) to the moment the last
 * record is in the topic; the producer's from its first send to the return of its final flush. A
 * sink rate runs from the moment the task's consumer has its partition (the worker's {@code
 * partition-count} metric) to the moment the last row reached the receiving peer (or, with files,
 * was written, by the task's own metrics); the
 * consumer's from its first poll of the assigned partition, without a group, to its last record.
 *
 * <pre>
 * java -Xmx3g --add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED \
 *     --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.lightstream.bench.kafka.KafkaConnectBenchmark [rows] [rowsPerBatch] [tcp|file]
 * </pre>
 *
 * Defaults: 500000 rows in batches of 5000, endpoints on TCP loopback: the source dials a peer in
 * this JVM that serves the Arrow stream, the sink streams to a peer that receives and counts the
 * rows (the sink's clock then stops when the last row reached the peer). {@code file} reads and
 * writes Arrow stream files instead. Batch-mode cases move ten times the rows. Every case runs
 * once on a fifth of the rows before the measured run, to warm the JIT up on both sides. The sink
 * lingers 100 ms before writing its last partial batch. The producer baselines keep their records
 * in memory, hence the heap.
 */
public final class KafkaConnectBenchmark {
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final String JSON = "org.apache.kafka.connect.json.JsonConverter";
    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";
    /** Batch-mode cases move this many times the rows of row mode. */
    private static final int BATCH_MODE_FACTOR = 10;

    private final EmbeddedConnectCluster connect;
    private final Path dir;
    private final BufferAllocator allocator;
    private final boolean tcp;
    private final List<String> lines = new ArrayList<>();

    private KafkaConnectBenchmark(EmbeddedConnectCluster connect, Path dir, BufferAllocator allocator, boolean tcp) {
        this.connect = connect;
        this.dir = dir;
        this.allocator = allocator;
        this.tcp = tcp;
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int batchRows = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        String endpoints = args.length > 2 ? args[2] : "tcp";
        if (!endpoints.equals("tcp") && !endpoints.equals("file")) {
            throw new IllegalArgumentException("endpoints are 'tcp' (loopback peers) or 'file', got '" + endpoints + "'");
        }
        Path dir = Files.createTempDirectory("lightstream-kafka-bench");
        Map<String, String> worker = new HashMap<>();
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.flush.interval.ms", "10000");
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name("bench").numWorkers(1)
                .numBrokers(1).workerProps(worker).build();
        connect.start();
        try (BufferAllocator allocator = new RootAllocator()) {
            KafkaConnectBenchmark bench = new KafkaConnectBenchmark(connect, dir, allocator, endpoints.equals("tcp"));
            bench.run(rows, batchRows);
            bench.print(rows, batchRows, endpoints);
        } finally {
            connect.stop();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Every case twice: first on a fifth of the rows without recording (so that no side is measured
     * with a cold JIT; the first cases of a fresh JVM otherwise run at a fraction of their speed),
     * then measured.
     */
    private void run(int rows, int batchRows) throws Exception {
        cases("warm-", Math.max(batchRows, rows / 5), batchRows);
        lines.clear();
        cases("", rows, batchRows);
    }

    /**
     * The cases on {@code rows} rows (batch mode on {@link #BATCH_MODE_FACTOR} times as many: at a
     * few hundred thousand rows it would last well under a second), topics and connectors named
     * with {@code prefix}.
     */
    private void cases(String prefix, int rows, int batchRows) throws Exception {
        Path file = dir.resolve(prefix + "orders.arrows");
        OrdersData.write(file, rows, batchRows, allocator);
        int batchModeRows = rows * BATCH_MODE_FACTOR;
        Path large = dir.resolve(prefix + "orders-large.arrows");
        OrdersData.write(large, batchModeRows, batchRows, allocator);
        int batches = (batchModeRows + batchRows - 1) / batchRows;

        List<Struct> structs = OrdersData.structs(file, allocator);
        double producerJson = produce(prefix + "p-json", OrdersData.jsonValues(structs, true));
        double producerJsonConverting = produceConverting(prefix + "p-json-c", structs, OrdersData.json(true));
        double sourceJson = source(prefix + "s-json", file, "row", JSON, "true", rows);
        record("source row, JsonConverter (schemas)", sourceJson, "producer alone", producerJson);
        record("source row, JsonConverter (schemas)", sourceJson, "json+producer", producerJsonConverting);

        double producerPlain = produce(prefix + "p-plain", OrdersData.jsonValues(structs, false));
        double producerPlainConverting = produceConverting(prefix + "p-plain-c", structs, OrdersData.json(false));
        double sourcePlain = source(prefix + "s-plain", file, "row", JSON, "false", rows);
        record("source row, JsonConverter (schemaless)", sourcePlain, "producer alone", producerPlain);
        record("source row, JsonConverter (schemaless)", sourcePlain, "json+producer", producerPlainConverting);
        structs = null;

        double producerIpc = produce(prefix + "p-ipc", OrdersData.ipcValues(large, allocator)) * batchRows;
        double sourceIpc = source(prefix + "s-ipc", large, "batch", BYTES, "false", batches) * batchRows;
        record("source batch, Arrow IPC records", sourceIpc, "producer alone", producerIpc);

        double consumerJson = consume(prefix + "p-json", rows, null);
        double consumerConverting = consume(prefix + "p-json", rows, OrdersData.json(true));
        double sinkJson = sink(prefix + "p-json", "row", JSON, rows);
        record("sink row, JsonConverter (schemas)", sinkJson, "consumer alone", consumerJson);
        record("sink row, JsonConverter (schemas)", sinkJson, "consumer+json", consumerConverting);

        double consumerIpc = consume(prefix + "p-ipc", batches, null) * batchRows;
        double sinkIpc = sink(prefix + "p-ipc", "batch", BYTES, batchModeRows);
        record("sink batch, Arrow IPC records", sinkIpc, "consumer alone", consumerIpc);
    }

    private void record(String what, double ours, String peerName, double peer) {
        lines.add(String.format("%-40s %14.0f   %-15s %14.0f   %6.2f", what, ours, peerName, peer, ours / peer));
    }

    private void print(int rows, int batchRows, String endpoints) {
        System.out.printf("%nLightstream Kafka Connect throughput, %d rows (batch mode %d) in batches of %d, %s endpoints,"
                + " rows/s%n", rows, rows * BATCH_MODE_FACTOR, batchRows,
                endpoints.equals("tcp") ? "TCP loopback" : "Arrow stream file");
        System.out.printf("%-40s %14s   %-15s %14s   %6s%n", "case", "connector", "peer", "peer", "ratio");
        lines.forEach(System.out::println);
    }

    /** Sends {@code values} with Connect's producer settings; records per second from first send to flushed. */
    private double produce(String topic, List<byte[]> values) throws Exception {
        connect.kafka().createTopic(topic, 1);
        try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(producerProps())) {
            producer.partitionsFor(topic); // metadata before the clock starts, as a running worker has it
            long start = System.nanoTime();
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>(topic, null, v));
            }
            producer.flush();
            return values.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Serialises ready-made row Structs with {@code converter} and sends them, as the worker does
     * with what a source task returns; records per second from the first conversion to flushed.
     */
    private double produceConverting(String topic, List<Struct> structs, JsonConverter converter) throws Exception {
        connect.kafka().createTopic(topic, 1);
        try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(producerProps())) {
            producer.partitionsFor(topic);
            long start = System.nanoTime();
            for (Struct s : structs) {
                producer.send(new ProducerRecord<>(topic, null, converter.fromConnectData(topic, s.schema(), s)));
            }
            producer.flush();
            return structs.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** The producer settings a Connect worker gives its source tasks' producer. */
    private static Map<String, Object> producerProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
        return props;
    }

    /**
     * Runs the source into a new topic, reading {@code file} directly or from a peer serving it on TCP
     * loopback; records per second from the first record's CreateTime to the last record in the topic.
     */
    private double source(String topic, Path file, String mode, String converter, String schemas, int records)
            throws Exception {
        connect.kafka().createTopic(topic, 1);
        LoopbackPeers.Producer peer = tcp ? new LoopbackPeers.Producer(file, OrdersData.SCHEMA) : null;
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", LightstreamSourceConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("endpoints", peer != null ? peer.uri() : file.toString());
        c.put("topic", topic);
        c.put("record.mode", mode);
        c.put("headers.enable", "false"); // the producer-alone records carry no headers either
        c.put("value.converter", converter);
        c.put("value.converter.schemas.enable", schemas);
        c.put("producer.override.max.request.size", Integer.toString(4 << 20));
        connect.configureConnector(topic, c);
        TopicPartition tp = new TopicPartition(topic, 0);
        await(() -> endOffset(tp), records);
        long done = System.currentTimeMillis();
        connect.deleteConnector(topic);
        if (peer != null) {
            peer.close();
        }
        return records / (Math.max(1, done - firstCreateTime(topic)) / 1000.0);
    }

    /**
     * Runs the sink on {@code topic} into a file, or to a peer receiving on TCP loopback; rows per
     * second from partition assignment to the last row written (to the file) or received (by the peer).
     */
    private double sink(String topic, String mode, String converter, int rows) throws Exception {
        String name = "sink-" + topic;
        LoopbackPeers.Consumer peer = tcp ? new LoopbackPeers.Consumer(allocator) : null;
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", LightstreamSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("endpoints", peer != null ? peer.uri() : dir.resolve(name + ".arrows").toString());
        c.put("record.mode", mode);
        c.put("value.converter", converter);
        c.put("value.converter.schemas.enable", "true");
        c.put("consumer.override.max.poll.records", "5000");
        // The last partial batch is written when it has waited this long; the consumer alone has no such wait.
        c.put("batch.linger.ms", "100");
        c.put("consumer.override.fetch.max.bytes", Integer.toString(64 << 20));
        connect.configureConnector(name, c);
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName pattern = new ObjectName("kafka.connect:type=plugins,connector=" + name + ",task=*");
        ObjectName assigned = new ObjectName("kafka.connect:type=sink-task-metrics,connector=" + name + ",task=*");
        await(() -> metric(jmx, assigned, "partition-count"), 1);
        long start = System.nanoTime();
        await(peer != null ? peer::rows : () -> metric(jmx, pattern, "rows-written-total"), rows);
        double seconds = (System.nanoTime() - start) / 1e9;
        connect.deleteConnector(name);
        if (peer != null) {
            peer.close();
        }
        return rows / seconds;
    }

    /**
     * A consumer alone reads {@code records} records of {@code topic}; records per second from its
     * first poll. With a converter it also turns each value into Connect data, the part of a sink's
     * work that the worker does before the task sees a record.
     */
    private double consume(String topic, int records, JsonConverter converter) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
        long start;
        long n = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            consumer.position(tp);
            start = System.nanoTime();
            long deadline = start + WAIT.toNanos();
            while (n < records && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> got = consumer.poll(Duration.ofMillis(100));
                if (converter != null) {
                    for (ConsumerRecord<byte[], byte[]> r : got) {
                        converter.toConnectData(topic, r.value());
                    }
                }
                n += got.count();
            }
        }
        if (n < records) {
            throw new IllegalStateException("the consumer read " + n + " of " + records + " records of " + topic);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return records / seconds;
    }

    private static long metric(MBeanServer jmx, ObjectName pattern, String attribute) {
        long n = 0;
        Set<ObjectName> names = jmx.queryNames(pattern, null);
        for (ObjectName o : names) {
            try {
                n += Math.round(((Number) jmx.getAttribute(o, attribute)).doubleValue());
            } catch (Exception e) {
                return 0; // the task is starting or stopping
            }
        }
        return n;
    }

    private long endOffset(TopicPartition tp) {
        try {
            return connect.kafka().endOffset(tp);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offset of " + tp, e);
        }
    }

    private static void await(LongSupplier progress, long target) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (progress.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out at " + progress.getAsLong() + " of " + target);
            }
            Thread.sleep(20);
        }
    }

    /** The CreateTime of the first record of a one-partition topic (milliseconds since the epoch). */
    private long firstCreateTime(String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props)) {
            consumer.assign(List.of(tp));
            return timestampAt(consumer, tp, 0);
        }
    }

    private static long timestampAt(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long offset) {
        consumer.seek(tp, offset);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                return r.timestamp();
            }
        }
        throw new IllegalStateException("no record at offset " + offset + " of " + tp);
    }
}
