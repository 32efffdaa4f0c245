package io.lightstream.transport;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Throw-away PKI for TLS tests: one CA, a server certificate for {@code localhost}/127.0.0.1 and a
 * client certificate, written as PEM files (PKCS#8 keys) into a directory.
 */
public final class TestCertificates {
    public final Path caPem;
    public final Path serverCert;
    public final Path serverKey;
    public final Path clientCert;
    public final Path clientKey;
    /** A second, unrelated CA: peers trusting only it must reject the server. */
    public final Path otherCaPem;

    private TestCertificates(Path dir) throws Exception {
        Instant now = Instant.now();
        CertificateBuilder base = new CertificateBuilder().notBefore(now.minus(1, ChronoUnit.DAYS))
                .notAfter(now.plus(1, ChronoUnit.DAYS)).ecp256();
        X509Bundle ca = base.copy().subject("CN=lightstream test CA").setIsCertificateAuthority(true).buildSelfSigned();
        X509Bundle server = base.copy().subject("CN=localhost").addSanDnsName("localhost").addSanIpAddress("127.0.0.1")
                .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
        X509Bundle client = base.copy().subject("CN=lightstream test client").addExtendedKeyUsageClientAuth()
                .buildIssuedBy(ca);
        X509Bundle other = base.copy().subject("CN=other CA").setIsCertificateAuthority(true).buildSelfSigned();
        caPem = write(dir.resolve("ca.pem"), ca.getCertificatePEM());
        serverCert = write(dir.resolve("server.pem"), server.getCertificatePathPEM());
        serverKey = write(dir.resolve("server-key.pem"), server.getPrivateKeyPEM());
        clientCert = write(dir.resolve("client.pem"), client.getCertificatePathPEM());
        clientKey = write(dir.resolve("client-key.pem"), client.getPrivateKeyPEM());
        otherCaPem = write(dir.resolve("other-ca.pem"), other.getCertificatePEM());
    }

    public static TestCertificates create(Path dir) throws Exception {
        return new TestCertificates(dir);
    }

    private static Path write(Path p, String pem) throws java.io.IOException {
        Files.writeString(p, pem);
        return p;
    }

    /** Options for the accepting (server) side. */
    public TransportOptions.Builder server(TransportOptions.Builder b) {
        return b.tlsCert(serverCert).tlsKey(serverKey);
    }

    /** Options for the connecting (client) side. */
    public TransportOptions.Builder client(TransportOptions.Builder b) {
        return b.tlsCa(caPem);
    }
}
