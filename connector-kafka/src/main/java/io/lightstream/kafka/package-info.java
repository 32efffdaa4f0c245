/**
 * Kafka Connect plugins for Lightstream endpoints: the version of the plugin and the shared entry
 * points. The source connector lives in {@code source}, the sink in {@code sink}, the Connect data
 * mapping in {@code mapping}, configuration in {@code config}.
 */
package io.lightstream.kafka;
