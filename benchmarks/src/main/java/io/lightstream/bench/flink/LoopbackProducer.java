package io.lightstream.bench.flink;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.WriteOptions;
import io.lightstream.transport.TransportListener;
import io.lightstream.transport.TransportOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A producer on a loopback TCP port, in the benchmark's JVM: each reader that connects gets the
 * batches of an Arrow stream file, sent as an Arrow stream, then the end of the stream (what
 * {@code lightstream serve FILE tcp://...} does). The file is memory-mapped and its batches decoded
 * in place, so the producer's cost is the sending itself. One connection at a time; one thread.
 */
final class LoopbackProducer implements AutoCloseable {
    private final TransportListener listener;
    private final Path file;
    private final Schema schema;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closed;

    LoopbackProducer(Path file) throws IOException {
        this.file = file;
        try (LightstreamReader in = Lightstream.read(file.toString())) {
            this.schema = in.schema();
        }
        this.listener = TransportListener.sending("tcp://127.0.0.1:0", TransportOptions.builder().accept(true).build());
        this.thread = new Thread(this::serve, "loopback-producer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The URI a reader connects to. */
    String uri() {
        return "tcp://127.0.0.1:" + listener.port();
    }

    private void serve() {
        while (!closed) {
            // the reader closes last: its allocator outlives every batch the writer was given
            try (LightstreamReader in = Lightstream.read(file.toString());
                    LightstreamWriter out = listener.acceptWriter(schema, WriteOptions.DEFAULT)) {
                for (Batch b = in.readBatch(); b != null; b = in.readBatch()) {
                    try (Batch batch = b) {
                        out.write(batch.root(), batch.dictionaries());
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    failure.compareAndSet(null, e);
                }
            }
        }
    }

    /** Throws what went wrong while serving, if anything did. */
    void check() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("the loopback producer failed", t);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        listener.close();
        thread.join(10_000);
    }
}
