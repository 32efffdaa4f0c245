package io.lightstream.kafka.it;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Throw-away TLS material for the integration tests, as PEM: a CA and a server certificate for
 * {@code localhost} and 127.0.0.1 signed by it, with its PKCS#8 key.
 */
final class TestPki {
    /** The CA certificate, the text a connector is given in {@code transport.ssl.truststore.certificates}. */
    final String caPem;
    final Path serverCert;
    final Path serverKey;

    private TestPki(String caPem, Path serverCert, Path serverKey) {
        this.caPem = caPem;
        this.serverCert = serverCert;
        this.serverKey = serverKey;
    }

    static TestPki create(Path dir) throws Exception {
        Instant now = Instant.now();
        CertificateBuilder base = new CertificateBuilder().notBefore(now.minus(1, ChronoUnit.DAYS))
                .notAfter(now.plus(1, ChronoUnit.DAYS)).ecp256();
        X509Bundle ca = base.copy().subject("CN=lightstream connector test CA").setIsCertificateAuthority(true)
                .buildSelfSigned();
        X509Bundle server = base.copy().subject("CN=localhost").addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1").addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
        Files.createDirectories(dir);
        return new TestPki(ca.getCertificatePEM(),
                Files.writeString(dir.resolve("server.pem"), server.getCertificatePathPEM()),
                Files.writeString(dir.resolve("server-key.pem"), server.getPrivateKeyPEM()));
    }
}
