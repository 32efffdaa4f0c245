package io.lightstream.bench.flink;

import io.lightstream.Compression;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamWriter;
import io.lightstream.WriteOptions;
import io.lightstream.sample.SampleShape;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes the rows of a {@link SampleShape} to a file in any format Lightstream writes (chosen by
 * extension: {@code .arrows} stream, {@code .arrow} IPC file, {@code .parquet}), in batches of a
 * given size (for Parquet: uncompressed, the reader's easiest case). Stateless.
 */
final class InputFiles {
    private InputFiles() {}

    static void write(Path file, SampleShape shape, long rows, int batchRows) throws IOException {
        try (BufferAllocator allocator = new RootAllocator();
                SampleShape.Dictionaries dictionaries = shape.dictionaries(allocator);
                VectorSchemaRoot root = VectorSchemaRoot.create(shape.schema(), allocator);
                LightstreamWriter out = Lightstream.write(file.toString(), shape.schema(), WriteOptions.builder()
                        .dictionaries(dictionaries).compression(Compression.NONE).build())) {
            for (long first = 0; first < rows; first += batchRows) {
                int n = (int) Math.min(batchRows, rows - first);
                shape.fill(root, first, n);
                out.write(root, dictionaries);
            }
        }
    }
}
