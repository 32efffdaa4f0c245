/**
 * {@link io.lightstream.kafka.converter.ArrowIpcConverter}: Arrow IPC stream bytes in Kafka as
 * legal Connect data, for topics that other connectors produce or consume.
 */
package io.lightstream.kafka.converter;
