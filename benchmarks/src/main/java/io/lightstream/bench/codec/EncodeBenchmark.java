package io.lightstream.bench.codec;

import io.lightstream.Protocol;
import io.lightstream.WriteOptions;
import io.lightstream.codec.ChannelByteSink;
import io.lightstream.io.SinkWriter;
import io.lightstream.sample.SampleShape;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
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
 * Encoding: vectors to bytes in a channel (one stream of one batch per operation), against Arrow
 * Java's {@code ArrowStreamWriter} and against a plain copy of the same column buffers into the
 * same channel, the floor any encoder that copies once can reach.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EncodeBenchmark {
    @Param({"MIXED", "NUMERIC", "STRINGS", "WIDE"})
    public SampleShape shape;

    @Param({"1000000"})
    public int rows;

    private BufferAllocator allocator;
    private SampleShape.Dictionaries dictionaries;
    private VectorSchemaRoot root;
    private MemorySinkChannel channel;

    @Setup(Level.Trial)
    public void setUp() {
        allocator = new RootAllocator();
        dictionaries = shape.dictionaries(allocator);
        root = VectorSchemaRoot.create(shape.schema(), allocator);
        shape.fill(root, 0, rows);
        channel = new MemorySinkChannel((int) Math.min(Integer.MAX_VALUE - 64, shape.logicalBytes(rows) * 2 + (16 << 20)));
    }

    @Benchmark
    public long lightstream() throws IOException {
        channel.reset();
        try (SinkWriter w = SinkWriter.open(new ChannelByteSink(channel), Protocol.ARROW, root.getSchema(),
                WriteOptions.DEFAULT, allocator, null)) {
            w.write(root, dictionaries, Map.of());
        }
        return channel.written();
    }

    @Benchmark
    public long arrowJava() throws IOException {
        channel.reset();
        try (ArrowStreamWriter w = new ArrowStreamWriter(root, dictionaries, channel)) {
            w.start();
            w.writeBatch();
            w.end();
        }
        return channel.written();
    }

    @Benchmark
    public long memoryCopy() {
        channel.reset();
        for (FieldVector v : root.getFieldVectors()) {
            for (ArrowBuf b : v.getFieldBuffers()) {
                if (b.readableBytes() > 0) {
                    channel.write(b.nioBuffer(0, (int) b.readableBytes()));
                }
            }
        }
        return channel.written();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        root.close();
        dictionaries.close();
        allocator.close();
    }
}
