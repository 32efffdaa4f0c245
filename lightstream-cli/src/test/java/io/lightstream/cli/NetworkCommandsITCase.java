package io.lightstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The tool over the network: serve, cat and convert on loopback endpoints, connecting or accepting. */
class NetworkCommandsITCase {
    @TempDir Path dir;

    record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LightstreamCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void serveStreamsAFileToEachPeerOverSeveralTransports() throws Exception {
        assertThat(run("gen", p("t.arrow"), "--shape", "strings", "--rows", "30000").status()).isZero();
        for (String scheme : List.of("tcp", "ws", "http")) {
            String uri = scheme + "://127.0.0.1:" + freePort() + (scheme.equals("tcp") ? "" : "/t");
            CompletableFuture<Run> server = CompletableFuture.supplyAsync(() -> run("serve", p("t.arrow"), uri, "--count", "2"));
            Run first = run("cat", uri, "--summary", "--retries", "20", "--connect-timeout", "1");
            assertThat(first.status()).as(scheme + ": " + first.err()).isZero();
            assertThat(first.out()).contains("rows: 30000");
            Run second = run("convert", uri, p(scheme + ".arrows"), "--retries", "20");
            assertThat(second.status()).as(second.err()).isZero();
            assertThat(run("cat", p(scheme + ".arrows"), "--summary").out()).contains("rows: 30000");
            assertThat(server.get(60, TimeUnit.SECONDS).status()).isZero();
        }
    }

    @Test
    void convertAcceptsOrConnectsOnEitherSideInBothProtocols() throws Exception {
        assertThat(run("gen", p("m.arrow"), "--rows", "12345").status()).isZero();
        for (String protocol : List.of("arrow", "lightstream")) {
            String uri = "tcp://127.0.0.1:" + freePort();
            CompletableFuture<Run> receiver = CompletableFuture.supplyAsync(
                    () -> run("convert", uri, p(protocol + ".arrow"), "--accept", "--protocol", protocol));
            Run sender = run("convert", p("m.arrow"), uri, "--protocol", protocol, "--retries", "20");
            assertThat(sender.status()).as(sender.err()).isZero();
            Run r = receiver.get(60, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(run("cat", p(protocol + ".arrow"), "--summary").out()).contains("rows: 12345");
        }
    }

    @Test
    void anAbsentPeerIsATransportErrorWithStatus1() throws Exception {
        Run r = run("cat", "tcp://127.0.0.1:" + freePort(), "--retries", "1", "--connect-timeout", "0.5");
        assertThat(r.status()).isEqualTo(ExitCodes.IO);
        assertThat(r.err()).contains("tcp 127.0.0.1:");
    }
}
