package io.lightstream.kafka.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;

/**
 * A private directory holding inline PEM material (certificates, keys) written out for the
 * transport, which reads TLS material from files. The directory and files are readable by this
 * process's user only and are deleted on {@link #close()}.
 *
 * <p>Owned by one task; not thread-safe.
 */
public final class PemFiles implements AutoCloseable {
    private Path dir;

    /** Writes {@code pem} to a new owner-only file named after {@code purpose} and returns its path. */
    public Path write(String purpose, String pem) {
        if (pem == null || !pem.contains("-----BEGIN ")) {
            throw new ConfigException("the inline " + purpose + " is not PEM text (no '-----BEGIN' line)");
        }
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("lightstream-tls-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path file = Files.createFile(dir.resolve(purpose + ".pem"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + purpose + " for the transport", e);
        }
    }

    /** Deletes the files. Idempotent. */
    @Override
    public void close() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
        dir = null;
    }
}
