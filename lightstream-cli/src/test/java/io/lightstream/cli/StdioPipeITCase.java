package io.lightstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged tool as a user runs it: separate processes connected by pipes through stdio. */
class StdioPipeITCase {
    private static final Path JAR = Path.of("target", "lightstream.jar");

    @TempDir Path dir;

    private static ProcessBuilder tool(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    private static String pipe(ProcessBuilder... stages) throws Exception {
        List<Process> ps = ProcessBuilder.startPipeline(List.of(stages));
        Process last = ps.get(ps.size() - 1);
        String out = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        for (Process p : ps) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("exit status of %s", p.info().commandLine().orElse("?")).isZero();
        }
        return out;
    }

    @Test
    void arrowStreamsAndLightstreamFramesFlowThroughPipes() throws Exception {
        String out = pipe(tool("gen", "-", "--shape", "strings", "--rows", "70000"),
                tool("convert", "-", "-", "--output-protocol", "lightstream", "--table", "t"),
                tool("convert", "stdio:", dir.resolve("piped.arrow").toString(), "--input-protocol", "lightstream"),
                new ProcessBuilder("true"));
        assertThat(out).isEmpty();
        String summary = pipe(tool("cat", dir.resolve("piped.arrow").toString(), "--summary"));
        assertThat(summary).contains("rows: 70000", "batches: 2");
    }

    @Test
    void catReadsStdin() throws Exception {
        File f = dir.resolve("n.arrows").toFile();
        assertThat(tool("gen", f.getPath(), "--shape", "numeric", "--rows", "5").start().waitFor()).isZero();
        String out = pipe(new ProcessBuilder("cat", f.getPath()), tool("cat", "-", "--format", "jsonl"));
        assertThat(out.lines()).hasSize(5).last().isEqualTo("{\"ids\":4,\"counters\":12,\"prices\":0.04,\"values\":6.0}");
    }
}
