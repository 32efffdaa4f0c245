package io.lightstream.format.dataset;

import io.lightstream.FormatException;
import io.lightstream.LightstreamException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layout of a chunked dataset: a directory of files {@code <base>-<index><ext>} with indices
 * 0, 1, 2, ... read in index order as one table, as the reference library writes them.
 *
 * <p>A missing index is an error rather than a silent gap, and so is a directory holding chunks of
 * several bases unless the base is named. Immutable.
 */
public final class ChunkedDataset {
    private final Path directory;
    private final String base;
    private final String extension;
    private final List<Path> chunks;

    private ChunkedDataset(Path directory, String base, String extension, List<Path> chunks) {
        this.directory = directory;
        this.base = base;
        this.extension = extension;
        this.chunks = List.copyOf(chunks);
    }

    /**
     * Finds the chunks in {@code directory}.
     *
     * @param extensions the file extensions of the format (with the dot), e.g. {@code .parquet, .pq}
     * @param base the base name, or null to take the only one present
     * @throws LightstreamException no chunk, several bases, or a gap in the indices
     */
    public static ChunkedDataset scan(Path directory, List<String> extensions, String base) throws IOException {
        Pattern pattern = Pattern.compile("(.+)-(\\d{1,9})(" + String.join("|",
                extensions.stream().map(Pattern::quote).toList()) + ")", Pattern.CASE_INSENSITIVE);
        Map<String, TreeMap<Integer, Path>> byBase = new TreeMap<>();
        String ext = null;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p) && (base == null || base.equals(m.group(1)))) {
                    Path previous = byBase.computeIfAbsent(m.group(1), k -> new TreeMap<>())
                            .put(Integer.parseInt(m.group(2)), p);
                    if (previous != null) {
                        throw new FormatException("dataset " + directory + " has two chunks with index " + m.group(2)
                                + ": " + previous.getFileName() + " and " + p.getFileName(), -1);
                    }
                    ext = m.group(3);
                }
            }
        }
        if (byBase.isEmpty()) {
            throw new LightstreamException("directory " + directory + " holds no chunk files named <base>-<index>"
                    + String.join("|", extensions) + (base != null ? " with base '" + base + "'" : ""));
        }
        if (byBase.size() > 1) {
            throw new LightstreamException("directory " + directory + " holds chunks of several datasets "
                    + byBase.keySet() + "; name one with the 'base' option");
        }
        var only = byBase.entrySet().iterator().next();
        List<Path> chunks = new ArrayList<>();
        int expected = 0;
        for (var e : only.getValue().entrySet()) {
            if (e.getKey() != expected) {
                throw new FormatException("dataset " + directory + " is missing chunk " + only.getKey() + "-" + expected
                        + " (the next one present is " + e.getValue().getFileName() + ")", -1);
            }
            chunks.add(e.getValue());
            expected++;
        }
        return new ChunkedDataset(directory, only.getKey(), ext, chunks);
    }

    /** The name of chunk {@code index} in {@code directory}. */
    public static Path chunk(Path directory, String base, int index, String extension) {
        return directory.resolve(base + "-" + index + extension);
    }

    public Path directory() {
        return directory;
    }

    public String base() {
        return base;
    }

    public String extension() {
        return extension;
    }

    /** The chunk files in index order. */
    public List<Path> chunks() {
        return chunks;
    }
}
