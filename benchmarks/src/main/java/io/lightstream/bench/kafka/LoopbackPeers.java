package io.lightstream.bench.kafka;

import io.lightstream.Batch;
import io.lightstream.Lightstream;
import io.lightstream.LightstreamReader;
import io.lightstream.LightstreamWriter;
import io.lightstream.ReadOptions;
import io.lightstream.WriteOptions;
import io.lightstream.transport.TransportListener;
import io.lightstream.transport.TransportOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Lightstream peers of the benchmark on TCP loopback, in this JVM: a producer that serves an
 * Arrow stream file to the one source task that dials it, and a consumer that accepts the sink
 * task's streams and counts their rows. Each runs on its own daemon thread.
 */
final class LoopbackPeers {
    private LoopbackPeers() {}

    /** Serves {@code file} once, as one Arrow stream, to the first peer that connects. */
    static final class Producer implements AutoCloseable {
        private final TransportListener listener;
        private final Thread thread;
        private volatile Exception failure;

        Producer(Path file, Schema schema) throws IOException {
            listener = TransportListener.sending("tcp://127.0.0.1:0", TransportOptions.DEFAULT);
            thread = new Thread(() -> {
                try (LightstreamWriter out = listener.acceptWriter(schema, WriteOptions.DEFAULT);
                        LightstreamReader in = Lightstream.read(file.toString(), ReadOptions.DEFAULT)) {
                    for (Batch b = in.readBatch(); b != null; b = in.readBatch()) {
                        try (Batch batch = b) {
                            out.write(batch.root(), batch.dictionaries());
                        }
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }, "bench-lightstream-producer");
            thread.setDaemon(true);
            thread.start();
        }

        String uri() {
            return "tcp://127.0.0.1:" + listener.port();
        }

        @Override
        public void close() throws Exception {
            listener.close();
            thread.join(10_000);
            if (failure != null) {
                throw new IllegalStateException("the producing peer failed", failure);
            }
        }
    }

    /** Accepts streams one after another and counts the rows they carry. */
    static final class Consumer implements AutoCloseable {
        private final TransportListener listener;
        private final Thread thread;
        private final AtomicLong rows = new AtomicLong();
        private volatile boolean closing;

        Consumer(BufferAllocator allocator) throws IOException {
            listener = TransportListener.receiving("tcp://127.0.0.1:0", TransportOptions.DEFAULT);
            thread = new Thread(() -> {
                while (!closing) {
                    try (LightstreamReader in = listener.acceptReader(ReadOptions.builder().allocator(allocator).build())) {
                        for (Batch b = in.readBatch(); b != null; b = in.readBatch()) {
                            try (Batch batch = b) {
                                rows.addAndGet(batch.rowCount());
                            }
                        }
                    } catch (IOException e) {
                        // the sink's stream ended abruptly (its connector was deleted) or we are closing
                    }
                }
            }, "bench-lightstream-consumer");
            thread.setDaemon(true);
            thread.start();
        }

        String uri() {
            return "tcp://127.0.0.1:" + listener.port();
        }

        long rows() {
            return rows.get();
        }

        @Override
        public void close() throws InterruptedException {
            closing = true;
            listener.close();
            thread.join(10_000);
        }
    }
}
