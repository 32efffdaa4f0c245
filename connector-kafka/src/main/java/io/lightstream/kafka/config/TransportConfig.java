package io.lightstream.kafka.config;

import io.lightstream.Endpoint;
import io.lightstream.transport.TransportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * The {@code transport.*} keys of both connectors and their mapping onto {@link TransportOptions}.
 * Defaults are taken from {@link TransportOptions#DEFAULT}, so the two never drift apart. TLS keys
 * follow Kafka's own names ({@code transport.ssl.keystore.location}, {@code
 * transport.ssl.truststore.certificates}, ...) with PEM material, as files or inline; inline
 * secrets are {@link Type#PASSWORD}s, so workers mask them and config providers can supply them.
 *
 * <p>Stateless; thread-safe.
 */
public final class TransportConfig {
    public static final String PREFIX = "transport.";
    public static final String ACCEPT = PREFIX + "accept";
    public static final String PARALLEL = PREFIX + "parallel";
    public static final String CONNECT_TIMEOUT_MS = PREFIX + "connect.timeout.ms";
    public static final String CONNECT_RETRIES = PREFIX + "connect.retries";
    public static final String RETRY_BACKOFF_MS = PREFIX + "retry.backoff.ms";
    public static final String READ_TIMEOUT_MS = PREFIX + "read.timeout.ms";
    public static final String ACCEPT_TIMEOUT_MS = PREFIX + "accept.timeout.ms";
    public static final String MAX_QUEUED_BATCHES = PREFIX + "max.queued.batches";
    public static final String WRITE_BUFFER_BYTES = PREFIX + "write.buffer.bytes";

    public static final String SECURITY_PROTOCOL = PREFIX + "security.protocol";
    public static final String SSL_KEYSTORE_TYPE = PREFIX + "ssl.keystore.type";
    public static final String SSL_KEYSTORE_LOCATION = PREFIX + "ssl.keystore.location";
    public static final String SSL_KEYSTORE_CERTIFICATE_CHAIN = PREFIX + "ssl.keystore.certificate.chain";
    public static final String SSL_KEYSTORE_KEY = PREFIX + "ssl.keystore.key";
    public static final String SSL_KEY_PASSWORD = PREFIX + "ssl.key.password";
    public static final String SSL_TRUSTSTORE_TYPE = PREFIX + "ssl.truststore.type";
    public static final String SSL_TRUSTSTORE_LOCATION = PREFIX + "ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_CERTIFICATES = PREFIX + "ssl.truststore.certificates";
    public static final String SSL_CLIENT_AUTH = PREFIX + "ssl.client.auth";

    static final String GROUP = "Transport";
    static final String TLS_GROUP = "Transport TLS";

    private TransportConfig() {}

    /**
     * Adds the transport keys to {@code def}.
     *
     * @param endpointsKey the key holding the endpoint list, used to show TLS keys only where an
     *     endpoint can use TLS
     */
    public static ConfigDef define(ConfigDef def, String endpointsKey) {
        TransportOptions d = TransportOptions.DEFAULT;
        int o = 0;
        def.define(ACCEPT, Type.BOOLEAN, d.accept(), Importance.MEDIUM,
                "Bind to each endpoint's address and wait for the peer, instead of connecting to it. Meant for"
                        + " standalone workers or tasks behind a fixed address: in distributed mode tasks move between"
                        + " workers, so senders cannot find a listening task reliably.",
                GROUP, ++o, Width.SHORT, "Accept connections");
        def.define(PARALLEL, Type.INT, d.parallel(), ConfigDef.Range.between(1, 256), Importance.LOW,
                "Parallel connections carrying one ordered logical stream per endpoint.", GROUP, ++o, Width.SHORT,
                "Parallel streams");
        def.define(CONNECT_TIMEOUT_MS, Type.LONG, d.connectTimeout().toMillis(), ConfigDef.Range.atLeast(0),
                Importance.LOW, "Time allowed for one connection attempt.", GROUP, ++o, Width.SHORT, "Connect timeout (ms)");
        def.define(CONNECT_RETRIES, Type.INT, d.connectRetries(), ConfigDef.Range.atLeast(0), Importance.LOW,
                "Connection attempts after the first, with exponential backoff.", GROUP, ++o, Width.SHORT,
                "Connect retries");
        def.define(RETRY_BACKOFF_MS, Type.LONG, d.retryBackoff().toMillis(), ConfigDef.Range.atLeast(0),
                Importance.LOW, "First backoff between connection attempts; doubles with each attempt.", GROUP, ++o,
                Width.SHORT, "Retry backoff (ms)");
        def.define(READ_TIMEOUT_MS, Type.LONG, d.readTimeout().toMillis(), ConfigDef.Range.atLeast(0),
                Importance.LOW, "Fail a read when nothing arrives for this long; 0 waits forever.", GROUP, ++o,
                Width.SHORT, "Read timeout (ms)");
        def.define(ACCEPT_TIMEOUT_MS, Type.LONG, d.acceptTimeout().toMillis(), ConfigDef.Range.atLeast(0),
                Importance.LOW, "How long an accepting endpoint waits for its peer; 0 waits forever.", GROUP, ++o,
                Width.SHORT, "Accept timeout (ms)");
        def.define(MAX_QUEUED_BATCHES, Type.INT, d.maxQueuedBatches(), ConfigDef.Range.atLeast(1), Importance.LOW,
                "Decoded batches the transport holds before it stops reading from the socket.", GROUP, ++o,
                Width.SHORT, "Queued batches");
        def.define(WRITE_BUFFER_BYTES, Type.INT, d.writeBufferBytes(), ConfigDef.Range.atLeast(64 * 1024),
                Importance.LOW, "Bytes a writer lets queue in the transport before waiting for the peer.", GROUP, ++o,
                Width.SHORT, "Write buffer (bytes)");

        ConfigDef.Recommender tls = new TlsRecommender(endpointsKey);
        int t = 0;
        def.define(SECURITY_PROTOCOL, Type.STRING, d.tls() ? "SSL" : "PLAINTEXT",
                ConfigDef.CaseInsensitiveValidString.in("PLAINTEXT", "SSL"), Importance.MEDIUM,
                "SSL runs tcp:// endpoints inside TLS. wss://, https:// and quic:// always use TLS whatever this"
                        + " says; uds://, ws:// and http:// never do (use wss:// or https:// for TLS).", TLS_GROUP, ++t,
                Width.SHORT, "Security protocol", tls);
        def.define(SSL_KEYSTORE_TYPE, Type.STRING, "PEM", ConfigDef.ValidString.in("PEM"), Importance.LOW,
                "Format of the key store. Only PEM is supported: convert JKS or PKCS12 stores with keytool and openssl.",
                TLS_GROUP, ++t, Width.SHORT, "Key store type", tls);
        def.define(SSL_KEYSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                "PEM file holding this side's certificate chain and its unencrypted PKCS#8 private key. Required on"
                        + " the accepting side of a TLS endpoint; on the connecting side it enables mutual TLS.",
                TLS_GROUP, ++t, Width.LONG, "Key store file", tls);
        def.define(SSL_KEYSTORE_CERTIFICATE_CHAIN, Type.PASSWORD, null, Importance.MEDIUM,
                "This side's certificate chain as inline PEM, instead of " + SSL_KEYSTORE_LOCATION + ".",
                TLS_GROUP, ++t, Width.LONG, "Certificate chain (PEM)", tls);
        def.define(SSL_KEYSTORE_KEY, Type.PASSWORD, null, Importance.MEDIUM,
                "This side's unencrypted PKCS#8 private key as inline PEM, with " + SSL_KEYSTORE_CERTIFICATE_CHAIN + ".",
                TLS_GROUP, ++t, Width.LONG, "Private key (PEM)", tls);
        def.define(SSL_KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                "Not supported: the transport reads unencrypted PKCS#8 keys only. Setting it is reported as an error"
                        + " rather than ignored.", TLS_GROUP, ++t, Width.SHORT, "Key password", tls);
        def.define(SSL_TRUSTSTORE_TYPE, Type.STRING, "PEM", ConfigDef.ValidString.in("PEM"), Importance.LOW,
                "Format of the trust store. Only PEM is supported.", TLS_GROUP, ++t, Width.SHORT, "Trust store type", tls);
        def.define(SSL_TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                "PEM file of the certificates that verify the peer.", TLS_GROUP, ++t, Width.LONG, "Trust store file", tls);
        def.define(SSL_TRUSTSTORE_CERTIFICATES, Type.PASSWORD, null, Importance.MEDIUM,
                "Trusted certificates as inline PEM, instead of " + SSL_TRUSTSTORE_LOCATION + ".", TLS_GROUP, ++t,
                Width.LONG, "Trusted certificates (PEM)", tls);
        def.define(SSL_CLIENT_AUTH, Type.STRING, "none", ConfigDef.CaseInsensitiveValidString.in("none", "required"),
                Importance.LOW, "On an accepting endpoint with TLS: 'required' demands and verifies a client"
                        + " certificate (mutual TLS) against the trust store.", TLS_GROUP, ++t, Width.SHORT,
                "Client authentication", tls);
        return def;
    }

    /**
     * Cross-field checks of the transport block, attached to the offending keys.
     *
     * @param endpoints the parsed endpoint list (possibly empty when it failed its own validation)
     */
    public static void validate(Map<String, ConfigValue> values, List<Endpoint> endpoints) {
        boolean accept = Boolean.TRUE.equals(value(values, ACCEPT));
        String keystore = (String) value(values, SSL_KEYSTORE_LOCATION);
        Password chain = (Password) value(values, SSL_KEYSTORE_CERTIFICATE_CHAIN);
        Password key = (Password) value(values, SSL_KEYSTORE_KEY);
        String truststore = (String) value(values, SSL_TRUSTSTORE_LOCATION);
        Password trusted = (Password) value(values, SSL_TRUSTSTORE_CERTIFICATES);
        String clientAuth = (String) value(values, SSL_CLIENT_AUTH);
        boolean ssl = "SSL".equalsIgnoreCase((String) value(values, SECURITY_PROTOCOL));

        if (value(values, SSL_KEY_PASSWORD) != null) {
            error(values, SSL_KEY_PASSWORD, "encrypted private keys are not supported; give an unencrypted PKCS#8 key"
                    + " (protect it with file permissions or a config provider) and remove " + SSL_KEY_PASSWORD);
        }
        if (keystore != null && chain != null) {
            error(values, SSL_KEYSTORE_CERTIFICATE_CHAIN, "set either " + SSL_KEYSTORE_LOCATION + " or "
                    + SSL_KEYSTORE_CERTIFICATE_CHAIN + " with " + SSL_KEYSTORE_KEY + ", not both");
        }
        if ((chain == null) != (key == null)) {
            error(values, chain == null ? SSL_KEYSTORE_CERTIFICATE_CHAIN : SSL_KEYSTORE_KEY, SSL_KEYSTORE_CERTIFICATE_CHAIN
                    + " and " + SSL_KEYSTORE_KEY + " go together: set both or neither");
        }
        if (truststore != null && trusted != null) {
            error(values, SSL_TRUSTSTORE_CERTIFICATES, "set either " + SSL_TRUSTSTORE_LOCATION + " or "
                    + SSL_TRUSTSTORE_CERTIFICATES + ", not both");
        }
        checkReadable(values, SSL_KEYSTORE_LOCATION, keystore);
        checkReadable(values, SSL_TRUSTSTORE_LOCATION, truststore);
        boolean hasKeystore = keystore != null || chain != null;
        boolean hasTruststore = truststore != null || trusted != null;
        if ("required".equalsIgnoreCase(clientAuth)) {
            if (!accept) {
                error(values, SSL_CLIENT_AUTH, "client authentication is decided by the accepting side; set "
                        + ACCEPT + "=true or leave " + SSL_CLIENT_AUTH + "=none");
            } else if (!hasTruststore) {
                error(values, SSL_CLIENT_AUTH, "verifying client certificates needs " + SSL_TRUSTSTORE_LOCATION
                        + " or " + SSL_TRUSTSTORE_CERTIFICATES);
            }
        }
        boolean anyTls = false;
        for (Endpoint e : endpoints) {
            if (!e.scheme().isNetwork() && accept) {
                error(values, ACCEPT, ACCEPT + "=true applies to network endpoints, not to '" + e + "'");
            }
            boolean endpointTls = e.scheme().isTls() || ssl && e.scheme() == Endpoint.Scheme.TCP;
            anyTls |= endpointTls;
            if (ssl && !e.scheme().isTls() && e.scheme() != Endpoint.Scheme.TCP) {
                error(values, SECURITY_PROTOCOL, SECURITY_PROTOCOL + "=SSL applies to tcp:// endpoints; '" + e + "' "
                        + switch (e.scheme()) {
                            case WS -> "is a WebSocket: use wss:// for WebSocket over TLS";
                            case HTTP -> "is cleartext HTTP/2: use https:// for HTTP/2 over TLS";
                            case UDS -> "is a Unix domain socket, which has no TLS";
                            default -> "is not a network endpoint";
                        });
            }
            if (accept && endpointTls && !hasKeystore) {
                error(values, SSL_KEYSTORE_LOCATION, "the accepting side of the TLS endpoint '" + e
                        + "' needs a certificate: set " + SSL_KEYSTORE_LOCATION + " or " + SSL_KEYSTORE_CERTIFICATE_CHAIN);
            }
        }
        if (!endpoints.isEmpty() && !anyTls && (hasKeystore || hasTruststore)) {
            error(values, SECURITY_PROTOCOL, "TLS material is configured but no endpoint uses TLS: set "
                    + SECURITY_PROTOCOL + "=SSL for tcp:// endpoints (or use wss://, https:// or quic://), or remove"
                    + " the " + PREFIX + "ssl.* keys");
        }
    }

    /**
     * The transport options of {@code config}. Inline PEM values are written through {@code pem}
     * to files only this process can read, because {@link TransportOptions} takes paths.
     */
    public static TransportOptions toOptions(AbstractConfig config, PemFiles pem) {
        TransportOptions.Builder b = TransportOptions.builder()
                .accept(config.getBoolean(ACCEPT))
                .parallel(config.getInt(PARALLEL))
                .connectTimeout(Duration.ofMillis(config.getLong(CONNECT_TIMEOUT_MS)))
                .connectRetries(config.getInt(CONNECT_RETRIES))
                .retryBackoff(Duration.ofMillis(config.getLong(RETRY_BACKOFF_MS)))
                .readTimeout(Duration.ofMillis(config.getLong(READ_TIMEOUT_MS)))
                .acceptTimeout(Duration.ofMillis(config.getLong(ACCEPT_TIMEOUT_MS)))
                .maxQueuedBatches(config.getInt(MAX_QUEUED_BATCHES))
                .writeBufferBytes(config.getInt(WRITE_BUFFER_BYTES))
                .tls("SSL".equalsIgnoreCase(config.getString(SECURITY_PROTOCOL)))
                .tlsClientAuth("required".equalsIgnoreCase(config.getString(SSL_CLIENT_AUTH)));
        String keystore = config.getString(SSL_KEYSTORE_LOCATION);
        Password chain = config.getPassword(SSL_KEYSTORE_CERTIFICATE_CHAIN);
        if (keystore != null) {
            // A Kafka PEM key store file holds the key and the chain together; PEM readers pick
            // the blocks they need from it.
            b.tlsCert(Paths.get(keystore)).tlsKey(Paths.get(keystore));
        } else if (chain != null) {
            b.tlsCert(pem.write("certificate-chain", chain.value()))
                    .tlsKey(pem.write("private-key", config.getPassword(SSL_KEYSTORE_KEY).value()));
        }
        String truststore = config.getString(SSL_TRUSTSTORE_LOCATION);
        Password trusted = config.getPassword(SSL_TRUSTSTORE_CERTIFICATES);
        if (truststore != null) {
            b.tlsCa(Paths.get(truststore));
        } else if (trusted != null) {
            b.tlsCa(pem.write("trusted-certificates", trusted.value()));
        }
        return b.build();
    }

    private static void checkReadable(Map<String, ConfigValue> values, String key, String location) {
        if (location != null) {
            Path p = Paths.get(location);
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                error(values, key, "'" + location + "' is not a readable file on this worker");
            }
        }
    }

    static Object value(Map<String, ConfigValue> values, String key) {
        ConfigValue v = values.get(key);
        return v == null ? null : v.value();
    }

    static void error(Map<String, ConfigValue> values, String key, String message) {
        ConfigValue v = values.get(key);
        if (v != null && !v.errorMessages().contains(message)) {
            v.addErrorMessage(message);
        }
    }

    /** Shows TLS keys only when some endpoint is a network endpoint (where TLS can apply). */
    private static final class TlsRecommender implements ConfigDef.Recommender {
        private final String endpointsKey;

        TlsRecommender(String endpointsKey) {
            this.endpointsKey = endpointsKey;
        }

        @Override
        public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
            return List.of();
        }

        @Override
        public boolean visible(String name, Map<String, Object> parsedConfig) {
            Object endpoints = parsedConfig.get(endpointsKey);
            if (!(endpoints instanceof List<?> list)) {
                return true;
            }
            for (Object o : list) {
                try {
                    if (Endpoint.parse(String.valueOf(o)).scheme().isNetwork()) {
                        return true;
                    }
                } catch (IllegalArgumentException e) {
                    return true;
                }
            }
            return false;
        }
    }
}
