/**
 * Network transports for {@link io.lightstream.Lightstream#read} and {@link
 * io.lightstream.Lightstream#write}: {@link io.lightstream.transport.Transports} opens readers and
 * writers on {@code tcp}, {@code uds}, {@code ws}/{@code wss}, {@code http}/{@code https} and
 * {@code quic} URIs, {@link io.lightstream.transport.TransportListener} serves successive peers,
 * {@link io.lightstream.transport.LightstreamConnection} is the bidirectional Lightstream protocol
 * connection, and {@link io.lightstream.transport.TransportOptions} holds the settings.
 *
 * <p>The API is free of Netty types; the Netty code lives in {@code transport.internal}.
 */
package io.lightstream.transport;
