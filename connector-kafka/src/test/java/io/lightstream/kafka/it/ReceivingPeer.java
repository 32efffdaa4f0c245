package io.lightstream.kafka.it;

import io.lightstream.Batch;
import io.lightstream.LightstreamReader;
import io.lightstream.ReadOptions;
import io.lightstream.transport.TransportListener;
import io.lightstream.transport.TransportOptions;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A Lightstream consumer in this JVM: binds a TCP address and reads every Arrow stream that peers
 * open to it, one after another, collecting the {@link RowFiles} rows they carry.
 */
final class ReceivingPeer implements AutoCloseable {
    private final TransportListener listener;
    private final Thread thread;
    private final Map<Long, String> byId = new HashMap<>();
    private long duplicates;
    private int streams;
    private volatile boolean closing;

    ReceivingPeer(String uri, BufferAllocator allocator) throws IOException {
        listener = TransportListener.receiving(uri, TransportOptions.DEFAULT);
        thread = new Thread(() -> {
            while (!closing) {
                try (LightstreamReader in = listener.acceptReader(ReadOptions.builder().allocator(allocator).build())) {
                    synchronized (this) {
                        streams++;
                    }
                    for (Batch b = in.readBatch(); b != null; b = in.readBatch()) {
                        try (Batch batch = b) {
                            synchronized (this) {
                                duplicates += RowFiles.collect(batch, byId);
                            }
                        }
                    }
                } catch (IOException e) {
                    // a stream cut short (its writer failed or stopped); its complete batches were counted
                }
            }
        }, "receiving-peer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The rows received so far. */
    synchronized RowFiles.Rows rows() {
        return new RowFiles.Rows(new HashMap<>(byId), duplicates);
    }

    /** Streams accepted so far. */
    synchronized int streams() {
        return streams;
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        listener.close();
        thread.join(10_000);
    }
}
