/**
 * The split enumerator of the Lightstream source: assigns each endpoint to a fixed reader, takes
 * splits back from failed readers, and in bounded mode tells every reader when no more splits come.
 */
package io.lightstream.flink.source.enumerator;
