/**
 * Configuration shared by the source and sink connectors: the transport block (endpoints, timeouts,
 * TLS in Kafka's key style) adapted onto {@link io.lightstream.transport.TransportOptions}, and the
 * validators and recommenders the connector {@code ConfigDef}s use.
 */
package io.lightstream.kafka.config;
