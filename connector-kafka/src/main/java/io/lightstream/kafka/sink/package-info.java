/**
 * The sink connector: records of Kafka topics become Arrow batches written to Lightstream endpoints.
 * {@link io.lightstream.kafka.sink.LightstreamSinkTask} keeps one batch builder per assigned
 * topic-partition, writes batches through one endpoint stream and commits only the offsets of rows
 * that were written.
 */
package io.lightstream.kafka.sink;
