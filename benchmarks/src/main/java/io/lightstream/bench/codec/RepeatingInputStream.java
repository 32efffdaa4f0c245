package io.lightstream.bench.codec;

import java.io.InputStream;

/**
 * Yields {@code prefix} once, then {@code repeated} forever: an endless, valid Arrow IPC stream
 * (schema and dictionaries, then the same record batch frame again and again) for measuring a
 * reader in its steady state.
 */
final class RepeatingInputStream extends InputStream {
    private final byte[] prefix;
    private final byte[] repeated;
    private byte[] current;
    private int pos;

    RepeatingInputStream(byte[] prefix, byte[] repeated) {
        this.prefix = prefix;
        this.repeated = repeated;
        this.current = prefix;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        read(one, 0, 1);
        return one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos == current.length) {
            current = repeated;
            pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }
}
