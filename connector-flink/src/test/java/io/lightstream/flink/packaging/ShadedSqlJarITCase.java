package io.lightstream.flink.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import io.lightstream.flink.testutils.ArrowTestFiles;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.connector.file.table.factories.BulkReaderFormatFactory;
import org.apache.flink.connector.file.table.factories.BulkWriterFormatFactory;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.factories.FactoryUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded SQL jar (classifier {@code sql}), as a user drops it into Flink's {@code lib/}: only
 * relocated or allowed packages inside, the table and format factories registered, and the jar
 * working in a class loader that sees nothing but Flink and slf4j: the factories are discovered, an
 * Arrow allocator is created and used from the relocated classes, and the Arrow file format writes
 * and reads a file.
 */
class ShadedSqlJarITCase {
    private static final String SHADED = "io/lightstream/flink/shaded/";

    /** Packages a class in the jar may live in: ours, the relocated ones, and the JNI-bound codecs. */
    private static final List<String> ALLOWED = List.of("io/lightstream/", "com/github/luben/zstd/", "net/jpountz/",
            "org/xerial/snappy/");

    private static Path jar() {
        Path jar = Path.of(System.getProperty("sql.jar", "target/connector-flink-0.1.0-SNAPSHOT-sql.jar"));
        assertThat(jar).as("the sql jar is built in the package phase").exists();
        return jar;
    }

