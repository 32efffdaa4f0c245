/**
 * The reader side of the Lightstream source: one background thread per endpoint stream reads
 * batches through lightstream-common and hands them over one at a time; the {@link
 * io.lightstream.flink.source.reader.LightstreamSplitReader} passes one batch per fetch to Flink's
 * reader framework; the {@link io.lightstream.flink.source.reader.LightstreamRecordEmitter} emits
 * its rows through a reused cursor and advances the split position. Batches are released when Flink
 * recycles the fetch.
 */
package io.lightstream.flink.source.reader;
