package io.lightstream.kafka.source;

import io.lightstream.Endpoint;
import io.lightstream.Lightstream;
import io.lightstream.Protocol;
import io.lightstream.ReadOptions;
import io.lightstream.kafka.Version;
import io.lightstream.kafka.config.PemFiles;
import io.lightstream.kafka.config.TransportConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the endpoints given to this task and returns their rows or batches as records.
 *
 * <p>Each endpoint is read on its own thread into a queue bounded in bytes; {@link #poll()} drains
 * it on the task thread, returning within {@code poll.timeout.ms} (at most a few seconds) with up to
 * {@code max.poll.records} records, or null when nothing arrived. {@link #stop()}, called from
 * another thread, aborts blocked reads and wakes {@code poll()}; resources are released by whichever
 * of the two finishes last. With {@code transaction.boundary=connector} each Arrow batch is one
 * Kafka transaction.
 */
public class LightstreamSourceTask extends SourceTask {
    private static final Logger LOG = LoggerFactory.getLogger(LightstreamSourceTask.class);
    private static final long STOP_WAIT_MS = 4000;

    private final EndpointReader.Opener opener;
    private final ReentrantLock pollLock = new ReentrantLock();
    private LightstreamSourceConfig config;
    private BufferAllocator allocator;
    private PemFiles pem;
    private ByteBoundedQueue<StreamEvent> queue;
    private final List<EndpointReader> readers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private RecordEmitter emitter;
    private RecordEmitter.Cursor current;
    private DeliveryTracker tracker;
    private SourceMetrics metrics;
    private TransactionContext transactions;
    private int maxPollRecords;
    private long pollTimeoutMs;
    private volatile boolean stopping;
    private boolean released;

    public LightstreamSourceTask() {
        this(Lightstream::read);
    }

    LightstreamSourceTask(EndpointReader.Opener opener) {
        this.opener = opener;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new LightstreamSourceConfig(props);
        maxPollRecords = config.getInt(LightstreamSourceConfig.MAX_POLL_RECORDS);
        pollTimeoutMs = config.getLong(LightstreamSourceConfig.POLL_TIMEOUT_MS);
        long memory = config.getLong(LightstreamSourceConfig.MEMORY_MAX_BYTES);
        allocator = new RootAllocator(memory);
        pem = new PemFiles();
        queue = new ByteBoundedQueue<>(config.getLong(LightstreamSourceConfig.QUEUE_MAX_BYTES));
        tracker = new DeliveryTracker();
        metrics = new SourceMetrics(context.pluginMetrics(), queue::bytes, tracker::pendingBatches,
                tracker::pendingRecords, tracker::acknowledgedBatches);
        emitter = new RecordEmitter(config, metrics, tracker, allocator);
        transactions = context.transactionContext();
        try {
            ReadOptions options = readOptions(memory);
            Map<Map<String, Object>, Map<String, Object>> offsets = committedOffsets();
            for (String uri : config.endpoints()) {
                readers.add(new EndpointReader(uri, options, opener, queue, resumePoint(uri, offsets), metrics));
            }
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        for (int i = 0; i < readers.size(); i++) {
            Thread t = new Thread(readers.get(i), "lightstream-source-" + readers.get(i).uri());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        LOG.info("Reading {} endpoint(s) in {} mode", readers.size(), config.recordMode());
    }

    private ReadOptions readOptions(long memory) {
        ReadOptions.Builder b = ReadOptions.builder()
                .allocator(allocator)
                .memoryLimit(memory)
                .transport(TransportConfig.toOptions(config, pem));
        Protocol protocol = config.protocol();
        boolean pipes = config.endpoints().stream().anyMatch(u -> Endpoint.parse(u).scheme() != Endpoint.Scheme.FILE);
        if (pipes || protocol == Protocol.LIGHTSTREAM) {
            b.protocol(protocol);
        }
        for (String entry : config.getList(LightstreamSourceConfig.REGISTRATIONS)) {
            String name = entry.substring(entry.indexOf(':') + 1).trim();
            if (entry.startsWith("table:")) {
                b.registerTable(name);
            } else {
                b.registerMessage(name);
            }
        }
        return b.build();
    }

    /** Offsets already in Kafka for every stream this task reads. */
    private Map<Map<String, Object>, Map<String, Object>> committedOffsets() {
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (String uri : config.endpoints()) {
            if (config.protocol() == Protocol.ARROW) {
                partitions.add(SourceOffsets.tablePartition(uri, null));
            }
            for (String entry : config.getList(LightstreamSourceConfig.REGISTRATIONS)) {
                String name = entry.substring(entry.indexOf(':') + 1).trim();
                partitions.add(entry.startsWith("table:") ? SourceOffsets.tablePartition(uri, name)
                        : SourceOffsets.messagePartition(uri, name));
            }
        }
        Map<Map<String, Object>, Map<String, Object>> found = new HashMap<>();
        if (context.offsetStorageReader() != null) {
            Map<Map<String, Object>, Map<String, Object>> stored = context.offsetStorageReader().offsets(partitions);
            if (stored != null) {
                stored.forEach((p, o) -> {
                    if (o != null) {
                        found.put(p, o);
                    }
                });
            }
        }
        return found;
    }

    private static EndpointReader.ResumePoint resumePoint(String uri,
            Map<Map<String, Object>, Map<String, Object>> offsets) {
        return new EndpointReader.ResumePoint() {
            @Override
            public long batch(String table) {
                return SourceOffsets.longOf(offsets.get(SourceOffsets.tablePartition(uri, table)), SourceOffsets.BATCH);
            }

            @Override
            public long row(String table) {
                return SourceOffsets.longOf(offsets.get(SourceOffsets.tablePartition(uri, table)), SourceOffsets.ROW);
            }

            @Override
            public long messages(String name) {
                return SourceOffsets.longOf(offsets.get(SourceOffsets.messagePartition(uri, name)), SourceOffsets.MESSAGES);
            }
        };
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        pollLock.lock();
        try {
            if (stopping) {
                release();
                return null;
            }
            List<SourceRecord> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pollTimeoutMs);
            while (out.size() < maxPollRecords && !stopping) {
                if (current == null) {
                    long waitMs = out.isEmpty() ? TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) : 0;
                    StreamEvent event = queue.poll(waitMs);
                    if (event == null) {
                        break;
                    }
                    if (!accept(event, out)) {
                        continue;
                    }
                }
                emitter.emit(current, out, maxPollRecords - out.size());
                if (current.exhausted()) {
                    if (transactions != null && !out.isEmpty() && current.madeOf(out.get(out.size() - 1))) {
                        transactions.commitTransaction(out.get(out.size() - 1));
                    }
                    current.close();
                    current = null;
                }
            }
            if (stopping) {
                release();
            }
            return out.isEmpty() ? null : out;
        } finally {
            pollLock.unlock();
        }
    }

    /** Handles one queued event; true when it started a batch cursor. */
    private boolean accept(StreamEvent event, List<SourceRecord> out) {
        if (event instanceof StreamEvent.Failed failed) {
            throw new ConnectException("endpoint " + failed.endpoint() + " failed: " + failed.cause().getMessage(),
                    failed.cause());
        }
        if (event instanceof StreamEvent.MessageArrived message) {
            out.add(emitter.message(message));
            return false;
        }
        StreamEvent.BatchArrived arrived = (StreamEvent.BatchArrived) event;
        try {
            current = emitter.begin(arrived);
        } catch (RuntimeException e) {
            arrived.close();
            throw e;
        }
        return true;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (record.sourceOffset() instanceof TableOffset offset && tracker != null) {
            tracker.acknowledge(offset.delivery());
        }
    }

    @Override
    public void commit() {
        if (tracker != null && LOG.isDebugEnabled()) {
            LOG.debug("Offsets flushed; fully delivered batches per stream: {}", tracker.completed());
        }
    }

    @Override
    public void stop() {
        stopping = true;
        if (queue != null) {
            // Wakes poll() and endpoint threads blocked on a full queue.
            queue.close().forEach(RecordEmitter::closeEvent);
        }
        try {
            if (pollLock.tryLock(STOP_WAIT_MS, TimeUnit.MILLISECONDS)) {
                try {
                    release();
                } finally {
                    pollLock.unlock();
                }
            } else {
                LOG.warn("poll() did not return within {} ms of stop(); it releases the task's resources when it does",
                        STOP_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Releases everything; runs once, on the thread holding the poll lock. */
    private void release() {
        if (released) {
            return;
        }
        released = true;
        if (current != null) {
            current.close();
            current = null;
        }
        if (queue != null) {
            queue.close().forEach(RecordEmitter::closeEvent);
        }
        // Closing a reader under its thread aborts a blocked read; the task allocator closes below,
        // once the threads are gone and every batch they queued has been closed.
        readers.forEach(EndpointReader::stop);
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(STOP_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (queue != null) {
            queue.close().forEach(RecordEmitter::closeEvent);
        }
        if (metrics != null) {
            metrics.close();
        }
        if (pem != null) {
            pem.close();
        }
        if (allocator != null) {
            if (threads.stream().anyMatch(Thread::isAlive)) {
                LOG.warn("An endpoint thread is still running; its Arrow memory is left to the garbage collector");
            } else {
                try {
                    allocator.close();
                } catch (IllegalStateException e) {
                    LOG.error("Arrow memory was still held when the task stopped: {}", e.getMessage());
                }
            }
        }
    }
}
