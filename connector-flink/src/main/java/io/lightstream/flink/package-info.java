/**
 * Apache Flink connector for Lightstream endpoints: a FLIP-27 {@link
 * io.lightstream.flink.source.LightstreamSource}, a Sink V2 {@link
 * io.lightstream.flink.sink.LightstreamSink}, and the Table/SQL connector {@code 'connector' =
 * 'lightstream'}.
 *
 * <p>All engine I/O goes through {@link io.lightstream.Lightstream#read} and {@link
 * io.lightstream.Lightstream#write}; the conversion between Arrow vectors and Flink's internal data
 * structures lives in {@link io.lightstream.flink.arrow}.
 */
package io.lightstream.flink;
