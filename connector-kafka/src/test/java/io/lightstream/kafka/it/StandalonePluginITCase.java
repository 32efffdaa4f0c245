package io.lightstream.kafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lightstream.kafka.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import io.lightstream.transport.TransportOptions;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin run the way the README tells a user to: a KRaft broker and a standalone
 * Connect worker as separate JVMs started from Kafka's jars, the worker loading the plugin only from
 * its directory on {@code plugin.path} ({@code plugin.discovery=service_load}; neither our classes
 * nor Arrow nor Netty are on its classpath), with the sample configuration files shipped in the
 * plugin's {@code etc/}, which must also be the ones printed in the README: the source dials a
 * Lightstream producer on TCP, the sink streams to a Lightstream consumer on TCP, both peers in
 * this JVM, on free ports in place of the samples' 9000 and 9001.
 */
class StandalonePluginITCase {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int ROWS = 30_000;

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> peers = new ArrayList<>();
    private BufferAllocator allocator;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = processes.size() - 1; i >= 0; i--) {
            stop(processes.get(i));
        }
        for (AutoCloseable peer : peers) {
            peer.close();
        }
        allocator.close();
    }

    private static Path pluginParent() {
        return Path.of(System.getProperty("plugin.parent.dir"));
    }

    private static Path plugin() {
        return pluginParent().resolve(System.getProperty("plugin.name"));
    }

    @Test
    void thePluginHasTheHubLayoutWithoutKafkaJarsAndListsEveryPluginClass() throws Exception {
        Path plugin = plugin();
        JsonNode manifest = new ObjectMapper().readTree(plugin.resolve("manifest.json").toFile());
        assertThat(manifest.get("version").asText()).isEqualTo(Version.get());
        assertThat(manifest.get("component_types").toString()).contains("source", "sink", "converter");
        List<String> jars;
        try (Stream<Path> s = Files.list(plugin.resolve("lib"))) {
            jars = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(jars).anyMatch(j -> j.startsWith("connector-kafka-")).anyMatch(j -> j.startsWith("lightstream-common-"))
                .anyMatch(j -> j.startsWith("arrow-vector-"));
        assertThat(jars).noneMatch(j -> j.startsWith("kafka-") || j.startsWith("connect-") || j.startsWith("slf4j-"));
        assertThat(plugin.resolve("doc/README.md")).exists();

        Path ours = plugin.resolve("lib").resolve(jars.stream().filter(j -> j.startsWith("connector-kafka-")).findFirst()
                .orElseThrow());
        try (JarFile jar = new JarFile(ours.toFile())) {
            assertThat(service(jar, "org.apache.kafka.connect.source.SourceConnector"))
                    .contains("io.lightstream.kafka.source.LightstreamSourceConnector");
            assertThat(service(jar, "org.apache.kafka.connect.sink.SinkConnector"))
                    .contains("io.lightstream.kafka.sink.LightstreamSinkConnector");
            assertThat(service(jar, "org.apache.kafka.connect.storage.Converter"))
                    .contains("io.lightstream.kafka.converter.ArrowIpcConverter");
        }

        String readme = Files.readString(Path.of(System.getProperty("module.dir"), "README.md"));
        for (String sample : List.of("connect-standalone.properties", "lightstream-source.properties",
                "lightstream-sink.properties")) {
            assertThat(readme).as("README shows etc/%s as shipped", sample)
                    .contains("`etc/" + sample + "`:\n\n```properties\n" + Files.readString(plugin.resolve("etc/" + sample))
                            + "```");
        }
    }

    private static String service(JarFile jar, String type) throws IOException {
        var entry = jar.getEntry("META-INF/services/" + type);
        assertThat(entry).as("service manifest for %s", type).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theReadmeConfigurationRunsOnAStandaloneWorker() throws Exception {
        int brokerPort = freePort();
        int controllerPort = freePort();
        int restPort = freePort();
        String classpath = Files.readString(Path.of(System.getProperty("worker.classpath.file"))).trim();
        assertThat(classpath).doesNotContain("arrow-vector").doesNotContain("lightstream-common")
                .doesNotContain("netty-").doesNotContain("/target/classes");

        Path server = dir.resolve("server.properties");
        Files.writeString(server, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("kafka-logs"),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "num.partitions=1", ""));
        Process format = java(classpath, "format", List.of(), "kafka.tools.StorageTool", "format", "--standalone",
                "-t", Uuid.randomUuid().toString(), "-c", server.toString());
        assertThat(format.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(format.exitValue()).as(() -> "storage format failed:\n" + log("format")).isZero();
        java(classpath, "broker", List.of(), "kafka.Kafka", server.toString());
        await("the broker listens", () -> listening(brokerPort), "broker");

        // The README's peers: a producer serving one Arrow stream on the source's port (what
        // `lightstream serve orders.arrows tcp://0.0.0.0:9000 --count 1` does) and a consumer
        // accepting the sink's streams on the sink's port (`lightstream convert tcp://0.0.0.0:9001 ... --accept`).
        ServingPeer producer = new ServingPeer(io.lightstream.Protocol.ARROW, TransportOptions.DEFAULT,
                List.of(new ServingPeer.Stream(0, ROWS, 3_000, 0)), allocator);
        peers.add(producer);
        int sinkPort = freePort();
        ReceivingPeer consumer = new ReceivingPeer("tcp://127.0.0.1:" + sinkPort, allocator);
        peers.add(consumer);
        Path etc = plugin().resolve("etc");
        Properties worker = load(etc.resolve("connect-standalone.properties"));
        worker.setProperty("bootstrap.servers", "127.0.0.1:" + brokerPort);
        worker.setProperty("offset.storage.file.filename", dir.resolve("connect.offsets").toString());
        worker.setProperty("plugin.path", pluginParent().toString());
        worker.setProperty("listeners", "http://127.0.0.1:" + restPort);
        Properties source = load(etc.resolve("lightstream-source.properties"));
        assertThat(source.getProperty("endpoints")).isEqualTo("tcp://localhost:9000");
        source.setProperty("endpoints", "tcp://localhost:" + producer.port());
        Properties sink = load(etc.resolve("lightstream-sink.properties"));
        assertThat(sink.getProperty("endpoints")).isEqualTo("tcp://localhost:9001");
        sink.setProperty("endpoints", "tcp://localhost:" + sinkPort);
        Process connect = java(classpath, "connect",
                List.of("--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED"),
                "org.apache.kafka.connect.cli.ConnectStandalone", store(worker, "worker.properties"),
                store(source, "source.properties"), store(sink, "sink.properties"));

        HttpClient http = HttpClient.newHttpClient();
        String rest = "http://127.0.0.1:" + restPort;
        await("the worker lists the plugin's classes", () -> get(http, rest + "/connector-plugins?connectorsOnly=false")
                .contains("io.lightstream.kafka.converter.ArrowIpcConverter"), "connect");
        String plugins = get(http, rest + "/connector-plugins?connectorsOnly=false");
        assertThat(plugins).contains("io.lightstream.kafka.source.LightstreamSourceConnector",
                "io.lightstream.kafka.sink.LightstreamSinkConnector").contains("\"version\":\"" + Version.get() + "\"");

        await("every row reached the consumer", () -> consumer.rows().complete(0, ROWS), "connect");
        assertThat(get(http, rest + "/connectors/lightstream-source/status")).contains("\"state\":\"RUNNING\"");
        assertThat(get(http, rest + "/connectors/lightstream-sink/status")).contains("\"state\":\"RUNNING\"");

        stop(connect);
        RowFiles.Rows rows = consumer.rows();
        assertThat(rows.complete(0, ROWS)).isTrue();
        assertThat(rows.checksum()).isEqualTo(RowFiles.expectedChecksum(0, ROWS));
        assertThat(producer.served()).isEqualTo(1);
        assertThat(log("connect")).contains("Opened stream tcp://localhost:" + sinkPort).doesNotContain("ERROR");
    }

    private Process java(String classpath, String name, List<String> jvmOptions, String main, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(main);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    private String log(String name) {
        try {
            String text = Files.readString(dir.resolve(name + ".log"));
            return text.length() > 20_000 ? text.substring(text.length() - 20_000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void stop(Process p) throws InterruptedException {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void await(String what, BooleanSupplier condition, String process) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            for (Process p : processes) {
                if (!p.isAlive() && p.exitValue() != 0) {
                    throw new AssertionError("a process died while waiting until " + what + "; " + process + " log:\n"
                            + log(process));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "; " + process + " log:\n" + log(process));
            }
            Thread.sleep(250);
        }
    }

    private static String get(HttpClient http, String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    private String store(Properties p, String name) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        return file.toString();
    }
}
