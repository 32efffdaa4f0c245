package io.lightstream.format.csv;

import io.lightstream.LightstreamException;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Opens CSV readers and writers on files or on streams (standard input and output in text mode).
 * See {@link CsvReader} and {@link CsvWriter} for the options. Thread-safe (stateless).
 */
public final class CsvFormat {
    private CsvFormat() {}

    public static LightstreamReader openReader(Path file, ReadOptions options) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new LightstreamException("no such file: " + file, e);
        }
        return new CsvReader(in, file.toString(), options);
    }

    /** A reader of {@code in}, which it closes; {@code name} appears in error messages. */
    public static LightstreamReader openReader(InputStream in, String name, ReadOptions options) throws IOException {
        return new CsvReader(in, name, options);
    }

    public static LightstreamWriter openWriter(Path file, Schema schema, WriteOptions options) throws IOException {
        // Validate before creating the file, so a bad schema leaves nothing behind.
        new CsvWriter(OutputStream.nullOutputStream(), file.toString(), schema, options).close();
        return new CsvWriter(Files.newOutputStream(file), file.toString(), schema, options);
    }

    /** A writer to {@code out}, which it closes; {@code name} appears in error messages. */
    public static LightstreamWriter openWriter(OutputStream out, String name, Schema schema, WriteOptions options) {
        return new CsvWriter(out, name, schema, options);
    }
}
