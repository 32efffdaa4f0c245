package io.lightstream.flink.source.reader;

import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.source.deserializer.LightstreamDeserializer;
import io.lightstream.flink.source.split.LightstreamSplit;
import io.lightstream.flink.source.split.LightstreamSplitState;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lightstream source reader of one subtask: Flink's single-fetcher-thread reader over a {@link
 * LightstreamSplitReader}, emitting rows through a {@link LightstreamRecordEmitter}.
 *
 * <p>All Arrow memory of the subtask's endpoints comes from one allocator capped at the configured
 * memory limit. The number of batches alive is bounded: one waiting per endpoint, the fetches in
 * Flink's hand-over queue ({@code source.reader.element.queue.capacity}), and the one being emitted.
 * Closing the reader stops the endpoints, releases every batch and closes the allocator; a batch
 * still allocated at that point is reported as an error.
 */
public final class LightstreamSourceReader<T>
        extends SingleThreadMultiplexSourceReaderBase<RowCursor, T, LightstreamSplit, LightstreamSplitState> {
    private static final Logger LOG = LoggerFactory.getLogger(LightstreamSourceReader.class);

    private final BufferAllocator allocator;

    private LightstreamSourceReader(BufferAllocator allocator, SourceMetrics metrics, ConnectionSettings settings,
            boolean bounded, LightstreamDeserializer<T> deserializer, SourceReaderContext context) {
        super(() -> new LightstreamSplitReader(settings, bounded, deserializer.rowType(), allocator, metrics),
                new LightstreamRecordEmitter<>(deserializer, metrics), context.getConfiguration(), context);
        this.allocator = allocator;
    }

    /** A reader of the splits the enumerator assigns to this subtask. */
    public static <T> LightstreamSourceReader<T> create(ConnectionSettings settings, boolean bounded,
            LightstreamDeserializer<T> deserializer, SourceReaderContext context) {
        deserializer.open(context.getUserCodeClassLoader().asClassLoader());
        BufferAllocator allocator = new RootAllocator(settings.memoryLimit());
        SourceMetrics metrics = new SourceMetrics(context.metricGroup());
        return new LightstreamSourceReader<>(allocator, metrics, settings, bounded, deserializer, context);
    }

    @Override
    protected LightstreamSplitState initializedState(LightstreamSplit split) {
        return new LightstreamSplitState(split);
    }

    @Override
    protected LightstreamSplit toSplitType(String splitId, LightstreamSplitState state) {
        return state.toSplit();
    }

    @Override
    protected void onSplitFinished(Map<String, LightstreamSplitState> finishedSplitIds) {
        LOG.info("Finished reading {}", finishedSplitIds.keySet());
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        try {
            super.close();
        } catch (Exception e) {
            failure = e;
        }
        long leaked = allocator.getAllocatedMemory();
        try {
            allocator.close();
        } catch (IllegalStateException e) {
            IllegalStateException leak = new IllegalStateException("Lightstream source reader closed with " + leaked
                    + " bytes of Arrow memory still allocated", e);
            if (failure == null) {
                failure = leak;
            } else {
                failure.addSuppressed(leak);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
