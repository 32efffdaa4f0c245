/**
 * Netty glue behind {@link io.lightstream.transport}: shared event loops, one binding per URI scheme
 * that turns connections and streams into byte {@link io.lightstream.transport.internal.Pipe pipes},
 * the decoding inbound side with its bounded queue, and the zero-copy outbound sink.
 *
 * <p>Nothing here is public API; Netty types never leave this package.
 */
package io.lightstream.transport.internal;
