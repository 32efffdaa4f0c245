package io.lightstream.flink.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Format;
import io.lightstream.flink.format.ArrowBulkFormat;
import io.lightstream.flink.format.ArrowBulkWriterFactory;
import io.lightstream.flink.format.ArrowFileEnumerator;
import io.lightstream.flink.testutils.ArrowTestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arrow IPC files with Flink's own file connector on a MiniCluster: {@code FileSource} with the
 * Arrow format over batch-aligned splits at parallelism 2, {@code FileSink} writing Arrow files that
 * {@code Lightstream.read} reads back, a failover between the two that must neither lose nor repeat
 * a row (the source resumes at its checkpointed batch and row, the sink commits exactly once), and
 * SQL over {@code 'connector' = 'filesystem', 'format' = 'arrow'}: reading, writing, projection and
 * errors. Every output is checked by count and checksum.
 */
class ArrowFileFormatITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(4)
                    .build());

    /** Small splits, so that every file is read by several readers. */
    private static final long SPLIT_BYTES = 16 * 1024;

    @TempDir
    Path dir;

    private static FileSource<RowData> source(Path input) {
        return FileSource.forBulkFileFormat(ArrowBulkFormat.builder(Dataset.ROW_TYPE).build(),
                        new org.apache.flink.core.fs.Path(input.toUri()))
                .setFileEnumerator(ArrowFileEnumerator.provider(SPLIT_BYTES))
                .build();
    }

    private static FileSink<RowData> sink(Path output) {
        return FileSink.forBulkFormat(new org.apache.flink.core.fs.Path(output.toUri()),
                        ArrowBulkWriterFactory.builder(Dataset.ROW_TYPE).setBatchMaxRows(300).build())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withOutputFileConfig(OutputFileConfig.builder().withPartSuffix(".arrow").build())
                .build();
    }

    /** Finished part files (in-progress and pending files are hidden). */
    private static List<Path> finished(Path output) throws IOException {
        try (Stream<Path> s = Files.walk(output)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(".")
                            && !p.getFileName().toString().startsWith("_"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private Dataset dataset(String name, int files, int rowsPerFile) throws IOException {
        Path input = Files.createDirectories(dir.resolve(name));
        return new Dataset(input, files, rowsPerFile, 250, ".arrow");
    }

    @Test
    void fileSourceReadsEveryRowOverBatchAlignedSplits() throws Exception {
        Dataset data = dataset("source-in", 3, 3_000);
        Path input = data.files.get(0).getParent();
        int splits = new ArrowFileEnumerator(SPLIT_BYTES).enumerateSplits(
                new org.apache.flink.core.fs.Path[] {new org.apache.flink.core.fs.Path(input.toUri())}, 2).size();
        assertThat(splits).as("splits of 3 files").isGreaterThan(6);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<RowData> rows = new ArrayList<>();
        try (CloseableIterator<RowData> it = env.fromSource(source(input), WatermarkStrategy.noWatermarks(),
                "arrow-files").executeAndCollect()) {
            it.forEachRemaining(rows::add);
        }
        assertThat((long) rows.size()).isEqualTo(data.rows);
        assertThat(Dataset.checksum(rows)).isEqualTo(data.expectedChecksum());
    }

    @Test
    void fileSinkWritesArrowFilesThatLightstreamReads() throws Exception {
        Dataset data = dataset("sink-in", 2, 2_500);
        Path output = dir.resolve("sink-out");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.fromSource(source(data.files.get(0).getParent()), WatermarkStrategy.noWatermarks(), "arrow-files")
                .sinkTo(sink(output));
        env.execute("arrow file copy");

        List<Path> files = finished(output);
        assertThat(files).isNotEmpty().allMatch(p -> p.toString().endsWith(".arrow"));
        List<RowData> out = ArrowTestFiles.read(files, Dataset.ROW_TYPE);
        assertThat((long) out.size()).isEqualTo(data.rows);
        assertThat(Dataset.checksum(out)).isEqualTo(data.expectedChecksum());
    }

    /** Fails the job once, after a checkpoint has completed and part of the rows went through. */
    static final class FailOnceAfterCheckpoint implements MapFunction<RowData, RowData>, CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private long seen;
        private boolean checkpointed;

        @Override
        public RowData map(RowData row) throws Exception {
            if (++seen % 25 == 0) {
                Thread.sleep(1); // keep the job running across several checkpoints
            }
            if (checkpointed && seen > 1_500 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("planned failure");
            }
            return row;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    void failoverResumesAtTheCheckpointedBatchAndRowWithoutLossOrRepeats() throws Exception {
        Dataset data = dataset("failover-in", 2, 4_000);
        Path output = dir.resolve("failover-out");
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        FailOnceAfterCheckpoint.FAILED.set(false);
        env.fromSource(source(data.files.get(0).getParent()), WatermarkStrategy.noWatermarks(), "arrow-files")
                .map(new FailOnceAfterCheckpoint()).returns(ArrowBulkFormat.builder(Dataset.ROW_TYPE).build()
                        .getProducedType())
                .sinkTo(sink(output));
        env.execute("arrow file failover");

        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();
        List<RowData> out = ArrowTestFiles.read(finished(output), Dataset.ROW_TYPE);
        // FileSink commits exactly once: a row read twice after the restore would show here.
        assertThat((long) out.size()).isEqualTo(data.rows);
        assertThat(Dataset.checksum(out)).isEqualTo(data.expectedChecksum());
    }

    // ---------------------------------------------------------------------------------------------
    // SQL over the filesystem connector.

    private static TableEnvironment batchTables() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        env.getConfig().set("parallelism.default", "2");
        env.getConfig().set("restart-strategy.type", "none");
        return env;
    }

    private static String table(String name, String columns, Path path, String extraOptions) {
        return "CREATE TABLE " + name + " (" + columns + ") WITH ('connector' = 'filesystem', 'path' = '"
                + path.toUri() + "', 'format' = 'arrow'" + extraOptions + ")";
    }

    private static List<Row> collect(TableResult result) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void sqlReadsWritesAndPushesProjectionIntoTheFormat() throws Exception {
        Dataset data = dataset("sql-in", 2, 1_500);
        Path input = data.files.get(0).getParent();
        Path output = dir.resolve("sql-out");
        TableEnvironment tables = batchTables();
        tables.executeSql(table("src", "id BIGINT NOT NULL, name STRING, ts TIMESTAMP_LTZ(6)", input, ""));
        tables.executeSql(table("dst", "id BIGINT NOT NULL, name STRING, ts TIMESTAMP_LTZ(6)", output,
                ", 'arrow.batch.max-rows' = '200', 'arrow.compression' = 'zstd'"));

        tables.executeSql("INSERT INTO dst SELECT * FROM src").await();
        List<RowData> written = ArrowTestFiles.read(finished(output), Dataset.ROW_TYPE, Format.ARROW_FILE);
        assertThat((long) written.size()).isEqualTo(data.rows);
        assertThat(Dataset.checksum(written)).isEqualTo(data.expectedChecksum());

        // Read back through SQL, every column.
        List<RowData> all = new ArrayList<>();
        for (Row r : collect(tables.executeSql("SELECT id, name, ts FROM dst"))) {
            all.add(GenericRowData.of(r.getFieldAs(0), r.getField(1) == null ? null
                    : StringData.fromString(r.getFieldAs(1)), r.getField(2) == null ? null
                    : TimestampData.fromInstant(r.getFieldAs(2))));
        }
        assertThat((long) all.size()).isEqualTo(data.rows);
        assertThat(Dataset.checksum(all)).isEqualTo(data.expectedChecksum());

        // Projection: the plan hands the format only the columns used.
        String plan = tables.explainSql("SELECT name, id FROM src WHERE id % 2 = 0");
        assertThat(plan).contains("project=[id, name]").doesNotContain("ts");
        List<Row> projected = collect(tables.executeSql("SELECT name, id FROM src WHERE id % 2 = 0"));
        assertThat(projected).hasSize((int) (data.rows / 2));
        for (Row r : projected) {
            long id = r.getFieldAs(1);
            assertThat(r.getField(0)).isEqualTo(id % 7 == 0 ? null : "row-" + id);
        }
    }

    @Test
    void columnsOutsideTheProjectionAreNeverReadFromTheFile() throws Exception {
        Dataset data = dataset("projection-in", 1, 800);
        Path input = data.files.get(0).getParent();
        TableEnvironment tables = batchTables();
        // 'ts' is declared with a type the file's timestamp column cannot be read as.
        tables.executeSql(table("skewed", "id BIGINT NOT NULL, name STRING, ts BOOLEAN", input, ""));

        List<Row> rows = collect(tables.executeSql("SELECT id, name FROM skewed"));
        assertThat(rows).hasSize(800);
        assertThat(rows.stream().mapToLong(r -> r.<Long>getFieldAs(0)).sum()).isEqualTo(799L * 800 / 2);

        assertThatThrownBy(() -> collect(tables.executeSql("SELECT id, ts FROM skewed")))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                        .contains("ts")
                        .contains(data.files.get(0).toUri().getPath()));
    }

    @Test
    void sqlErrorsNameTheOptionOrTheFile() throws Exception {
        Path input = Files.createDirectories(dir.resolve("bad-in"));
        Path bad = input.resolve("not-arrow.arrow");
        Files.write(bad, "id,name\n1,one\n2,two\n3,three\n4,four\n5,five\n".getBytes(StandardCharsets.UTF_8));
        TableEnvironment tables = batchTables();

        tables.executeSql(table("unknown_option", "id BIGINT", input, ", 'arrow.no-such-option' = '1'"));
        assertThatThrownBy(() -> tables.executeSql("SELECT * FROM unknown_option"))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e)).contains("arrow.no-such-option"));

        tables.executeSql(table("bad_codec", "id BIGINT", dir.resolve("bad-out"), ", 'arrow.compression' = 'snappy'"));
        assertThatThrownBy(() -> tables.executeSql("INSERT INTO bad_codec VALUES (1)"))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e)).contains("arrow.compression"));

        tables.executeSql(table("bad_type", "id BIGINT, z VARIANT", dir.resolve("variant-out"), ""));
        assertThatThrownBy(() -> tables.executeSql("INSERT INTO bad_type SELECT 1, CAST(NULL AS VARIANT)"))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e)).contains("column 'z'"));

        tables.executeSql(table("bad_file", "id BIGINT", input, ""));
        assertThatThrownBy(() -> collect(tables.executeSql("SELECT * FROM bad_file")))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                        .contains(bad.toUri().getPath())
                        .contains("magic"));
    }
}
