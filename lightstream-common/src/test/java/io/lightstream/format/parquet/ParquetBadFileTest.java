package io.lightstream.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightstream.Batch;
import io.lightstream.Compression;
import io.lightstream.FormatException;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.format.SampleTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Damaged and foreign files give a {@link FormatException} naming the file, never partial silent output. */
class ParquetBadFileTest {
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

    private byte[] validFile(Compression codec) throws IOException {
        Path file = dir.resolve("valid-" + codec + ".parquet");
        Schema schema = SampleTables.flatSchema();
        try (DictionaryProvider.MapDictionaryProvider d = new DictionaryProvider.MapDictionaryProvider();
                LightstreamWriter w = ParquetFormat.openWriter(file, schema,
                        WriteOptions.builder().compression(codec).property("dictionary", "false").build());
                VectorSchemaRoot root = SampleTables.fill(schema, allocator, 0, 2000, d)) {
            w.write(root);
        }
        return Files.readAllBytes(file);
    }

    /** Reads the whole file, closing every batch; returns the rows read. */
    private long readAll(Path file) throws IOException {
        long rows = 0;
        try (LightstreamReader r = ParquetFormat.openReader(file, ReadOptions.builder().allocator(allocator).build())) {
            for (Batch next = r.readBatch(); next != null; next = r.readBatch()) {
                try (Batch b = next) {
                    rows += b.rowCount();
                }
            }
        }
        return rows;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void wrongMagic() throws IOException {
        Path p = write("text.parquet", "this is not a parquet file at all, just text".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> readAll(p)).isInstanceOf(FormatException.class).hasMessageContaining(p.toString());
    }

    @Test
    void emptyFile() throws IOException {
        Path p = write("empty.parquet", new byte[0]);
        assertThatThrownBy(() -> readAll(p)).isInstanceOf(FormatException.class).hasMessageContaining(p.toString());
    }

    @Test
    void truncatedFooter() throws IOException {
        byte[] valid = validFile(Compression.NONE);
        for (int cut : new int[] {1, 4, 8, 20, 200}) {
            Path p = write("cut" + cut + ".parquet", Arrays.copyOf(valid, valid.length - cut));
            assertThatThrownBy(() -> readAll(p)).as("cut %d", cut).isInstanceOf(FormatException.class)
                    .hasMessageContaining(p.toString());
        }
    }

    @Test
    void footerLengthPointingOutsideTheFile() throws IOException {
        byte[] bytes = validFile(Compression.NONE);
        int n = bytes.length;
        bytes[n - 8] = (byte) 0xFF;
        bytes[n - 7] = (byte) 0xFF;
        bytes[n - 6] = (byte) 0xFF;
        bytes[n - 5] = (byte) 0x7F;
        Path p = write("huge-footer.parquet", bytes);
        assertThatThrownBy(() -> readAll(p)).isInstanceOf(FormatException.class).hasMessageContaining(p.toString());
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"NONE", "ZSTD", "SNAPPY", "GZIP", "LZ4_RAW"})
    void corruptedPagesFailTypedOrReadBackEveryRow(Compression codec) throws IOException {
        byte[] valid = validFile(codec);
        // Overwrite a run of bytes in the middle of the column data (after the magic, before the footer).
        for (int at = 64; at < valid.length / 2; at += valid.length / 9) {
            byte[] bytes = valid.clone();
            for (int i = at; i < at + 16; i++) {
                bytes[i] = (byte) 0xA5;
            }
            Path p = write("corrupt-" + codec + "-" + at + ".parquet", bytes);
            try {
                // Uncompressed plain values can be damaged without a structural error: then every row still reads.
                assertThat(readAll(p)).isEqualTo(2000);
            } catch (FormatException e) {
                assertThat(e).hasMessageContaining(p.toString());
            }
        }
    }
}
