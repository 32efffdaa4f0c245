package io.lightstream.flink.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.codec.DecodeLimits;
import io.lightstream.codec.ipc.IpcFileReader;
import io.lightstream.flink.arrow.UnsupportedTypeException;
import io.lightstream.flink.arrow.vectors.ReleasedBatchException;
import io.lightstream.sample.SampleShape;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk format and writer without a cluster: files written by the writer read back through
 * batch-aligned splits, exact restores from every checkpoint position, projection, dictionary
 * columns, reads through a file system stream, and clear errors for bad files. The readers and
 * writers own capped allocators that fail on leaked memory when they close.
 */
class ArrowBulkFormatTest {
    private static final RowType ROW_TYPE = (RowType) DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
            DataTypes.FIELD("name", DataTypes.STRING()),
            DataTypes.FIELD("score", DataTypes.DOUBLE())).getLogicalType();

    @TempDir
    Path dir;

    private BufferAllocator allocator;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        allocator.close();
    }

    private static List<RowData> rows(long from, int count) {
        List<RowData> rows = new ArrayList<>();
        for (long i = from; i < from + count; i++) {
            rows.add(GenericRowData.of(i, i % 5 == 0 ? null : StringData.fromString("name-" + i),
                    i % 7 == 0 ? null : i * 0.5));
        }
        return rows;
    }

    /** A file of {@code rows} rows in batches of {@code batchRows}. */
    private Path file(String name, int rows, int batchRows) throws IOException {
        Path file = dir.resolve(name);
        ArrowFormatFiles.write(file, ArrowBulkWriterFactory.builder(ROW_TYPE).setBatchMaxRows(batchRows).build(),
                rows(0, rows));
        return file;
    }

    private static ArrowBulkFormat format(RowType rowType, boolean mmap) {
        return ArrowBulkFormat.builder(rowType).setMemoryMapping(mmap).build();
    }

    @Test
    void readsEveryRowOnceAcrossBatchAlignedSplits() throws IOException {
        Path file = file("data.arrow", 1_000, 64);
        List<FileSourceSplit> splits = ArrowFormatFiles.splits(4_096, file);
        assertThat(splits).hasSizeGreaterThan(3);
        for (boolean mmap : new boolean[] {true, false}) {
            List<RowData> read = new ArrayList<>();
            for (FileSourceSplit s : splits) {
                read.addAll(ArrowFormatFiles.rows(ArrowFormatFiles.read(format(ROW_TYPE, mmap), s)));
            }
            assertThat(ArrowFormatFiles.binary(ROW_TYPE, read))
                    .containsExactlyElementsOf(ArrowFormatFiles.binary(ROW_TYPE, rows(0, 1_000)));
        }
    }

    @Test
    void splitsCutAnywhereStillReadEveryBatchOnce() throws IOException {
        // As Flink's block-splitting enumerator cuts: fixed byte ranges that ignore batch boundaries.
        Path file = file("blocks.arrow", 700, 50);
        long size = Files.size(file);
        org.apache.flink.core.fs.Path p = new org.apache.flink.core.fs.Path(file.toUri());
        List<RowData> read = new ArrayList<>();
        for (long at = 0; at < size; at += 1_000) {
            long length = Math.min(1_000, size - at);
            read.addAll(ArrowFormatFiles.rows(ArrowFormatFiles.read(format(ROW_TYPE, true),
                    new FileSourceSplit("b" + at, p, at, length, 0, size))));
        }
        assertThat(ArrowFormatFiles.binary(ROW_TYPE, read))
                .containsExactlyElementsOf(ArrowFormatFiles.binary(ROW_TYPE, rows(0, 700)));
    }

    @Test
    void restoresExactlyFromEveryCheckpointPosition() throws IOException {
        Path file = file("restore.arrow", 23, 4);
        ArrowBulkFormat format = format(ROW_TYPE, true);
        for (FileSourceSplit split : ArrowFormatFiles.splits(600, file)) {
            List<ArrowFormatFiles.Read> all = ArrowFormatFiles.read(format, split);
            assertThat(all).isNotEmpty();
            for (int k = 0; k < all.size(); k++) {
                // A checkpoint after row k holds that row's position; the restored reader continues after it.
                CheckpointedPosition position = all.get(k).after();
                List<RowData> rest = ArrowFormatFiles.rows(
                        ArrowFormatFiles.read(format, split.updateWithCheckpointedPosition(position)));
                assertThat(ArrowFormatFiles.binary(ROW_TYPE, rest)).as("restored after row %d of %s", k, split)
                        .containsExactlyElementsOf(ArrowFormatFiles.binary(ROW_TYPE,
                                ArrowFormatFiles.rows(all.subList(k + 1, all.size()))));
            }
        }
    }

    @Test
    void aRowKeptPastItsReleasedBatchFailsWhenRead() throws IOException {
        Path file = file("kept.arrow", 10, 4);
        for (boolean mmap : new boolean[] {true, false}) {
            try (BulkFormat.Reader<RowData> reader = format(ROW_TYPE, mmap)
                    .createReader(new Configuration(), ArrowFormatFiles.whole(file))) {
                BulkFormat.RecordIterator<RowData> batch = reader.readBatch();
                RowData kept = batch.next().getRecord();
                assertThat(kept.getLong(0)).isZero();
                batch.releaseBatch();
                assertThatThrownBy(() -> kept.getLong(0)).isInstanceOf(ReleasedBatchException.class)
                        .hasMessageContaining("column 'id', row 0");
                assertThatThrownBy(() -> kept.getString(1)).isInstanceOf(ReleasedBatchException.class);
                // The next batch is a view of its own, unaffected.
                BulkFormat.RecordIterator<RowData> next = reader.readBatch();
                assertThat(next.next().getRecord().getLong(0)).isEqualTo(4);
                next.releaseBatch();
            }
        }
    }

    @Test
    void positionsAreBatchIndexAndRowsRead() throws IOException {
        Path file = file("positions.arrow", 10, 4);
        List<ArrowFormatFiles.Read> all = ArrowFormatFiles.read(format(ROW_TYPE, true), ArrowFormatFiles.whole(file));
        assertThat(all.stream().map(ArrowFormatFiles.Read::after)).containsExactly(
                new CheckpointedPosition(0, 1), new CheckpointedPosition(0, 2), new CheckpointedPosition(0, 3),
                new CheckpointedPosition(0, 4), new CheckpointedPosition(1, 1), new CheckpointedPosition(1, 2),
                new CheckpointedPosition(1, 3), new CheckpointedPosition(1, 4), new CheckpointedPosition(2, 1),
                new CheckpointedPosition(2, 2));
    }

    @Test
    void aPositionOutsideTheSplitIsRejectedNamingTheFile() throws IOException {
        Path file = file("outside.arrow", 40, 4);
        List<FileSourceSplit> splits = ArrowFormatFiles.splits(400, file);
        assertThat(splits).hasSizeGreaterThan(1);
        FileSourceSplit first = splits.get(0).updateWithCheckpointedPosition(new CheckpointedPosition(9, 1));
        assertThatThrownBy(() -> ArrowFormatFiles.read(format(ROW_TYPE, true), first))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(file.toUri().getPath())
                .hasMessageContaining("record batch 9");
    }

    @Test
    void projectionReadsOnlyTheDeclaredColumnsInTheDeclaredOrder() throws IOException {
        Path file = file("projection.arrow", 50, 16);
        RowType projected = (RowType) DataTypes.ROW(DataTypes.FIELD("score", DataTypes.DOUBLE()),
                DataTypes.FIELD("id", DataTypes.BIGINT().notNull())).getLogicalType();
        List<RowData> read = ArrowFormatFiles.rows(ArrowFormatFiles.read(format(projected, true),
                ArrowFormatFiles.whole(file)));
        assertThat(read).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(read.get(i).getArity()).isEqualTo(2);
            assertThat(read.get(i).getLong(1)).isEqualTo(i);
            assertThat(read.get(i).isNullAt(0)).isEqualTo(i % 7 == 0);
            if (i % 7 != 0) {
                assertThat(read.get(i).getDouble(0)).isEqualTo(i * 0.5);
            }
        }
    }

    @Test
    void readsDictionaryColumnsOfFilesWrittenByLightstream() throws Exception {
        Path file = dir.resolve("mixed.arrow");
        SampleShape shape = SampleShape.MIXED;
        try (SampleShape.Dictionaries dictionaries = shape.dictionaries(allocator);
                VectorSchemaRoot root = VectorSchemaRoot.create(shape.schema(), allocator);
                LightstreamWriter out = Lightstream.write(file.toString(), shape.schema(),
                        WriteOptions.builder().dictionaries(dictionaries).build())) {
            for (int b = 0; b < 3; b++) {
                shape.fill(root, b * 100L, 100);
                out.write(root, dictionaries);
            }
        }
        RowType rowType = (RowType) DataTypes.ROW(DataTypes.FIELD("ids", DataTypes.INT().notNull()),
                DataTypes.FIELD("category", DataTypes.STRING().notNull()),
                DataTypes.FIELD("labels", DataTypes.STRING().notNull())).getLogicalType();
        List<RowData> read = ArrowFormatFiles.rows(ArrowFormatFiles.read(format(rowType, true),
                ArrowFormatFiles.whole(file)));
        assertThat(read).hasSize(300);
        String[] colours = {"red", "green", "blue"};
        for (int i = 0; i < 300; i++) {
            assertThat(read.get(i).getInt(0)).isEqualTo(i);
            assertThat(read.get(i).getString(1).toString()).isEqualTo(colours[i % 3]);
            assertThat(read.get(i).getString(2).toString()).isEqualTo("row_" + i);
        }
    }

    @Test
    void readsThroughAFileSystemStreamAsThroughAMapping() throws IOException {
        Path file = file("stream.arrow", 300, 32);
        FileSystem fs = FileSystem.getLocalFileSystem();
        org.apache.flink.core.fs.Path p = new org.apache.flink.core.fs.Path(file.toUri());
        try (BufferAllocator a = allocator.newChildAllocator("stream", 0, Long.MAX_VALUE);
                IpcFileReader viaStream = new IpcFileReader(new FsInputChannel(fs.open(p), Files.size(file),
                        file.toString()), file.toString(), false, a, DecodeLimits.DEFAULT, true);
                IpcFileReader viaChannel = new IpcFileReader(FileChannel.open(file, StandardOpenOption.READ),
                        file.toString(), true, a, DecodeLimits.DEFAULT, true)) {
            assertThat(viaStream.batchCount()).isEqualTo(viaChannel.batchCount()).isEqualTo(10);
            for (int i = viaStream.batchCount() - 1; i >= 0; i--) {
                try (Batch x = viaStream.readBatch(i); Batch y = viaChannel.readBatch(i)) {
                    assertThat(x.root().contentToTSVString()).isEqualTo(y.root().contentToTSVString());
                }
            }
        }
    }

    @Test
    void writesAlignedFilesThatLightstreamReads() throws IOException {
        Path file = dir.resolve("written.arrow");
        List<RowData> expected = rows(0, 250);
        try (var out = FileSystem.getLocalFileSystem().create(new org.apache.flink.core.fs.Path(file.toUri()),
                FileSystem.WriteMode.OVERWRITE)) {
            var writer = ArrowBulkWriterFactory.builder(ROW_TYPE).setBatchMaxRows(100)
                    .setCompression(io.lightstream.Compression.ZSTD).build().create(out);
            for (int i = 0; i < 250; i++) {
                writer.addElement(expected.get(i));
                if (i == 29) {
                    writer.flush(); // a checkpoint: the open batch is written as it is
                }
            }
            writer.finish();
        }
        List<Integer> batchRows = new ArrayList<>();
        try (LightstreamReader in = Lightstream.read(file.toString(), ReadOptions.builder().allocator(allocator)
                .build())) {
            for (Batch b = in.readBatch(); b != null; b = in.readBatch()) {
                batchRows.add(b.rowCount());
                b.close();
            }
        }
        assertThat(batchRows).containsExactly(30, 100, 100, 20);
        try (IpcFileReader f = new IpcFileReader(FileChannel.open(file, StandardOpenOption.READ), file.toString(),
                false, allocator, DecodeLimits.DEFAULT, true)) {
            for (int i = 0; i < f.batchCount(); i++) {
                assertThat(f.batchOffset(i) % 64).as("batch %d offset", i).isZero();
                assertThat(f.batchLength(i) % 64).as("batch %d length", i).isZero();
            }
        }
        List<RowData> read = ArrowFormatFiles.rows(ArrowFormatFiles.read(format(ROW_TYPE, false),
                ArrowFormatFiles.whole(file)));
        assertThat(ArrowFormatFiles.binary(ROW_TYPE, read))
                .containsExactlyElementsOf(ArrowFormatFiles.binary(ROW_TYPE, expected));
    }

    @Test
    void anEmptyPartFileHasASchemaAndNoRows() throws IOException {
        Path file = file("empty.arrow", 0, 10);
        assertThat(ArrowFormatFiles.splits(1 << 20, file)).hasSize(1);
        assertThat(ArrowFormatFiles.read(format(ROW_TYPE, true), ArrowFormatFiles.whole(file))).isEmpty();
    }

    @Test
    void rejectsBadConfiguration() {
        assertThatThrownBy(() -> ArrowBulkFormat.builder(ROW_TYPE).setMemoryLimit(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArrowBulkWriterFactory.builder(ROW_TYPE).setBatchMaxRows(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArrowBulkWriterFactory.builder(ROW_TYPE)
                .setCompression(io.lightstream.Compression.SNAPPY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an Arrow IPC body compression");
        RowType raw = (RowType) DataTypes.ROW(DataTypes.FIELD("t", DataTypes.TIMESTAMP_WITH_TIME_ZONE(3)))
                .getLogicalType();
        assertThatThrownBy(() -> ArrowBulkFormat.builder(raw)).isInstanceOf(UnsupportedTypeException.class)
                .hasMessageContaining("t");
    }

    // ---------------------------------------------------------------------------------------------
    // Bad files: typed errors naming the file.

    @Test
    void aFileThatIsNotArrowIsNamed() throws IOException {
        Path file = dir.resolve("text.arrow");
        Files.write(file, "id,name\n1,one\n2,two\n3,three\n4,four\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ArrowFormatFiles.read(format(ROW_TYPE, true), ArrowFormatFiles.whole(file)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(file.toUri().getPath())
                .hasMessageContaining("magic");
        assertThatThrownBy(() -> ArrowFormatFiles.splits(1 << 20, file))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(file.toUri().getPath());
    }

    @Test
    void aTruncatedFileIsNamed() throws IOException {
        Path file = file("truncated.arrow", 100, 10);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 40));
        assertThatThrownBy(() -> ArrowFormatFiles.read(format(ROW_TYPE, true), ArrowFormatFiles.whole(file)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(file.toUri().getPath());
    }

    @Test
    void aCorruptBatchIsNamedWithItsIndex() throws IOException {
        Path file = file("corrupt.arrow", 100, 10);
        long at;
        try (IpcFileReader f = new IpcFileReader(FileChannel.open(file, StandardOpenOption.READ), file.toString(),
                false, allocator, DecodeLimits.DEFAULT, false)) {
            at = f.batchOffset(3);
        }
        byte[] bytes = Files.readAllBytes(file);
        // Overwrite the batch's metadata flatbuffer (after the continuation marker and length).
        for (int i = 8; i < 40; i++) {
            bytes[(int) at + i] = (byte) 0x7F;
        }
        Files.write(file, bytes);
        for (boolean mmap : new boolean[] {true, false}) {
            assertThatThrownBy(() -> ArrowFormatFiles.read(format(ROW_TYPE, mmap), ArrowFormatFiles.whole(file)))
                    .isInstanceOf(FormatException.class)
                    .hasMessageContaining(file.toUri().getPath())
                    .hasMessageContaining("record batch 3");
        }
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("missing.arrow");
        long size = 1_000;
        FileSourceSplit split = new FileSourceSplit("m", new org.apache.flink.core.fs.Path(file.toUri()), 0, size, 0,
                size);
        assertThatThrownBy(() -> ArrowFormatFiles.read(format(ROW_TYPE, true), split))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(file.toUri().getPath());
    }

    @Test
    void aColumnMissingFromTheFileIsNamedWithTheFile() throws IOException {
        Path file = file("columns.arrow", 10, 10);
        RowType other = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT()),
                DataTypes.FIELD("price", DataTypes.DOUBLE())).getLogicalType();
        assertThatThrownBy(() -> ArrowFormatFiles.read(format(other, true), ArrowFormatFiles.whole(file)))
                .isInstanceOf(UnsupportedTypeException.class)
                .hasMessageContaining("price")
                .hasMessageContaining(file.toUri().getPath());
        RowType wrongType = (RowType) DataTypes.ROW(DataTypes.FIELD("name", DataTypes.BIGINT())).getLogicalType();
        assertThatThrownBy(() -> ArrowFormatFiles.read(format(wrongType, true), ArrowFormatFiles.whole(file)))
                .isInstanceOf(UnsupportedTypeException.class)
                .hasMessageContaining("name");
    }

    @Test
    void aBatchAboveTheMemoryLimitIsAClearError() throws IOException {
        Path file = file("large.arrow", 20_000, 20_000);
        ArrowBulkFormat small = ArrowBulkFormat.builder(ROW_TYPE).setMemoryLimit(64 * 1024).setMemoryMapping(false)
                .build();
        assertThatThrownBy(() -> ArrowFormatFiles.read(small, ArrowFormatFiles.whole(file)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toUri().getPath())
                .hasMessageContaining("record batch 0");
    }
}
