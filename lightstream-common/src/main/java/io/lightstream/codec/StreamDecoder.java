package io.lightstream.codec;

import io.lightstream.Item;
import io.lightstream.LightstreamException;
import java.nio.ByteBuffer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A push-based incremental decoder of one byte stream (an Arrow IPC stream or Lightstream TLV
 * frames): feed it bytes as they arrive, take complete items out. It never blocks and never reads
 * ahead of what it was given, so an event loop can drive it.
 *
 * <pre>{@code
 * decoder.feed(chunk);              // consumes the whole chunk
 * Item item;
 * while ((item = decoder.poll()) != null) {
 *     deliver(item);                // the receiver now owns each Batch
 * }
 * ...
 * decoder.finish();                 // at end of input: throws if it ended inside a frame
 * }</pre>
 *
 * <p><b>Copies:</b> bytes of a message body are copied once, from the chunk into 64-byte aligned
 * Arrow memory; decoded vectors point into that memory.
 *
 * <p><b>Threading:</b> confined to one thread at a time (calls may move between threads with a
 * happens-before edge, e.g. an event loop). Items taken out may be used on any thread.
 *
 * <p><b>Ownership:</b> the caller owns every {@link io.lightstream.Batch} returned by {@link
 * #poll()}. {@link #close()} releases what the decoder holds (partial frames, dictionaries, queued
 * items not yet polled).
 */
public interface StreamDecoder extends AutoCloseable {

    /**
     * Consumes all remaining bytes of {@code src}. Complete items become available through {@link
     * #poll()}. After the end-of-stream marker any further bytes are an error.
     *
     * @throws io.lightstream.FormatException malformed input, naming what and the byte offset
     */
    void feed(ByteBuffer src) throws LightstreamException;

    /** The next complete item, or null if more input is needed (or the stream has ended). */
    Item poll();

    /**
     * Declares the end of input.
     *
     * @throws io.lightstream.FormatException when the input ended inside a frame or, for an Arrow
     *     stream, before its end-of-stream marker
     */
    void finish() throws LightstreamException;

    /** Whether the stream's own end marker (Arrow end-of-stream) has been decoded. */
    boolean isEndOfStream();

    /** The Arrow schema, once decoded (the first table's schema on the Lightstream protocol), else null. */
    Schema schema();

    /** Bytes consumed so far. */
    long bytesConsumed();

    /** Releases partial frames, dictionaries and items not yet polled. Idempotent. */
    @Override
    void close();
}
