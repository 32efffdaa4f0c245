package io.lightstream.flink.format;

import io.lightstream.codec.ipc.IpcFileReader;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.DefaultFileFilter;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.BlockLocation;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

/**
 * Enumerates the Arrow IPC files under the source paths (recursively, skipping hidden files as
 * Flink's default filter does) and cuts each file into splits at record batch boundaries, from the
 * block offsets in its footer: each split holds consecutive batches of about the target size, so a
 * large file is read by several subtasks, on any file system.
 *
 * <p>Only the footer of each file is read here, on the job manager; a file that is not a valid
 * Arrow IPC file fails the enumeration with the file named. Not thread-safe (Flink calls it from
 * the enumerator thread).
 */
public final class ArrowFileEnumerator extends NonSplittingRecursiveEnumerator {
    /** Default split size: batches are grouped until a split holds this many bytes. */
    public static final long DEFAULT_TARGET_SPLIT_SIZE = MemorySize.parse("128mb").getBytes();

    /** Footers are small and bounded by the codec's metadata limit. */
    private static final long FOOTER_MEMORY = 64L << 20;

    private final long targetSplitBytes;

    public ArrowFileEnumerator(long targetSplitBytes) {
        this(new DefaultFileFilter(), targetSplitBytes);
    }

    public ArrowFileEnumerator(Predicate<org.apache.flink.core.fs.Path> fileFilter, long targetSplitBytes) {
        super(fileFilter);
        if (targetSplitBytes < 1) {
            throw new IllegalArgumentException("target split size must be positive, got " + targetSplitBytes);
        }
        this.targetSplitBytes = targetSplitBytes;
    }

    /** A provider for {@code FileSource.FileSourceBuilder#setFileEnumerator}. */
    public static FileEnumerator.Provider provider(long targetSplitBytes) {
        if (targetSplitBytes < 1) {
            throw new IllegalArgumentException("target split size must be positive, got " + targetSplitBytes);
        }
        return () -> new ArrowFileEnumerator(targetSplitBytes);
    }

    @Override
    protected void convertToSourceSplits(FileStatus file, FileSystem fs, List<FileSourceSplit> target)
            throws IOException {
        List<RecordBatchSplits.Range> ranges;
        try (BufferAllocator allocator = new RootAllocator(FOOTER_MEMORY);
                IpcFileReader reader = IpcFileOpener.open(file.getPath(), false, allocator)) {
            ranges = RecordBatchSplits.plan(reader, targetSplitBytes);
        }
        BlockLocation[] blocks = IpcFileOpener.isLocal(fs) ? new BlockLocation[0]
                : fs.getFileBlockLocations(file, 0, file.getLen());
        for (RecordBatchSplits.Range r : ranges) {
            target.add(new FileSourceSplit(getNextId(), file.getPath(), r.start(), r.length(),
                    file.getModificationTime(), file.getLen(), hosts(blocks, r)));
        }
    }

    /** Hosts of the blocks that overlap the range. */
    private static String[] hosts(BlockLocation[] blocks, RecordBatchSplits.Range r) throws IOException {
        Set<String> hosts = new LinkedHashSet<>();
        for (BlockLocation b : blocks) {
            if (b.getOffset() < r.end() && b.getOffset() + b.getLength() > r.start()) {
                for (String h : b.getHosts()) {
                    hosts.add(h);
                }
            }
        }
        return hosts.toArray(new String[0]);
    }
}
