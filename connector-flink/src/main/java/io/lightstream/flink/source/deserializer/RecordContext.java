package io.lightstream.flink.source.deserializer;

/** Where a row came from: available to deserializers next to the row itself. Valid only during the call. */
public interface RecordContext {
    /** The URI of the endpoint the row was read from. */
    String endpoint();

    /** 0-based sequence of the row's batch in its stream. */
    long batchSequence();

    /** 0-based index of the row in its batch. */
    int rowIndex();

    /** Wall-clock time (epoch milliseconds) at which the row's batch was received. */
    long arrivalTimeMillis();
}
