package io.lightstream.flink.it;

import io.lightstream.flink.source.LightstreamSource;
import io.lightstream.flink.source.deserializer.LightstreamDeserializer;
import io.lightstream.flink.testutils.ArrowTestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.external.ExternalSystemSplitDataWriter;
import org.apache.flink.connector.testframe.external.source.DataStreamSourceExternalContext;
import org.apache.flink.connector.testframe.external.source.TestingSourceSettings;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SourceTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/**
 * Flink's standard source test suite against the Lightstream source, with Arrow stream files as
 * the external system: each split is one file (rewritten whole on every write, so it is always a
 * complete stream). Files are read exactly once from their checkpointed positions, hence the
 * exactly-once semantic. The suite's unbounded cases need an endpoint that keeps receiving data
 * while the job runs (a network producer), which the file endpoints are not: they are skipped.
 */
class LightstreamSourceTestSuiteITCase extends SourceTestSuiteBase<RowData> {
    private static final RowType ROW_TYPE = SuiteRows.ROW_TYPE;

    private static final int SPLITS = SuiteRows.SPLITS;

    @TestEnv
    MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestSemantics
    CheckpointingMode[] semantics = new CheckpointingMode[] {CheckpointingMode.EXACTLY_ONCE};

    @TestContext
    org.apache.flink.connector.testframe.external.ExternalContextFactory<FileContext> files = FileContext::new;

    /** One test's files. */
    static final class FileContext implements DataStreamSourceExternalContext<RowData> {
        private final Path dir;
        private int writers;

        FileContext(String testName) {
            try {
                dir = Files.createTempDirectory("lightstream-suite");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Path split(int index) {
            return dir.resolve("split-" + index + ".arrows");
        }

        @Override
        public Source<RowData, ?, ?> createSource(TestingSourceSettings settings) {
            if (settings.getBoundedness() != Boundedness.BOUNDED) {
                throw new UnsupportedOperationException("file endpoints receive no data while the job runs");
            }
            List<String> uris = new ArrayList<>();
            for (int i = 0; i < SPLITS; i++) {
                // Splits the case does not write to stay empty streams.
                if (!Files.exists(split(i))) {
                    write(split(i), List.of());
                }
                uris.add(split(i).toString());
            }
            return LightstreamSource.<RowData>builder()
                    .setUris(uris)
                    .setDeserializer(LightstreamDeserializer.rowData(ROW_TYPE))
                    .build();
        }

        private static void write(Path file, List<RowData> rows) {
            try {
                ArrowTestFiles.write(file, ROW_TYPE, rows, 17);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public ExternalSystemSplitDataWriter<RowData> createSourceSplitDataWriter(TestingSourceSettings settings) {
            Path file = split(writers++);
            List<RowData> all = new ArrayList<>();
            return new ExternalSystemSplitDataWriter<>() {
                @Override
                public void writeRecords(List<RowData> records) {
                    all.addAll(records);
                    write(file, all);
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public List<RowData> generateTestData(TestingSourceSettings settings, int splitIndex, long seed) {
            return SuiteRows.generate(splitIndex, seed);
        }

        @Override
        public TypeInformation<RowData> getProducedType() {
            return InternalTypeInfo.of(ROW_TYPE);
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
