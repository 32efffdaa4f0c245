package io.lightstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed Lightstream URI: a file path, {@code stdio:}, or a network endpoint.
 *
 * <table>
 * <caption>Accepted forms</caption>
 * <tr><td>{@code data.arrow}, {@code /abs/data.arrow}, {@code file:///abs/data.arrow}, {@code file:rel/data.arrow}</td><td>file</td></tr>
 * <tr><td>{@code stdio:}, {@code stdio://}, {@code -}</td><td>standard input (read) or output (write)</td></tr>
 * <tr><td>{@code tcp://host:port}</td><td>TCP</td></tr>
 * <tr><td>{@code uds:///abs/path.sock}</td><td>Unix domain socket</td></tr>
 * <tr><td>{@code ws://host:port/path}, {@code wss://...}</td><td>WebSocket (TLS)</td></tr>
 * <tr><td>{@code http://host:port/path}, {@code https://...}</td><td>HTTP/2 (TLS)</td></tr>
 * <tr><td>{@code quic://host:port}</td><td>QUIC</td></tr>
 * <tr><td>{@code wt://host:port/path}</td><td>WebTransport</td></tr>
 * </table>
 *
 * <p>Immutable.
 */
public final class Endpoint {

    /** Endpoint kinds, one per URI scheme. */
    public enum Scheme {
        FILE(false, false),
        STDIO(false, false),
        TCP(true, false),
        UDS(true, false),
        WS(true, false),
        WSS(true, true),
        HTTP(true, false),
        HTTPS(true, true),
        QUIC(true, true),
        WT(true, true);

        private final boolean network;
        private final boolean tls;

        Scheme(boolean network, boolean tls) {
            this.network = network;
            this.tls = tls;
        }

        /** Whether this scheme is a network transport (as opposed to a file or stdio). */
        public boolean isNetwork() {
            return network;
        }

        /** Whether this scheme always runs over TLS. */
        public boolean isTls() {
            return tls;
        }

        /** The scheme as written in URIs, e.g. {@code "tcp"}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Scheme scheme;
    private final String host;
    private final int port;
    private final String path;
    private final String text;

    private Endpoint(Scheme scheme, String host, int port, String path, String text) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path;
        this.text = text;
    }

    /**
     * Parses a URI or path.
     *
     * @throws IllegalArgumentException naming what is wrong (unknown scheme, missing port, relative
     *     UDS path)
     */
    public static Endpoint parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        String s = uri.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty URI");
        }
        if (s.equals("-") || s.equalsIgnoreCase("stdio:") || s.equalsIgnoreCase("stdio://")
                || s.equalsIgnoreCase("stdio")) {
            return new Endpoint(Scheme.STDIO, null, -1, null, s);
        }
        int colon = s.indexOf(':');
        int slash = s.indexOf('/');
        boolean hasScheme = colon > 1 && (slash < 0 || colon < slash) && s.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
        if (!hasScheme) {
            return new Endpoint(Scheme.FILE, null, -1, s, s);
        }
        String schemeText = s.substring(0, colon).toLowerCase(Locale.ROOT);
        if (schemeText.equals("file")) {
            String rest = s.substring(colon + 1);
            String p;
            if (rest.startsWith("//")) {
                try {
                    p = Paths.get(new URI(s)).toString();
                } catch (URISyntaxException | IllegalArgumentException e) {
                    p = rest.substring(2);
                }
            } else {
                p = rest;
            }
            if (p.isEmpty()) {
                throw new IllegalArgumentException("file URI without a path: " + s);
            }
            return new Endpoint(Scheme.FILE, null, -1, p, s);
        }
        Scheme scheme;
        try {
            scheme = Scheme.valueOf(schemeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown URI scheme '" + schemeText + "' in '" + s
                    + "' (expected a file path, file:, stdio:, tcp, uds, ws, wss, http, https, quic or wt)");
        }
        if (scheme == Scheme.UDS) {
            String p = s.substring(colon + 1);
            if (p.startsWith("//")) {
                p = p.substring(2);
            }
            if (!p.startsWith("/")) {
                throw new IllegalArgumentException("uds URI needs an absolute socket path, e.g. uds:///tmp/ls.sock: " + s);
            }
            return new Endpoint(scheme, null, -1, p, s);
        }
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed URI '" + s + "': " + e.getMessage());
        }
        String host = u.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(scheme.id() + " URI needs a host: " + s);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = u.getPort();
        if (port < 0) {
            switch (scheme) {
                case HTTP, WS -> port = 80;
                case HTTPS, WSS -> port = 443;
                default -> throw new IllegalArgumentException(scheme.id() + " URI needs a port, e.g. " + scheme.id()
                        + "://127.0.0.1:9000: " + s);
            }
        }
        String path = u.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        return new Endpoint(scheme, host, port, path, s);
    }

    public Scheme scheme() {
        return scheme;
    }

    /** Host of a network endpoint, else null. */
    public String host() {
        return host;
    }

    /** Port of a network endpoint, else -1. */
    public int port() {
        return port;
    }

    /** File path, socket path (UDS) or HTTP/WebSocket request path; null for stdio and for TCP/QUIC. */
    public String path() {
        return path;
    }

    /** The file path as a {@link Path}, for {@link Scheme#FILE}. */
    public Path filePath() {
        if (scheme != Scheme.FILE) {
            throw new IllegalStateException(text + " is not a file");
        }
        return Paths.get(path);
    }

    /** {@code host:port} for network endpoints, the path for files and sockets, {@code stdio} for pipes. */
    public String address() {
        return switch (scheme) {
            case FILE, UDS -> path;
            case STDIO -> "stdio";
            default -> (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
