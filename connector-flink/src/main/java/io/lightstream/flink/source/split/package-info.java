/**
 * Splits of the Lightstream source: one endpoint stream each, with the position (batch sequence and
 * row offset) that a checkpoint records, and its versioned serializer.
 */
package io.lightstream.flink.source.split;
