package io.lightstream.kafka.it;

import io.lightstream.LightstreamWriter;
import io.lightstream.Protocol;
import io.lightstream.WriteOptions;
import io.lightstream.transport.TransportListener;
import io.lightstream.transport.TransportOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A Lightstream producer in this JVM: binds a TCP port (optionally with TLS) and serves successive
 * peers, the n-th peer that connects getting the n-th {@link Stream}: rows of {@link RowFiles} as an
 * Arrow stream, or on the Lightstream protocol as table {@code orders} with messages {@code event}
 * ({@code e0}, {@code e1}, ...) sent between its batches. The listener stays bound until {@link
 * #close()}, so a peer that connects after the last stream is accepted and then waits.
 */
final class ServingPeer implements AutoCloseable {
    static final String TABLE = "orders";
    static final String MESSAGE = "event";

    /** What one connection carries: rows {@code first .. first+rows-1}, and on the Lightstream protocol messages. */
    record Stream(long first, int rows, int batchRows, int messages) {}

    private final TransportListener listener;
    private final Thread thread;
    private final AtomicInteger served = new AtomicInteger();
    private final List<Exception> failures = new CopyOnWriteArrayList<>();

    ServingPeer(Protocol protocol, TransportOptions transport, List<Stream> streams, BufferAllocator allocator)
            throws IOException {
        listener = TransportListener.sending("tcp://127.0.0.1:0", transport);
        WriteOptions options = protocol == Protocol.ARROW ? WriteOptions.DEFAULT
                : WriteOptions.builder().protocol(Protocol.LIGHTSTREAM).registerMessage(MESSAGE)
                        .registerTable(TABLE, RowFiles.SCHEMA).build();
        thread = new Thread(() -> {
            for (Stream s : streams) {
                try (LightstreamWriter out = listener.acceptWriter(protocol == Protocol.ARROW ? RowFiles.SCHEMA : null,
                        options)) {
                    serve(out, protocol, s, allocator);
                } catch (IOException | RuntimeException e) {
                    // The connection broke under the stream: what the peer had not received is lost to it.
                    failures.add(e);
                }
                served.incrementAndGet();
            }
        }, "serving-peer-" + listener.port());
        thread.setDaemon(true);
        thread.start();
    }

    private static void serve(LightstreamWriter out, Protocol protocol, Stream s, BufferAllocator allocator)
            throws IOException {
        if (protocol == Protocol.ARROW) {
            RowFiles.write(out, null, s.first(), s.rows(), s.batchRows(), allocator);
            return;
        }
        int batches = (s.rows() + s.batchRows() - 1) / s.batchRows();
        int message = 0;
        for (int b = 0; b < batches; b++) {
            // A message before each batch (and the rest after the last), so both kinds interleave.
            if (message < s.messages()) {
                out.writeMessage(MESSAGE, ("e" + message++).getBytes(StandardCharsets.UTF_8));
            }
            int start = b * s.batchRows();
            RowFiles.write(out, TABLE, s.first() + start, Math.min(s.batchRows(), s.rows() - start), s.batchRows(),
                    allocator);
        }
        while (message < s.messages()) {
            out.writeMessage(MESSAGE, ("e" + message++).getBytes(StandardCharsets.UTF_8));
        }
    }

    int port() {
        return listener.port();
    }

    /** Streams finished (completely or by a broken connection). */
    int served() {
        return served.get();
    }

    List<Exception> failures() {
        return failures;
    }

    @Override
    public void close() throws InterruptedException {
        listener.close();
        thread.interrupt();
        thread.join(10_000);
    }
}
