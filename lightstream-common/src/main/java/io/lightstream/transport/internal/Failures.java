package io.lightstream.transport.internal;

import io.lightstream.LightstreamException;
import io.lightstream.TransportException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns what Netty and the JDK throw into {@link TransportException}s whose message says, in
 * words, what happened on which transport and address, keeping the original as the cause.
 *
 * <p>Stateless and thread-safe.
 */
public final class Failures {
    private Failures() {}

    /**
     * A transport error for {@code transport}/{@code address}: {@code context} says what was being
     * done ("connect", "read"); the cause is described after it. A {@link LightstreamException}
     * (for example a decoder's {@code FormatException}) is returned unchanged.
     */
    public static LightstreamException of(String transport, String address, String context, Throwable cause) {
        Throwable root = unwrap(cause);
        if (root instanceof LightstreamException le) {
            return le;
        }
        return new TransportException(transport, address, context + ": " + describe(root), root);
    }

    /** The most telling exception inside Netty's wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof DecoderException || cur instanceof java.util.concurrent.ExecutionException
                || cur instanceof java.util.concurrent.CompletionException) && cur.getCause() != null
                && !(cur instanceof SSLException)) {
            cur = cur.getCause();
        }
        return cur;
    }

    /** A short human description of a transport-level cause. */
    public static String describe(Throwable t) {
        if (t instanceof ConnectTimeoutException) {
            return "connect timed out (" + t.getMessage() + ")";
        }
        if (t instanceof ConnectException) {
            String m = String.valueOf(t.getMessage());
            return m.toLowerCase(java.util.Locale.ROOT).contains("refused")
                    ? "connection refused (is the peer listening?)" : "cannot connect: " + m;
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof NotSslRecordException) {
            return "TLS handshake failed: the peer does not speak TLS";
        }
        if (t instanceof SSLHandshakeException || t instanceof SSLException) {
            Throwable inner = t.getCause() != null && t.getCause() != t ? t.getCause() : null;
            return "TLS handshake failed: " + t.getMessage()
                    + (inner != null && inner.getMessage() != null && !String.valueOf(t.getMessage())
                            .contains(inner.getMessage()) ? " (" + inner.getMessage() + ")" : "");
        }
        if (t instanceof Http2Exception) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("485454502f")) {
                // the first bytes were "HTTP/": an HTTP/1.x server answering the HTTP/2 preface
                return "the peer answered in HTTP/1.x; it does not speak HTTP/2 with prior knowledge";
            }
            return "HTTP/2 protocol error: " + m;
        }
        if (t instanceof ClosedChannelException) {
            return "connection closed";
        }
        if (t instanceof IOException) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("reset by peer") || m.contains("Connection reset")) {
                return "connection reset by peer";
            }
            if (m.contains("Broken pipe")) {
                return "connection closed by peer (broken pipe)";
            }
            return m;
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
