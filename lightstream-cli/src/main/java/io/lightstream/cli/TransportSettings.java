package io.lightstream.cli;

import io.lightstream.transport.TransportOptions;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Network options shared by the commands; they apply to every network endpoint of a command. */
final class TransportSettings {
    @Option(names = "--accept", description = "Bind the network endpoint(s) and wait for the peer instead of connecting.")
    boolean accept;

    @Option(names = "--protocol", paramLabel = "PROTOCOL",
            description = "Protocol on pipes and network endpoints, both directions: arrow (default) or lightstream.")
    String protocol;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Parallel connections/streams (reference-compatible ordered modes). Default: ${DEFAULT-VALUE}.")
    int parallel = 1;

    @Option(names = "--tls", description = "Use TLS on tcp:// (wss, https and quic always use it).")
    boolean tls;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "This side's certificate chain (server, or client for mutual TLS).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "Trusted roots used to verify the peer.")
    Path tlsCa;

    @Option(names = "--tls-client-auth", description = "When accepting with TLS, require a client certificate (mutual TLS).")
    boolean tlsClientAuth;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Connect timeout per attempt. Default: ${DEFAULT-VALUE}.")
    double connectTimeout = 10;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "Connection attempts after the first, with growing backoff. Default: ${DEFAULT-VALUE}.")
    int retries = 3;

    @Option(names = "--read-timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Fail when the peer sends nothing for this long; 0 waits forever. Default: ${DEFAULT-VALUE}.")
    double readTimeout;

    TransportOptions options() {
        TransportOptions.Builder b = TransportOptions.builder().accept(accept).parallel(parallel).tls(tls)
                .tlsCert(tlsCert).tlsKey(tlsKey).tlsCa(tlsCa).tlsClientAuth(tlsClientAuth)
                .connectTimeout(seconds(connectTimeout)).connectRetries(retries).readTimeout(seconds(readTimeout));
        return b.build();
    }

    private static Duration seconds(double s) {
        if (s < 0) {
            throw new IllegalArgumentException("timeouts must not be negative, got " + s);
        }
        return Duration.ofNanos((long) (s * 1e9));
    }
}
