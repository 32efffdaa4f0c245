package io.lightstream.flink.source.reader;

import io.lightstream.Batch;
import io.lightstream.LimitExceededException;
import io.lightstream.ReadOptions;
import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.arrow.RowTypeBinding;
import io.lightstream.flink.arrow.vectors.ArrowBatchView;
import io.lightstream.flink.source.split.LightstreamSplit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.table.types.logical.RowType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves all splits of one source reader on Flink's single fetcher thread. Each split's endpoint is
 * read by its own {@link EndpointStream}; {@link #fetch()} takes the next ready batch, round robin
 * over the splits that are not paused, and returns it as one {@link ArrowBatchRecords} whose rows
 * are bound to the declared row type. It blocks while no batch is ready, until one is or {@link
 * #wakeUp()} is called.
 *
 * <p>Pausing a split (watermark alignment) only stops taking its batches; its stream then blocks
 * and stops reading. Unknown or finished split ids in pause/resume requests are ignored.
 */
final class LightstreamSplitReader implements SplitReader<RowCursor, LightstreamSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(LightstreamSplitReader.class);
    private static final long CLOSE_TIMEOUT_MILLIS = 10_000;
    private static final Object WAKE_UP = new Object();

    private final ConnectionSettings settings;
    private final boolean bounded;
    private final RowType rowType;
    private final BufferAllocator allocator;
    private final SourceMetrics metrics;
    private final Map<String, EndpointStream> streams = new LinkedHashMap<>();
    private final Map<String, RowTypeBinding> bindings = new ConcurrentHashMap<>();
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    private final AtomicBoolean wokenUp = new AtomicBoolean();
    private final List<EndpointStream> allStreams = new ArrayList<>();
    private int next;

    LightstreamSplitReader(ConnectionSettings settings, boolean bounded, RowType rowType, BufferAllocator allocator,
            SourceMetrics metrics) {
        this.settings = settings;
        this.bounded = bounded;
        this.rowType = rowType;
        this.allocator = allocator;
        this.metrics = metrics;
    }

    @Override
    public RecordsWithSplitIds<RowCursor> fetch() throws IOException {
        while (true) {
            if (wokenUp.getAndSet(false)) {
                return ArrowBatchRecords.empty();
            }
            List<EndpointStream> order = new ArrayList<>(streams.values());
            for (int i = 0; i < order.size(); i++) {
                EndpointStream stream = order.get((next + i) % order.size());
                String id = stream.split().splitId();
                if (paused.contains(id)) {
                    continue;
                }
                Object item = stream.poll();
                if (item == null) {
                    continue;
                }
                next = (next + i + 1) % Math.max(1, order.size());
                if (item instanceof EndpointStream.Fetched) {
                    return records(stream, (EndpointStream.Fetched) item);
                }
                streams.remove(id);
                if (item == EndpointStream.END) {
                    LOG.info("End of stream {}", id);
                    return ArrowBatchRecords.finished(id);
                }
                Throwable cause = ((EndpointStream.Failed) item).cause;
                String hint = cause instanceof LimitExceededException limit && limit.what().startsWith("reader memory")
                        ? " (the source's Arrow memory cap: raise 'scan.memory-limit' / ConnectionSettings.memoryLimit,"
                                + " or have the producer send smaller batches)"
                        : "";
                throw new IOException("reading Lightstream endpoint " + id + " failed: " + cause.getMessage() + hint,
                        cause);
            }
            try {
                signals.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ArrowBatchRecords.empty();
            }
        }
    }

    private ArrowBatchRecords records(EndpointStream stream, EndpointStream.Fetched fetched) {
        Batch batch = fetched.batch;
        String id = stream.split().splitId();
        try {
            Schema schema = batch.schema();
            RowTypeBinding binding = bindings.get(id);
            if (binding == null || !binding.schema().equals(schema)) {
                binding = RowTypeBinding.bind(rowType, schema, batch.dictionaries(), id);
                bindings.put(id, binding);
            }
            ArrowBatchView view = ArrowBatchView.of(batch.root(), batch.dictionaries(), binding,
                    "batch " + batch.sequence() + " of " + id);
            // Whoever releases the batch (the task thread recycling it, or a closing stream) first
            // makes its rows unreadable, so a row kept too long fails instead of reading freed memory.
            stream.onRelease(batch, view::release);
            RowCursor cursor = new RowCursor(id, view, batch.sequence(), fetched.arrivalTimeMillis, fetched.bytes,
                    fetched.firstRow);
            metrics.fetched(cursor.rowsToEmit());
            return ArrowBatchRecords.ofBatch(id, cursor, () -> {
                metrics.released(cursor.rowsToEmit());
                stream.release(batch);
            });
        } catch (RuntimeException e) {
            stream.release(batch);
            throw e;
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<LightstreamSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported split change " + change.getClass().getSimpleName());
        }
        for (LightstreamSplit split : change.splits()) {
            ReadOptions options = settings.readOptions(allocator, rowType.getFieldNames());
            String table = settings.isLightstreamProtocol(split.uri()) ? settings.effectiveTable() : null;
            EndpointStream stream = new EndpointStream(split, options, table,
                    ConnectionSettings.isReplayable(split.uri()), bounded,
                    settings.transportOptions().retryBackoff().toMillis(), () -> signals.offer(split.splitId()));
            streams.put(split.splitId(), stream);
            allStreams.add(stream);
            metrics.registerEndpoint(split.uri(), stream::isConnected);
            stream.start();
        }
    }

    @Override
    public void pauseOrResumeSplits(Collection<LightstreamSplit> toPause, Collection<LightstreamSplit> toResume) {
        for (LightstreamSplit s : toPause) {
            paused.add(s.splitId());
        }
        for (LightstreamSplit s : toResume) {
            paused.remove(s.splitId());
        }
        // A resumed split may already have a batch waiting.
        signals.offer(WAKE_UP);
    }

    @Override
    public void wakeUp() {
        wokenUp.set(true);
        signals.offer(WAKE_UP);
    }

    /** Stops every endpoint stream and releases every batch not yet recycled. */
    @Override
    public void close() {
        for (EndpointStream stream : allStreams) {
            stream.close(CLOSE_TIMEOUT_MILLIS);
        }
        allStreams.clear();
        streams.clear();
    }
}
