/**
 * Kafka Connect plugins for Lightstream endpoints: the plugin version and the task metrics helper
 * shared by both connectors. The source connector lives in {@code source}, the sink in {@code
 * sink}, the Arrow IPC converter in {@code converter}, the Connect data mapping in {@code mapping},
 * configuration in {@code config}.
 */
package io.lightstream.kafka;
