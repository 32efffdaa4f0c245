package io.lightstream.transport.internal;

import io.lightstream.transport.TransportOptions;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * Builds TLS contexts from the PEM files named in {@link TransportOptions}: server certificate chain
 * and PKCS#8 key, trust roots for verifying the peer, and client certificates for mutual TLS.
 *
 * <p>Why the JDK provider for TCP, WebSocket and HTTP/2: it needs no native library, and Java 17
 * does ALPN and TLS 1.3 itself. QUIC brings its own BoringSSL. Stateless and thread-safe.
 */
public final class TlsContexts {
    private TlsContexts() {}

    /** The server side: certificate and key required; client certificates verified against the CA when asked. */
    public static SslContext server(String transport, TransportOptions o, String... alpn) throws SSLException {
        requireServerMaterial(transport, o);
        SslContextBuilder b = SslContextBuilder.forServer(o.tlsCert().toFile(), o.tlsKey().toFile())
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2");
        if (o.tlsClientAuth()) {
            if (o.tlsCa() == null) {
                throw new IllegalArgumentException(transport + ": mutual TLS (tlsClientAuth) needs tlsCa, the roots that"
                        + " client certificates are verified against");
            }
            b.trustManager(readable(o.tlsCa(), "tlsCa").toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        if (alpn.length > 0) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
        }
        return b.build();
    }

    /** The client side: peer verified against the CA (or the JVM's trust store) including its host name. */
    public static SslContext client(String transport, TransportOptions o, String... alpn) throws SSLException {
        SslContextBuilder b = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .endpointIdentificationAlgorithm("HTTPS");
        if (o.tlsCa() != null) {
            b.trustManager(readable(o.tlsCa(), "tlsCa").toFile());
        }
        if (o.tlsCert() != null || o.tlsKey() != null) {
            requireServerMaterial(transport, o);
            b.keyManager(o.tlsCert().toFile(), o.tlsKey().toFile());
        }
        if (alpn.length > 0) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
        }
        return b.build();
    }

    /** QUIC server context (TLS 1.3 only, as QUIC requires). */
    public static QuicSslContext quicServer(TransportOptions o, String alpn) {
        requireServerMaterial("quic", o);
        QuicSslContextBuilder b = QuicSslContextBuilder.forServer(o.tlsKey().toFile(), null, o.tlsCert().toFile())
                .applicationProtocols(alpn);
        if (o.tlsClientAuth()) {
            if (o.tlsCa() == null) {
                throw new IllegalArgumentException("quic: mutual TLS (tlsClientAuth) needs tlsCa");
            }
            b.trustManager(readable(o.tlsCa(), "tlsCa").toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        return b.build();
    }

    /** QUIC client context. */
    public static QuicSslContext quicClient(TransportOptions o, String alpn) {
        QuicSslContextBuilder b = QuicSslContextBuilder.forClient().applicationProtocols(alpn);
        if (o.tlsCa() != null) {
            b.trustManager(readable(o.tlsCa(), "tlsCa").toFile());
        }
        if (o.tlsCert() != null || o.tlsKey() != null) {
            requireServerMaterial("quic", o);
            b.keyManager(o.tlsKey().toFile(), null, o.tlsCert().toFile());
        }
        return b.build();
    }

    private static void requireServerMaterial(String transport, TransportOptions o) {
        if (o.tlsCert() == null || o.tlsKey() == null) {
            throw new IllegalArgumentException(transport + ": TLS needs both tlsCert (PEM certificate chain) and tlsKey"
                    + " (PEM PKCS#8 private key) on this side");
        }
        readable(o.tlsCert(), "tlsCert");
        readable(o.tlsKey(), "tlsKey");
    }

    private static Path readable(Path p, String what) {
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException(what + " file " + p + " does not exist or is not readable");
        }
        return p;
    }
}