    @Test
    void holdsOnlyRelocatedOrAllowedClassesAndRegistersTheFactory() throws IOException {
        List<String> misplaced = new ArrayList<>();
        int relocated = 0;
        try (JarFile jar = new JarFile(jar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class")) {
                    continue;
                }
                if (name.startsWith(SHADED)) {
                    relocated++;
                } else if (ALLOWED.stream().noneMatch(name::startsWith)) {
                    misplaced.add(name);
                }
            }
            assertThat(misplaced).as("classes outside the allowed and relocated packages").isEmpty();
            assertThat(jar.getEntry(SHADED + "org/apache/arrow/memory/RootAllocator.class")).isNotNull();
            assertThat(jar.getEntry(SHADED + "com/google/flatbuffers/FlatBufferBuilder.class")).isNotNull();
            assertThat(jar.getEntry("org/apache/flink/table/factories/Factory.class")).as("Flink is provided").isNull();
            try (InputStream in = jar.getInputStream(
                    jar.getEntry("META-INF/services/org.apache.flink.table.factories.Factory"))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .contains("io.lightstream.flink.table.LightstreamDynamicTableFactory")
                        .contains("io.lightstream.flink.table.ArrowFormatFactory");
            }
        }
        assertThat(relocated).isGreaterThan(100);
    }

    /** Sees Flink and slf4j from the test class path, and nothing else (in particular no unshaded Arrow). */
    private static final class FlinkOnlyClassLoader extends ClassLoader {
        private final ClassLoader app = ShadedSqlJarITCase.class.getClassLoader();

        FlinkOnlyClassLoader() {
            super(ClassLoader.getPlatformClassLoader());
        }

        private static boolean visible(String name) {
            String n = name.replace('/', '.');
            return n.startsWith("org.apache.flink.") || n.startsWith("org.slf4j.");
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (visible(name)) {
                return app.loadClass(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            return visible(name) ? app.getResource(name) : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return visible(name) ? app.getResources(name) : Collections.emptyEnumeration();
        }
    }

    @Test
    void worksInIsolation() throws Exception {
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {jar().toUri().toURL()}, new FlinkOnlyClassLoader())) {
            // Unshaded Arrow is not visible: only the relocated copy can be used.
            assertThat(isolated.getResource("org/apache/arrow/memory/RootAllocator.class")).isNull();

            DynamicTableFactory factory = FactoryUtil.discoverFactory(isolated, DynamicTableFactory.class, "lightstream");
            assertThat(factory.getClass().getClassLoader()).isSameAs(isolated);

            Class<?> rootAllocator = isolated.loadClass("io.lightstream.flink.shaded.org.apache.arrow.memory.RootAllocator");
            Object allocator = rootAllocator.getConstructor(long.class).newInstance(1L << 20);
            Class<?> allocatorType = isolated.loadClass(
                    "io.lightstream.flink.shaded.org.apache.arrow.memory.BufferAllocator");
            Method buffer = allocatorType.getMethod("buffer", long.class);
            try (AutoCloseable buf = (AutoCloseable) buffer.invoke(allocator, 4096L)) {
                Method setLong = buf.getClass().getMethod("setLong", long.class, long.class);
                Method getLong = buf.getClass().getMethod("getLong", long.class);
                setLong.invoke(buf, 8L, 42L);
                assertThat(getLong.invoke(buf, 8L)).isEqualTo(42L);
                assertThat(allocatorType.getMethod("getAllocatedMemory").invoke(allocator)).isEqualTo(4096L);
            }
            ((AutoCloseable) allocator).close();

            // The type mapping runs against the relocated Arrow classes too.
            Class<?> mapping = isolated.loadClass("io.lightstream.flink.arrow.ArrowTypeMapping");
            Object schema = mapping.getMethod("toArrowSchema", org.apache.flink.table.types.logical.RowType.class)
                    .invoke(null, org.apache.flink.table.types.logical.RowType.of(
                            new org.apache.flink.table.types.logical.BigIntType()));
            assertThat(schema.getClass().getName())
                    .isEqualTo("io.lightstream.flink.shaded.org.apache.arrow.vector.types.pojo.Schema");
        }
        assertThat(Files.size(jar())).isPositive();
    }

    @TempDir
    Path dir;

    /**
     * The Arrow file format from the jar alone: both format factories discovered, a file written by
     * the relocated bulk writer, read back by the relocated bulk format, and read by the unshaded
     * library too (the bytes on disk do not depend on relocation).
     */
    @Test
    @SuppressWarnings("unchecked")
    void arrowFileFormatWorksInIsolation() throws Exception {
        RowType rowType = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
                DataTypes.FIELD("name", DataTypes.STRING())).getLogicalType();
        Path file = dir.resolve("isolated.arrow");
        int rows = 1_000;
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {jar().toUri().toURL()}, new FlinkOnlyClassLoader())) {
            assertThat(FactoryUtil.discoverFactory(isolated, BulkReaderFormatFactory.class, "arrow")
                    .getClass().getClassLoader()).isSameAs(isolated);
            assertThat(FactoryUtil.discoverFactory(isolated, BulkWriterFormatFactory.class, "arrow")
                    .getClass().getClassLoader()).isSameAs(isolated);

            Class<?> writerFactory = isolated.loadClass("io.lightstream.flink.format.ArrowBulkWriterFactory");
            Object writerBuilder = writerFactory.getMethod("builder", RowType.class).invoke(null, rowType);
            writerBuilder.getClass().getMethod("setBatchMaxRows", int.class).invoke(writerBuilder, 300);
            BulkWriter.Factory<RowData> factory =
                    (BulkWriter.Factory<RowData>) writerBuilder.getClass().getMethod("build").invoke(writerBuilder);
            try (FSDataOutputStream out = FileSystem.getLocalFileSystem().create(
                    new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.OVERWRITE)) {
                BulkWriter<RowData> writer = factory.create(out);
                for (long i = 0; i < rows; i++) {
                    writer.addElement(GenericRowData.of(i, StringData.fromString("n" + i)));
                }
                writer.finish();
            }

            Class<?> formatClass = isolated.loadClass("io.lightstream.flink.format.ArrowBulkFormat");
            Object formatBuilder = formatClass.getMethod("builder", RowType.class).invoke(null, rowType);
            BulkFormat<RowData, FileSourceSplit> format = (BulkFormat<RowData, FileSourceSplit>)
                    formatBuilder.getClass().getMethod("build").invoke(formatBuilder);
            long size = Files.size(file);
            FileSourceSplit split = new FileSourceSplit("0", new org.apache.flink.core.fs.Path(file.toUri()), 0, size,
                    0, size);
            long count = 0;
            long idSum = 0;
            try (BulkFormat.Reader<RowData> reader = format.createReader(new Configuration(), split)) {
                for (BulkFormat.RecordIterator<RowData> batch = reader.readBatch(); batch != null;
                        batch = reader.readBatch()) {
                    for (RecordAndPosition<RowData> r = batch.next(); r != null; r = batch.next()) {
                        assertThat(r.getRecord().getString(1).toString()).isEqualTo("n" + r.getRecord().getLong(0));
                        idSum += r.getRecord().getLong(0);
                        count++;
                    }
                    batch.releaseBatch();
                }
            }
            assertThat(count).isEqualTo(rows);
            assertThat(idSum).isEqualTo((long) rows * (rows - 1) / 2);
        }
        List<RowData> unshaded = ArrowTestFiles.read(List.of(file), rowType);
        assertThat(unshaded).hasSize(rows);
        assertThat(unshaded.get(rows - 1).getLong(0)).isEqualTo(rows - 1);
    }
}
