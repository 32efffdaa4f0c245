package io.lightstream.transport.internal;

import io.lightstream.LightstreamException;
import io.lightstream.TransportException;
import io.lightstream.transport.TransportOptions;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.util.concurrent.Future;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Connection attempts with a timeout each and bounded retries with exponential backoff; a clear
 * error naming the last cause once they are used up. Only failures a later attempt may cure are
 * retried (refused, timed out, socket file missing); a TLS or protocol failure is final at once.
 *
 * <p>Stateless and thread-safe.
 */
final class Dialer {
    private Dialer() {}

    /**
     * One attempt: starts connecting and returns the future of the result. The dialer cancels an
     * attempt that takes longer than the connect timeout; an attempt may refuse that (make its
     * future uncancellable) once the peer has accepted the connection, and must then finish by
     * itself within a bounded time.
     */
    interface Attempt<T> {
        Future<T> start() throws LightstreamException;
    }

    static <T> T dial(String transport, String address, TransportOptions o, Attempt<T> attempt)
            throws LightstreamException {
        int attempts = o.connectRetries() + 1;
        long backoff = Math.max(1, o.retryBackoff().toMillis());
        long timeoutMs = o.connectTimeout().isZero() ? Long.MAX_VALUE : o.connectTimeout().toMillis();
        Throwable last = null;
        int made = 0;
        for (int i = 0; i < attempts; i++) {
            made++;
            if (i > 0) {
                sleep(transport, address, Math.min(backoff << Math.min(i - 1, 16), 30_000));
            }
            Future<T> f = attempt.start();
            boolean done = f.awaitUninterruptibly(timeoutMs, TimeUnit.MILLISECONDS);
            if (!done && f.cancel(false)) {
                last = new io.netty.channel.ConnectTimeoutException("no connection within " + timeoutMs + " ms");
                continue;
            }
            if (!done) {
                // the attempt finished in the meantime, or the peer has accepted it and it can no
                // longer be abandoned without leaving the peer a half-made connection: its outcome
                // (success, or a failure within its own handshake timeout) decides
                f.awaitUninterruptibly();
            }
            if (f.isSuccess()) {
                return f.getNow();
            }
            last = Failures.unwrap(f.cause());
            if (!retryable(last)) {
                break;
            }
        }
        if (last instanceof LightstreamException le) {
            throw le;
        }
        String tries = made == 1 ? "" : " (" + made + " attempts)";
        throw new TransportException(transport, address, "cannot connect" + tries + ": " + Failures.describe(last), last);
    }

    static boolean retryable(Throwable t) {
        if (t instanceof SSLException || t instanceof Http2Exception || t instanceof LightstreamException
                || t instanceof IllegalArgumentException) {
            return false;
        }
        return t instanceof ConnectException || t instanceof io.netty.channel.ConnectTimeoutException
                || t instanceof FileNotFoundException || t instanceof ClosedChannelException
                || (t instanceof IOException && String.valueOf(t.getMessage()).contains("No such file"))
                || t instanceof io.netty.handler.codec.quic.QuicException;
    }

    private static void sleep(String transport, String address, long ms) throws TransportException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(transport, address, "interrupted while connecting", e);
        }
    }
}
