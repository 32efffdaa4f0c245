package io.lightstream.bench.kafka;

import io.lightstream.kafka.sink.LightstreamSinkTask;
import io.lightstream.kafka.source.LightstreamSourceTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the connectors themselves cost per row, without Kafka or a converter: the source task's
 * {@code poll()} turning the orders table of {@link OrdersData} (read from an Arrow stream file)
 * into row records and taking each record's {@code commitRecord} back, and the sink task's {@code
 * put()} taking the row Structs a JsonConverter with schemas makes of those records (made
 * beforehand, as the worker hands them over) and writing them to an Arrow stream file. This is the
 * share of a Connect worker's time the connectors can change; {@link KafkaConnectBenchmark}
 * measures the whole.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ConnectorTaskBenchmark
 * </pre>
 *
 * Results are rows per second (one operation is one row).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class ConnectorTaskBenchmark {
    static final int ROWS = 100_000;
    private static final int BATCH_ROWS = 5_000;

    private Path dir;
    private Path file;
    private BufferAllocator allocator;
    private List<SinkRecord> sinkRecords;
    private int run;
    private LightstreamSourceTask source;
    private LightstreamSinkTask sink;
    private Metrics metrics;

    @Setup(Level.Trial)
    public void data() throws IOException {
        dir = Files.createTempDirectory("lightstream-task-bench");
        file = dir.resolve("orders.arrows");
        allocator = new RootAllocator();
        OrdersData.write(file, ROWS, BATCH_ROWS, allocator);
        JsonConverter json = OrdersData.json(true);
        sinkRecords = new ArrayList<>(ROWS);
        long offset = 0;
        for (byte[] value : OrdersData.jsonValues(OrdersData.structs(file, allocator), true)) {
            SchemaAndValue v = json.toConnectData("orders", value);
            sinkRecords.add(new SinkRecord("orders", 0, null, null, v.schema(), v.value(), offset++, 0L,
                    TimestampType.CREATE_TIME));
        }
    }

    @Setup(Level.Invocation)
    public void tasks() {
        metrics = new Metrics();
        Map<String, String> s = new HashMap<>();
        s.put("endpoints", file.toString());
        s.put("topic", "orders");
        s.put("headers.enable", "false");
        source = new LightstreamSourceTask();
        source.initialize(new SourceContext(s, metrics));
        source.start(s);

        Map<String, String> k = new HashMap<>();
        k.put("topics", "orders");
        k.put("endpoints", dir.resolve("out-" + run++ + ".arrows").toString());
        sink = new LightstreamSinkTask();
        sink.initialize(new SinkContext(k, metrics));
        sink.start(k);
        sink.open(List.of(new TopicPartition("orders", 0)));
    }

    @TearDown(Level.Invocation)
    public void stopTasks() {
        source.stop();
        sink.stop();
        metrics.close();
    }

    @TearDown(Level.Trial)
    public void clean() throws IOException {
        allocator.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The source task's poll() until every row of the file is a record, with commitRecord for each. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long sourcePoll() throws InterruptedException {
        long n = 0;
        while (n < ROWS) {
            List<SourceRecord> records = source.poll();
            if (records == null) {
                continue;
            }
            for (SourceRecord r : records) {
                source.commitRecord(r, null);
            }
            n += records.size();
        }
        return n;
    }

    /** The sink task's put() of every record in polls of 5,000, then preCommit (writing the last batch). */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public Map<TopicPartition, OffsetAndMetadata> sinkPut() {
        for (int i = 0; i < ROWS; i += 5_000) {
            sink.put(sinkRecords.subList(i, Math.min(ROWS, i + 5_000)));
        }
        return sink.preCommit(Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(ROWS)));
    }

    private record SourceContext(Map<String, String> configs, Metrics metrics) implements SourceTaskContext {
        @Override
        public OffsetStorageReader offsetStorageReader() {
            return new OffsetStorageReader() {
                @Override
                public <T> Map<String, Object> offset(Map<String, T> partition) {
                    return null;
                }

                @Override
                public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                    return Map.of();
                }
            };
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return new PluginMetricsImpl(metrics, Map.of("task", "source"));
        }
    }

    private record SinkContext(Map<String, String> configs, Metrics metrics) implements SinkTaskContext {
        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
        }

        @Override
        public void timeout(long timeoutMs) {
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of(new TopicPartition("orders", 0));
        }

        @Override
        public void pause(TopicPartition... partitions) {
        }

        @Override
        public void resume(TopicPartition... partitions) {
        }

        @Override
        public void requestCommit() {
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return new PluginMetricsImpl(metrics, Map.of("task", "sink"));
        }
    }
}
