package io.lightstream;

/**
 * One thing read from a stream: a {@link Batch} of rows or, on the Lightstream protocol, an opaque
 * {@link Message}.
 */
public sealed interface Item permits Batch, Message {

    /** The registered name of the table or message type; {@code null} for plain Arrow streams and files. */
    String name();
}
