package io.lightstream.format.json;

import io.lightstream.LightstreamException;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Opens JSON readers and writers on files or on streams (standard input and output in text mode).
 * Readers accept both newline-delimited objects and an array of objects; writers produce the array
 * form for {@link io.lightstream.Format#JSON} and newline-delimited objects for {@link
 * io.lightstream.Format#NDJSON}. Thread-safe (stateless).
 */
public final class JsonFormat {
    private JsonFormat() {}

    public static LightstreamReader openReader(Path file, ReadOptions options) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new LightstreamException("no such file: " + file, e);
        }
        return new JsonReader(in, file.toString(), options);
    }

    /** A reader of {@code in}, which it closes; {@code name} appears in error messages. */
    public static LightstreamReader openReader(InputStream in, String name, ReadOptions options) throws IOException {
        return new JsonReader(in, name, options);
    }

    /** @param array true for an array of objects ({@code .json}), false for newline-delimited objects */
    public static LightstreamWriter openWriter(Path file, Schema schema, boolean array, WriteOptions options)
            throws IOException {
        // Validate before creating the file, so a bad schema leaves nothing behind.
        new JsonWriter(OutputStream.nullOutputStream(), file.toString(), schema, array, options).close();
        return new JsonWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), file.toString(), schema,
                array, options);
    }

    /** A writer to {@code out}, which it closes; {@code name} appears in error messages. */
    public static LightstreamWriter openWriter(OutputStream out, String name, Schema schema, boolean array,
            WriteOptions options) throws IOException {
        return new JsonWriter(out, name, schema, array, options);
    }
}
