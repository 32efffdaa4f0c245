/**
 * Throughput of the Kafka Connect plugin against Kafka's own clients, measured in one run on one
 * in-process cluster: {@link io.lightstream.bench.kafka.KafkaConnectBenchmark}.
 */
package io.lightstream.bench.kafka;
