/**
 * What the Lightstream source emits for each row: Flink's internal {@link
 * org.apache.flink.table.data.RowData} (the default, read in place), {@link
 * org.apache.flink.types.Row}, or user POJOs.
 */
package io.lightstream.flink.source.deserializer;
