package io.lightstream.kafka.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP link in front of an upstream address that a test can take down and bring back: what a
 * network failure between a producer and the connector looks like to both. The link forwards bytes
 * both ways; after a set number of bytes towards the client it goes down at once: every connection
 * through it is reset (both ends see the connection break, the client mid-frame) and its port stops
 * accepting (clients are refused) until {@link #up()} listens on the same port again.
 */
final class SeverableLink implements AutoCloseable {
    private final int upstreamPort;
    private final int port;
    private final List<Socket> sockets = new ArrayList<>();
    private ServerSocket server;
    private Thread acceptor;
    /** Bytes the link still forwards towards clients before it goes down. */
    private long budget = Long.MAX_VALUE;
    private long forwarded;

    SeverableLink(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.port = listen(0);
    }

    int port() {
        return port;
    }

    /** Goes down once {@code bytes} more bytes have gone from upstream to clients. */
    synchronized void downAfter(long bytes) {
        budget = bytes;
    }

    /** Bytes forwarded towards clients since the link was made. */
    synchronized long forwarded() {
        return forwarded;
    }

    synchronized boolean isUp() {
        return server != null;
    }

    /** Listens on the link's port again. */
    synchronized void up() throws IOException {
        if (server == null) {
            budget = Long.MAX_VALUE;
            listen(port);
        }
    }

    private synchronized int listen(int onPort) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
        server = s;
        acceptor = new Thread(() -> accept(s), "link-accept-" + s.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return s.getLocalPort();
    }

    private void accept(ServerSocket s) {
        while (true) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return; // the link went down or closed
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                synchronized (this) {
                    if (server != s) {
                        reset(client);
                        reset(upstream);
                        continue;
                    }
                    sockets.add(client);
                    sockets.add(upstream);
                }
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsClient) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    int allowed = towardsClient ? take(n) : n;
                    out.write(buffer, 0, allowed);
                    out.flush();
                    if (allowed < n || towardsClient && exhausted()) {
                        down();
                        return;
                    }
                }
                to.shutdownOutput(); // pass a clean end of stream on
            } catch (IOException e) {
                reset(from);
                reset(to);
            }
        }, "link-pump");
        t.setDaemon(true);
        t.start();
    }

    private synchronized int take(int n) {
        int allowed = (int) Math.min(n, budget);
        budget -= allowed;
        forwarded += allowed;
        return allowed;
    }

    private synchronized boolean exhausted() {
        return budget == 0;
    }

    /** Resets every connection and stops accepting. */
    synchronized void down() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                // closing a listening socket
            }
            server = null;
        }
        for (Socket s : sockets) {
            reset(s);
        }
        sockets.clear();
    }

    /** Closes with an RST rather than a FIN: the peer sees a broken connection, not an end of stream. */
    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public synchronized void close() {
        down();
    }
}
