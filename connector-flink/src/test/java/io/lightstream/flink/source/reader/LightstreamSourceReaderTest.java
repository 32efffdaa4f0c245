package io.lightstream.flink.source.reader;

import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.source.split.LightstreamSplit;
import io.lightstream.flink.testutils.ArrowTestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.testutils.source.reader.SourceReaderTestBase;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink's reader contract tests ({@link SourceReaderTestBase}) against real Arrow stream files: one
 * {@code .arrows} file per split, written through lightstream-common, in batches of 5 rows.
 */
class LightstreamSourceReaderTest extends SourceReaderTestBase<LightstreamSplit> {
    private static final int BATCH_ROWS = 5;

    @TempDir
    Path dir;

    @Override
    protected SourceReader<Integer, LightstreamSplit> createReader() {
        // Unbounded: the test framework snapshots splits after reading all their rows, so a split must
        // stay assigned at the end of its file.
        return LightstreamSourceReader.create(ConnectionSettings.builder().build(), false, new IntegerDeserializer(),
                new TestingReaderContext());
    }

    @Override
    protected List<LightstreamSplit> getSplits(int numSplits, int numRecordsPerSplit, Boundedness boundedness) {
        List<LightstreamSplit> splits = new ArrayList<>();
        for (int i = 0; i < numSplits; i++) {
            splits.add(getSplit(i, numRecordsPerSplit, boundedness));
        }
        return splits;
    }

    @Override
    protected LightstreamSplit getSplit(int splitId, int numRecords, Boundedness boundedness) {
        Path file = dir.resolve("split-" + splitId + ".arrows");
        List<RowData> rows = new ArrayList<>();
        for (int i = 0; i < numRecords; i++) {
            rows.add(GenericRowData.of(splitId * numRecords + i));
        }
        try {
            ArrowTestFiles.write(file, IntegerDeserializer.ROW_TYPE, rows, BATCH_ROWS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return LightstreamSplit.atStart(file.toString(), splitId);
    }

    @Override
    protected long getNextRecordIndex(LightstreamSplit split) {
        return split.batchSequence() * BATCH_ROWS + split.rowOffset();
    }
}
