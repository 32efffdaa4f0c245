package io.lightstream.format.parquet;

import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Opens Parquet readers and writers on local files. See {@link ParquetBatchReader} and {@link
 * ParquetBatchWriter} for the options each understands. Thread-safe (stateless).
 */
public final class ParquetFormat {
    private ParquetFormat() {}

    public static LightstreamReader openReader(Path file, ReadOptions options) throws IOException {
        return new ParquetBatchReader(new LocalInputFile(file), file.toString(), options);
    }

    public static LightstreamWriter openWriter(Path file, Schema schema, WriteOptions options) throws IOException {
        return new ParquetBatchWriter(new LocalOutputFile(file), file.toString(), schema, options);
    }
}
