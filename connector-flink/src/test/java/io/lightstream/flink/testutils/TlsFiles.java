package io.lightstream.flink.testutils;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Throw-away PKI for TLS tests, generated when created (test utility): a CA, a server certificate
 * for {@code localhost}/127.0.0.1 and a client certificate issued by it, and a second, unrelated CA;
 * all as PEM files in one directory.
 */
public final class TlsFiles {
    public final Path ca;
    public final Path serverCert;
    public final Path serverKey;
    public final Path clientCert;
    public final Path clientKey;
    /** A CA that signed nothing here: peers trusting only it must reject the server. */
    public final Path otherCa;

    private TlsFiles(Path dir) throws Exception {
        Instant now = Instant.now();
        CertificateBuilder base = new CertificateBuilder().notBefore(now.minus(1, ChronoUnit.DAYS))
                .notAfter(now.plus(1, ChronoUnit.DAYS)).ecp256();
        X509Bundle caBundle = base.copy().subject("CN=connector test CA").setIsCertificateAuthority(true)
                .buildSelfSigned();
        X509Bundle server = base.copy().subject("CN=localhost").addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1").addExtendedKeyUsageServerAuth().buildIssuedBy(caBundle);
        X509Bundle client = base.copy().subject("CN=connector test client").addExtendedKeyUsageClientAuth()
                .buildIssuedBy(caBundle);
        X509Bundle other = base.copy().subject("CN=unrelated CA").setIsCertificateAuthority(true).buildSelfSigned();
        ca = write(dir.resolve("ca.pem"), caBundle.getCertificatePEM());
        serverCert = write(dir.resolve("server.pem"), server.getCertificatePathPEM());
        serverKey = write(dir.resolve("server-key.pem"), server.getPrivateKeyPEM());
        clientCert = write(dir.resolve("client.pem"), client.getCertificatePathPEM());
        clientKey = write(dir.resolve("client-key.pem"), client.getPrivateKeyPEM());
        otherCa = write(dir.resolve("other-ca.pem"), other.getCertificatePEM());
    }

    /** Generates the material into {@code dir}. */
    public static TlsFiles create(Path dir) throws Exception {
        return new TlsFiles(dir);
    }

    private static Path write(Path file, String pem) throws IOException {
        Files.writeString(file, pem);
        return file;
    }
}
