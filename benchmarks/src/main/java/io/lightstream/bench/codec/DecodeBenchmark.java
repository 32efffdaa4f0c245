package io.lightstream.bench.codec;

import io.lightstream.Batch;
import io.lightstream.codec.DecodeLimits;
import io.lightstream.codec.ipc.IpcMemoryReader;
import io.lightstream.codec.ipc.IpcStreamDecoder;
import io.lightstream.sample.SampleShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
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
 * Decoding: encoded bytes already in memory to usable vectors, one record batch per operation,
 * readers in their steady state (the same batch frame replayed after the schema).
 *
 * <ul>
 *   <li>{@code lightstreamStream}: the incremental decoder, copying each body once into pooled
 *       64-byte aligned memory (what every transport does);
 *   <li>{@code lightstreamInMemory}: the zero-copy reader of a stream already in Arrow memory;
 *   <li>{@code arrowJava}: Arrow Java's {@code ArrowStreamReader} over the same bytes.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBenchmark {
    @Param({"MIXED", "NUMERIC", "STRINGS", "WIDE"})
    public SampleShape shape;

    @Param({"1000000"})
    public int rows;

    private BufferAllocator allocator;
    private EncodedSample sample;
    private ByteBuffer frame;
    private IpcStreamDecoder decoder;
    private ArrowBuf inMemory;
    private ArrowStreamReader arrowJava;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        allocator = new RootAllocator();
        sample = EncodedSample.of(shape, rows, allocator);
        frame = ByteBuffer.allocateDirect(sample.batchFrame.length);
        frame.put(sample.batchFrame).flip();
        decoder = new IpcStreamDecoder(allocator, DecodeLimits.DEFAULT);
        decoder.feed(ByteBuffer.wrap(sample.prefix));
        inMemory = allocator.buffer(sample.stream.length);
        inMemory.setBytes(0, sample.stream);
        ByteBuffer prefix = ByteBuffer.allocateDirect(sample.prefix.length);
        prefix.put(sample.prefix).flip();
        arrowJava = new ArrowStreamReader(new ReplayChannel(prefix, frame), allocator);
    }

    @Benchmark
    public int lightstreamStream() throws IOException {
        decoder.feed(frame.duplicate());
        try (Batch b = (Batch) decoder.poll()) {
            return b.rowCount();
        }
    }

    @Benchmark
    public int lightstreamInMemory() throws IOException {
        try (IpcMemoryReader r = new IpcMemoryReader(inMemory, 0, sample.stream.length, allocator, DecodeLimits.DEFAULT,
                false); Batch b = r.next()) {
            return b.rowCount();
        }
    }

    @Benchmark
    public int arrowJava() throws IOException {
        if (!arrowJava.loadNextBatch()) {
            throw new IllegalStateException("replayed stream ended");
        }
        return arrowJava.getVectorSchemaRoot().getRowCount();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        arrowJava.close();
        decoder.close();
        inMemory.close();
        allocator.close();
    }

    /** The prefix once, then the batch frame forever, each byte copied once into the reader's buffer. */
    static final class ReplayChannel implements ReadableByteChannel {
        private final ByteBuffer prefix;
        private final ByteBuffer frame;
        private ByteBuffer current;

        ReplayChannel(ByteBuffer prefix, ByteBuffer frame) {
            this.prefix = prefix.duplicate();
            this.frame = frame;
            this.current = this.prefix;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (!current.hasRemaining()) {
                current = frame.duplicate();
            }
            int n = Math.min(dst.remaining(), current.remaining());
            ByteBuffer part = current.slice();
            part.limit(n);
            dst.put(part);
            current.position(current.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }
}
