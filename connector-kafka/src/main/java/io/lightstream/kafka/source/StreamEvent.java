package io.lightstream.kafka.source;

import io.lightstream.Batch;
import io.lightstream.Message;

/** What an {@link EndpointReader} hands to the task thread through the queue. */
sealed interface StreamEvent {

    /** The endpoint URI the event came from. */
    String endpoint();

    /**
     * A batch of rows; {@code skipRows} rows at its start were already delivered before a restart.
     * {@code stream} numbers the endpoint's streams (connections) since the task started, from 0.
     * The receiver calls {@link #close()}; the batch stays valid after its reader has been closed.
     */
    record BatchArrived(String endpoint, long stream, Batch batch, long skipRows) implements StreamEvent, AutoCloseable {
        @Override
        public void close() {
            batch.close();
        }
    }

    /** A Lightstream message; {@code index} counts the messages of its type on this endpoint (from 0). */
    record MessageArrived(String endpoint, Message message, long index) implements StreamEvent {}

    /** The endpoint failed in a way retrying cannot fix (malformed data, a file that cannot be read). */
    record Failed(String endpoint, Exception cause) implements StreamEvent {}
}
