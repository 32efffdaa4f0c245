package io.lightstream.kafka.source;

import io.lightstream.Batch;
import io.lightstream.Message;

/** What an {@link EndpointReader} hands to the task thread through the queue. */
sealed interface StreamEvent {

    /** The endpoint URI the event came from. */
    String endpoint();

    /**
     * A batch of rows; {@code skipRows} rows at its start were already delivered before a restart.
     * The receiver calls {@link #close()}, which closes the batch and lets the reader that made it
     * close once all its batches are gone (a reader's batches must be closed before the reader).
     */
    record BatchArrived(String endpoint, Batch batch, long skipRows, Runnable release) implements StreamEvent,
            AutoCloseable {
        @Override
        public void close() {
            try {
                batch.close();
            } finally {
                release.run();
            }
        }
    }

    /** A Lightstream message; {@code index} counts the messages of its type on this endpoint (from 0). */
    record MessageArrived(String endpoint, Message message, long index) implements StreamEvent {}

    /** The endpoint failed in a way retrying cannot fix (malformed data, a file that cannot be read). */
    record Failed(String endpoint, Exception cause) implements StreamEvent {}
}
