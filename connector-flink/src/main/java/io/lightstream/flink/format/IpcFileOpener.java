package io.lightstream.flink.format;

import io.lightstream.codec.DecodeLimits;
import io.lightstream.codec.ipc.IpcFileReader;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Opens an Arrow IPC file named by a Flink {@link Path} for random access by record batch. Files
 * on the local file system are opened as a {@link FileChannel} and, if asked, memory-mapped (vectors
 * then point into the page cache, and pages of columns nobody reads are never loaded); files on
 * other file systems are read through their input stream.
 *
 * <p>Stateless and thread-safe.
 */
final class IpcFileOpener {
    private IpcFileOpener() {}

    /**
     * Opens {@code path} and reads its footer.
     *
     * @param mmap memory-map the batches when the file is local
     * @param allocator where the reader and its batches allocate; the caller keeps it
     * @throws FileNotFoundException the file does not exist
     * @throws io.lightstream.FormatException the file is not a valid Arrow IPC file (the message
     *     names it)
     */
    static IpcFileReader open(Path path, boolean mmap, BufferAllocator allocator) throws IOException {
        FileSystem fs = path.getFileSystem();
        String name = path.toString();
        FileChannel channel;
        boolean local = isLocal(fs);
        if (local) {
            try {
                channel = FileChannel.open(new File(path.toUri().getPath()).toPath(), StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                throw new FileNotFoundException("Arrow IPC file " + name + " does not exist");
            }
        } else {
            long size = fs.getFileStatus(path).getLen();
            FSDataInputStream in = fs.open(path);
            channel = new FsInputChannel(in, size, name);
        }
        // The reader owns (and on failure closes) the channel.
        return new IpcFileReader(channel, name, local && mmap, allocator, DecodeLimits.DEFAULT, false);
    }

    static boolean isLocal(FileSystem fs) {
        return !fs.isDistributedFS() && "file".equals(fs.getUri().getScheme());
    }
}
