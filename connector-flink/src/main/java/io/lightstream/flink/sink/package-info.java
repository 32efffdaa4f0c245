/**
 * The Sink V2 Lightstream sink: {@link io.lightstream.flink.sink.LightstreamSink}, built with {@link
 * io.lightstream.flink.sink.LightstreamSinkBuilder}. Writers fill Arrow vectors directly from Flink
 * rows and send a record batch when it reaches its row, byte or time limit, and at every checkpoint.
 */
package io.lightstream.flink.sink;
