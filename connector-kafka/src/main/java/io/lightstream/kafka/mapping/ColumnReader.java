package io.lightstream.kafka.mapping;

/** Reads the value at one index of one Arrow vector as a Connect value (null for an Arrow null). */
@FunctionalInterface
interface ColumnReader {
    Object read(int index);
}
