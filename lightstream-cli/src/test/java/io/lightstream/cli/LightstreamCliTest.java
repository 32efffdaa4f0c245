package io.lightstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands, run in process: output, conversions between every format, errors and exit statuses. */
class LightstreamCliTest {
    @TempDir Path dir;

    record Run(int status, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LightstreamCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void generatesEveryShapeAndConvertsBetweenEveryFormat() {
        for (String shape : List.of("mixed", "numeric", "strings", "wide")) {
            Run gen = run("gen", p(shape + ".arrow"), "--shape", shape, "--rows", "1000", "--batch-rows", "300");
            assertThat(gen.status()).as(gen.err()).isZero();
            String previous = p(shape + ".arrow");
            for (String next : List.of(".arrows", ".tlv", "-copy.arrow", "-8.arrows")) {
                String target = p(shape + next);
                Run conv = next.startsWith("-8") ? run("convert", previous, target, "--alignment", "8")
                        : run("convert", previous, target, "--compression", next.equals(".arrows") ? "zstd" : "none");
                assertThat(conv.status()).as(conv.err()).isZero();
                assertThat(conv.err()).contains("converted 1000 rows in 4 batches");
                previous = target;
            }
            Run summary = run("cat", previous, "--summary");
            assertThat(summary.status()).isZero();
            assertThat(summary.out()).contains("rows: 1000", "batches: 4");
        }
    }

    @Test
    void convertsToAndFromParquetCsvAndJson() {
        run("gen", p("n.arrows"), "--shape", "numeric", "--rows", "2500", "--batch-rows", "1000");
        for (String ext : List.of(".parquet", ".csv", ".jsonl", ".json")) {
            Run out = run("convert", p("n.arrows"), p("n" + ext), "--compression", ext.equals(".parquet") ? "zstd" : "none");
            assertThat(out.status()).as(ext + ": " + out.err()).isZero();
        }
        assertThat(run("cat", p("n.parquet"), "--summary").out()).contains("rows: 2500");
        assertThat(run("cat", p("n.csv"), "--summary").out()).contains("rows: 2500");
        Run noSchema = run("cat", p("n.jsonl"));
        assertThat(noSchema.status()).isNotZero();
        Run json = run("cat", p("n.jsonl"), "--schema-of", p("n.arrows"), "--summary");
        assertThat(json.status()).as(json.err()).isZero();
        assertThat(json.out()).contains("rows: 2500");
        Run back = run("convert", p("n.csv"), p("back.arrow"), "--schema-of", p("n.arrows"));
        assertThat(back.status()).as(back.err()).isZero();
        assertThat(run("cat", p("back.arrow"), "--format", "jsonl", "--limit", "1").out().trim())
                .isEqualTo("{\"ids\":0,\"counters\":0,\"prices\":0.0,\"values\":0.0}");
    }

    @Test
    void catPrintsTablesAndJsonLinesWithDictionariesDecoded() {
        run("gen", p("m.arrows"), "--rows", "10");
        Run table = run("cat", p("m.arrows"), "--limit", "3");
        assertThat(table.status()).isZero();
        assertThat(table.out()).contains("ids | values | labels | category").contains("row_2").contains("blue");
        assertThat(table.err()).contains("labels: Utf8 not null").contains("(10 rows in 1 batches; 3 shown)");
        Run jsonl = run("cat", p("m.arrows"), "--format", "jsonl", "--limit", "-1");
        assertThat(jsonl.out().lines()).hasSize(10).first()
                .isEqualTo("{\"ids\":0,\"values\":0.0,\"labels\":\"row_0\",\"category\":\"red\"}");
    }

    @Test
    void lightstreamFramesKeepTableNamesAndRegistrationsWork() {
        run("gen", p("s.tlv"), "--shape", "strings", "--rows", "50", "--table", "metrics");
        Run discovered = run("cat", p("s.tlv"), "--summary");
        assertThat(discovered.out()).contains("rows: 50");
        Run registered = run("cat", p("s.tlv"), "--register", "table:metrics", "--limit", "1");
        assertThat(registered.status()).as(registered.err()).isZero();
        Run asMessage = run("cat", p("s.tlv"), "--register", "message:event", "--limit", "1");
        assertThat(asMessage.status()).as("a table tag registered as a message yields its raw bytes").isZero();
        assertThat(asMessage.out()).startsWith("message event (tag 0): ");
        run("convert", p("s.tlv"), p("two.tlv"), "--table", "first");
        try (var w = io.lightstream.Lightstream.write(p("two.tlv") + ".tmp", null, io.lightstream.WriteOptions.builder()
                .format(io.lightstream.Format.LIGHTSTREAM).build());
                var r = io.lightstream.Lightstream.read(p("s.tlv"))) {
            for (io.lightstream.Batch b = r.readBatch(); b != null; b = r.readBatch()) {
                try (io.lightstream.Batch batch = b) {
                    w.write("first", batch.root(), batch.dictionaries());
                    w.write("second", batch.root(), batch.dictionaries());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Run unknownTag = run("cat", p("two.tlv") + ".tmp", "--register", "table:first", "--input-format", "lightstream");
        assertThat(unknownTag.status()).as(unknownTag.err()).isEqualTo(ExitCodes.PROTOCOL);
        assertThat(unknownTag.err()).contains("unknown type tag 1");
    }

    @Test
    void errorsHaveClearMessagesAndDistinctStatuses() throws Exception {
        Run missing = run("cat", p("nope.arrow"));
        assertThat(missing.status()).isEqualTo(ExitCodes.IO);
        assertThat(missing.err()).contains("no such file");

        Run usage = run("gen", p("x.arrow"), "--shape", "round");
        assertThat(usage.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.err()).contains("unknown shape 'round'");

        Run noCommand = run();
        assertThat(noCommand.status()).isEqualTo(ExitCodes.USAGE);

        Files.write(dir.resolve("junk.arrows"), new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 5, 0, 0, 0, 1, 2});
        Run junk = run("cat", p("junk.arrows"));
        assertThat(junk.status()).isEqualTo(ExitCodes.MALFORMED);
        assertThat(junk.err()).contains("at byte offset");

        Files.write(dir.resolve("huge.arrows"), new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0x7F});
        assertThat(run("cat", p("huge.arrows")).status()).isEqualTo(ExitCodes.LIMIT);

        Run badExt = run("cat", p("data.unknown"));
        assertThat(badExt.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(badExt.err()).contains("cannot tell the format");
    }

    @Test
    void demoWritesReadsAndVerifies() {
        Run demo = run("demo", "--rows", "20000", "--dir", p("demo"));
        assertThat(demo.status()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("sample.arrow", "sample.arrows", "sample.tlv",
                "Every file and endpoint read back with all rows and the same checksum.", "tcp://", "uds://", "ws://");
    }
}
