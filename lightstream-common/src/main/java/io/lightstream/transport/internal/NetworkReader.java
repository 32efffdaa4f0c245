package io.lightstream.transport.internal;

import io.lightstream.Batch;
import io.lightstream.FormatException;
import io.lightstream.Item;
import io.lightstream.LightstreamException;
import io.lightstream.LightstreamReader;
import io.lightstream.Protocol;
import io.lightstream.TransportException;
import io.lightstream.io.AllocatorLease;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@link LightstreamReader} over one or more decoded pipes.
 *
 * <p>With one pipe it hands out what the pipe decodes. With several ({@code parallel=N}) it merges
 * them into the one ordered stream the writer produced: item {@code k} comes from pipe {@code k mod
 * N}, the pipes ordered by the connection index byte each starts with (Lightstream protocol) or by
 * the {@code ls.seq_id} of their first batch (Arrow protocol; accept order when the writer sets no
 * ids). The merged stream ends when the pipe due next ends; a pipe that still holds data then is
 * an error, never a silent loss. Batches are renumbered with their global position.
 *
 * <p>Threading and ownership as in {@link LightstreamReader}; each pipe is decoded on its event
 * loop into its own bounded queue.
 */
public final class NetworkReader implements LightstreamReader {
    /** Record-batch metadata key carrying the global batch number on parallel Arrow streams. */
    public static final String SEQ_ID = "ls.seq_id";

    private final List<InboundStream> streams;
    private final Protocol protocol;
    private final AllocatorLease lease;
    private final AutoCloseable onClose;
    private final String transport;
    private final String address;
    private InboundStream[] slots;
    private int cursor;
    private long sequence;
    private boolean ended;
    private boolean closed;

    /**
     * @param streams started streams, in accept (or open) order; owned from now on
     * @param lease the allocator the decoders use; released when this reader closes
     * @param onClose closed after the streams (a listener bound for this reader), or null
     */
    public NetworkReader(List<InboundStream> streams, Protocol protocol, AllocatorLease lease, AutoCloseable onClose) {
        this.streams = List.copyOf(streams);
        this.protocol = protocol;
        this.lease = lease;
        this.onClose = onClose;
        this.transport = streams.get(0).pipe().transport();
        this.address = streams.get(0).pipe().address();
    }

    private InboundStream[] slots() throws LightstreamException {
        if (slots != null) {
            return slots;
        }
        int n = streams.size();
        InboundStream[] s = new InboundStream[n];
        if (n == 1) {
            s[0] = streams.get(0);
        } else if (protocol == Protocol.LIGHTSTREAM) {
            for (InboundStream in : streams) {
                int index = in.prefix()[0] & 0xff;
                if (index >= n) {
                    throw new FormatException("connection index " + index + " out of range for " + n
                            + " parallel connections", 0);
                }
                if (s[index] != null) {
                    throw new FormatException("duplicate connection index " + index, 0);
                }
                s[index] = in;
            }
        } else {
            List<InboundStream> unnumbered = new ArrayList<>();
            for (InboundStream in : streams) {
                Item first = in.peek();
                long id = first instanceof Batch b ? seqId(b) : -1;
                if (id >= 0 && id < n && s[(int) id] == null) {
                    s[(int) id] = in;
                } else if (id >= n) {
                    throw new FormatException("parallel stream starts at " + SEQ_ID + "=" + id + " but only " + n
                            + " streams were opened", 0);
                } else {
                    unnumbered.add(in);
                }
            }
            int next = 0;
            for (InboundStream in : unnumbered) {
                while (s[next] != null) {
                    next++;
                }
                s[next] = in;
            }
        }
        slots = s;
        return s;
    }

    private static long seqId(Batch b) throws FormatException {
        String v = b.metadata().get(SEQ_ID);
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new FormatException("batch metadata " + SEQ_ID + "='" + v + "' is not a number", -1);
        }
    }

    @Override
    public Schema schema() throws IOException {
        ensureOpen();
        return slots()[0].schema();
    }

    @Override
    public Item read() throws IOException {
        ensureOpen();
        if (ended) {
            return null;
        }
        InboundStream[] s = slots();
        int n = s.length;
        Item item = s[cursor % n].take();
        if (item == null) {
            ended = true;
            for (int i = 0; i < n; i++) {
                if (i == cursor % n) {
                    continue;
                }
                Item extra = s[i].take();
                if (extra != null) {
                    if (extra instanceof AutoCloseable c) {
                        closeQuietly(c);
                    }
                    throw new TransportException(transport, address, "parallel stream " + (cursor % n)
                            + " ended while stream " + i + " still had data (after " + cursor + " items)");
                }
            }
            return null;
        }
        cursor++;
        if (!(item instanceof Batch b)) {
            return item;
        }
        if (n > 1) {
            long id = seqId(b);
            long expected = sequence;
            if (protocol == Protocol.ARROW && id >= 0 && id != expected) {
                b.close();
                throw new FormatException("parallel Arrow streams out of order: batch " + SEQ_ID + "=" + id
                        + " arrived where " + expected + " was due", -1);
            }
            b = new Batch(b.root(), b.dictionaries(), b, b.name(), sequence, b.metadata(), b.encodedBytes());
        }
        sequence++;
        return lease.track(b);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // releasing memory of an item that is being discarded
        }
    }

    @Override
    public long bytesRead() {
        long total = 0;
        for (InboundStream s : streams) {
            total += s.bytesReceived();
        }
        return total;
    }

    private void ensureOpen() throws LightstreamException {
        if (closed) {
            throw new TransportException(transport, address, "reader is closed");
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (InboundStream s : streams) {
                s.close();
            }
            if (onClose != null) {
                onClose.close();
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            lease.release();
        }
    }

    @Override
    public String toString() {
        return "NetworkReader{" + transport + "://" + address + ", streams=" + streams.size() + ", protocol=" + protocol
                + (slots == null ? "" : ", order=" + Arrays.toString(slots)) + "}";
    }
}
