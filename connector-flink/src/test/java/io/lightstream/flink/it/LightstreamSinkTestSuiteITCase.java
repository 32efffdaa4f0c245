package io.lightstream.flink.it;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.ReadOptions;
import io.lightstream.flink.sink.LightstreamRecordSerializer;
import io.lightstream.flink.sink.LightstreamSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;
import org.apache.flink.connector.testframe.external.ExternalSystemDataReader;
import org.apache.flink.connector.testframe.external.sink.DataStreamSinkV2ExternalContext;
import org.apache.flink.connector.testframe.external.sink.TestingSinkSettings;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SinkTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Flink's standard sink test suite (basic write, savepoint restart, scale up and down, metrics)
 * against the Lightstream sink writing Arrow stream files, one per subtask, attempt and job. The
 * files are the external system: the data reader reads every complete batch written so far.
 */
class LightstreamSinkTestSuiteITCase extends SinkTestSuiteBase<String> {
    private static final RowType ROW_TYPE = (RowType) DataTypes.ROW(DataTypes.FIELD("value", DataTypes.STRING()))
            .getLogicalType();

    @TestEnv
    MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestSemantics
    CheckpointingMode[] semantics = new CheckpointingMode[] {CheckpointingMode.AT_LEAST_ONCE};

    @TestContext
    ExternalContextFactory<FileSinkContext> files = FileSinkContext::new;

    /** Writes each string as a one-column row. */
    static final class StringSerializer implements LightstreamRecordSerializer<String> {
        private transient GenericRowData row;

        @Override
        public RowType rowType() {
            return ROW_TYPE;
        }

        @Override
        public RowData serialize(String record) {
            if (row == null) {
                row = new GenericRowData(1);
            }
            row.setField(0, StringData.fromString(record));
            return row;
        }
    }

    /** One test's output directory. */
    static final class FileSinkContext implements DataStreamSinkV2ExternalContext<String> {
        private final Path dir;

        FileSinkContext(String testName) {
            try {
                dir = Files.createTempDirectory("lightstream-sink-suite");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Sink<String> createSink(TestingSinkSettings settings) {
            return LightstreamSink.<String>builder()
                    .setUris(dir.resolve("out-{job}-{subtask}-{attempt}.arrows").toString())
                    .setSerializer(new StringSerializer())
                    .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                    .setBatchMaxRows(50)
                    .setBatchMaxDelay(Duration.ofMillis(100))
                    .build();
        }

        @Override
        public ExternalSystemDataReader<String> createSinkDataReader(TestingSinkSettings settings) {
            Map<Path, Integer> returned = new HashMap<>();
            return new ExternalSystemDataReader<>() {
                @Override
                public List<String> poll(Duration timeout) {
                    List<String> fresh = new ArrayList<>();
                    try (var paths = Files.list(dir)) {
                        for (Path file : (Iterable<Path>) paths.sorted()::iterator) {
                            List<String> all = readComplete(file);
                            int done = returned.getOrDefault(file, 0);
                            if (all.size() > done) {
                                fresh.addAll(all.subList(done, all.size()));
                                returned.put(file, all.size());
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return fresh;
                }

                @Override
                public void close() {}
            };
        }

        /** The values of every complete batch of a file a running job may still be writing. */
        private static List<String> readComplete(Path file) {
            List<String> values = new ArrayList<>();
            try (BufferAllocator allocator = new RootAllocator();
                    LightstreamReader in = Lightstream.read(file.toString(),
                            ReadOptions.builder().allocator(allocator).build())) {
                for (Batch b = in.readBatch(); b != null; b = in.readBatch()) {
                    try (Batch batch = b) {
                        VarCharVector vector = (VarCharVector) batch.root().getVector(0);
                        for (int i = 0; i < batch.rowCount(); i++) {
                            values.add(vector.getObject(i).toString());
                        }
                    }
                }
            } catch (IOException e) {
                // The writer is in the middle of a batch (or has not written the schema yet): the
                // complete batches before it are what the sink has delivered so far.
            }
            return values;
        }

        @Override
        public List<String> generateTestData(TestingSinkSettings settings, long seed) {
            Random random = new Random(seed);
            int count = 100 + random.nextInt(400);
            List<String> data = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                data.add("v" + seed + "-" + i + "-" + random.nextInt(1_000_000));
            }
            return data;
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }

        @Override
        public List<URL> getConnectorJarPaths() {
            return List.of();
        }

        @Override
        public void close() throws IOException {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
