package io.lightstream.flink.source;

import io.lightstream.flink.ConnectionSettings;
import io.lightstream.flink.source.deserializer.LightstreamDeserializer;
import io.lightstream.flink.source.enumerator.LightstreamEnumState;
import io.lightstream.flink.source.enumerator.LightstreamEnumStateSerializer;
import io.lightstream.flink.source.enumerator.LightstreamEnumerator;
import io.lightstream.flink.source.reader.LightstreamSourceReader;
import io.lightstream.flink.source.split.LightstreamSplit;
import io.lightstream.flink.source.split.LightstreamSplitSerializer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.types.logical.RowType;

/**
 * A Flink source reading Arrow tables from Lightstream endpoints: files, pipes and every network
 * transport lightstream-common offers, through {@link io.lightstream.Lightstream#read}.
 *
 * <pre>{@code
 * LightstreamSource<RowData> source = LightstreamSource.<RowData>builder()
 *         .setUris("tcp://feed-1:9000", "tcp://feed-2:9000")
 *         .setDeserializer(LightstreamDeserializer.rowData(rowType))
 *         .setBounded(false)
 *         .build();
 * DataStream<RowData> rows = env.fromSource(source, WatermarkStrategy.noWatermarks(), "lightstream");
 * }</pre>
 *
 * <p>Each endpoint is one split, read by subtask {@code index mod parallelism}. A split records the
 * batch sequence and row offset reached, so a replayable endpoint (a file) resumes exactly at the
 * checkpoint, and a producer that can resume from a sequence will. Bounded sources end when every
 * stream has ended. Unbounded ones keep running: a file split stays idle at its end, and a network
 * endpoint whose stream ends is connected again after the retry backoff. A transport failure fails
 * the reader with the endpoint named, and Flink's restart strategy takes over: no row is silently
 * skipped.
 *
 * <p>Watermarks are generated per split by the {@code WatermarkStrategy} given to {@code fromSource};
 * watermark alignment pauses individual endpoints.
 *
 * <p>The source object is an immutable, serializable description; Flink creates the enumerator and
 * one reader per subtask from it. Each reader runs one thread per endpoint plus Flink's fetcher
 * thread, and holds its endpoints' Arrow memory in one allocator capped at {@link
 * ConnectionSettings#memoryLimit()} (direct memory outside Flink's managed memory: budget it in
 * {@code taskmanager.memory.task.off-heap.size}). Rows emitted as {@code RowData} are views reused
 * for the next row.
 *
 * @param <T> the emitted type
 */
public final class LightstreamSource<T>
        implements Source<T, LightstreamSplit, LightstreamEnumState>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final List<String> uris;
    private final ConnectionSettings settings;
    private final LightstreamDeserializer<T> deserializer;
    private final Boundedness boundedness;

    LightstreamSource(List<String> uris, ConnectionSettings settings, LightstreamDeserializer<T> deserializer,
            Boundedness boundedness) {
        this.uris = List.copyOf(uris);
        this.settings = settings;
        this.deserializer = deserializer;
        this.boundedness = boundedness;
    }

    /** A builder; {@code T} is the type the deserializer emits. */
    public static <T> LightstreamSourceBuilder<T> builder() {
        return new LightstreamSourceBuilder<>();
    }

    /** The endpoint URIs, one split each. */
    public List<String> uris() {
        return uris;
    }

    /** The columns read and their Flink types. */
    public RowType rowType() {
        return deserializer.rowType();
    }

    public ConnectionSettings settings() {
        return settings;
    }

    @Override
    public Boundedness getBoundedness() {
        return boundedness;
    }

    /** The splits of a fresh start: every endpoint at the start of its stream. */
    List<LightstreamSplit> initialSplits() {
        List<LightstreamSplit> splits = new ArrayList<>(uris.size());
        for (int i = 0; i < uris.size(); i++) {
            splits.add(LightstreamSplit.atStart(uris.get(i), i));
        }
        return splits;
    }

    @Override
    public SplitEnumerator<LightstreamSplit, LightstreamEnumState> createEnumerator(
            SplitEnumeratorContext<LightstreamSplit> context) {
        return new LightstreamEnumerator(context, boundedness, initialSplits());
    }

    @Override
    public SplitEnumerator<LightstreamSplit, LightstreamEnumState> restoreEnumerator(
            SplitEnumeratorContext<LightstreamSplit> context, LightstreamEnumState state) {
        return new LightstreamEnumerator(context, boundedness, state.unassigned());
    }

    @Override
    public SourceReader<T, LightstreamSplit> createReader(SourceReaderContext context) {
        return LightstreamSourceReader.create(settings, boundedness == Boundedness.BOUNDED, deserializer, context);
    }

    @Override
    public SimpleVersionedSerializer<LightstreamSplit> getSplitSerializer() {
        return LightstreamSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<LightstreamEnumState> getEnumeratorCheckpointSerializer() {
        return LightstreamEnumStateSerializer.INSTANCE;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return deserializer.getProducedType();
    }
}
