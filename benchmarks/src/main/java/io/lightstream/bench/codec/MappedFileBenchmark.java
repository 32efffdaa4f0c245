package io.lightstream.bench.codec;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamWriter;
import io.lightstream.WriteOptions;
import io.lightstream.codec.DecodeLimits;
import io.lightstream.codec.ipc.IpcFileReader;
import io.lightstream.sample.SampleShape;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * An Arrow IPC file of the numeric shape (4 columns; 100M rows by default, 1M-row batches): the cost
 * to open it (which for the memory-mapped reader does not grow with rows), and a full scan summing a
 * column, against Arrow Java's {@code ArrowFileReader}. The file is generated once and kept in the
 * temporary directory.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MappedFileBenchmark {
    @Param({"100000000"})
    public long rows;

    private Path file;
    private BufferAllocator allocator;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        allocator = new RootAllocator();
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "lightstream-bench");
        Files.createDirectories(dir);
        file = dir.resolve("numeric-" + rows + ".arrow");
        Path done = dir.resolve("numeric-" + rows + ".arrow.done");
        if (!Files.exists(done)) {
            SampleShape shape = SampleShape.NUMERIC;
            try (VectorSchemaRoot root = VectorSchemaRoot.create(shape.schema(), allocator);
                    LightstreamWriter w = Lightstream.write(file.toString(), shape.schema(), WriteOptions.DEFAULT)) {
                for (long first = 0; first < rows; first += 1_000_000) {
                    shape.fill(root, first, (int) Math.min(1_000_000, rows - first));
                    w.write(root, null, Map.of());
                }
            }
            Files.createFile(done);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int openLightstreamMapped() throws IOException {
        try (IpcFileReader r = new IpcFileReader(FileChannel.open(file, StandardOpenOption.READ), file.toString(), true,
                allocator, DecodeLimits.DEFAULT, false)) {
            return r.batchCount();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int openArrowJava() throws IOException {
        try (ArrowFileReader r = new ArrowFileReader(FileChannel.open(file, StandardOpenOption.READ), allocator)) {
            return r.getRecordBlocks().size();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public long scanLightstreamMapped() throws IOException {
        return scanOurs(true);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public long scanLightstreamRead() throws IOException {
        return scanOurs(false);
    }

    private long scanOurs(boolean mmap) throws IOException {
        long sum = 0;
        try (IpcFileReader r = new IpcFileReader(FileChannel.open(file, StandardOpenOption.READ), file.toString(), mmap,
                allocator, DecodeLimits.DEFAULT, false)) {
            for (int i = 0; i < r.batchCount(); i++) {
                try (Batch b = r.readBatch(i)) {
                    sum += sum((BigIntVector) b.root().getVector(1));
                }
            }
        }
        return sum;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public long scanArrowJava() throws IOException {
        long sum = 0;
        try (ArrowFileReader r = new ArrowFileReader(FileChannel.open(file, StandardOpenOption.READ), allocator)) {
            for (ArrowBlock block : r.getRecordBlocks()) {
                r.loadRecordBatch(block);
                sum += sum((BigIntVector) r.getVectorSchemaRoot().getVector(1));
            }
        }
        return sum;
    }

    private static long sum(BigIntVector v) {
        long s = 0;
        for (int i = 0; i < v.getValueCount(); i++) {
            s += v.get(i);
        }
        return s;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        allocator.close();
    }
}
