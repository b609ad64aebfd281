package plugin.websockets_native.codec;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/**
 * A raw DEFLATE compress stream over {@link Deflater} (nowrap, SYNC_FLUSH, API 19+): the
 * NativeDeflateStream of ts/codec/native.ts.
 *
 * java.util.zip cannot narrow zlib's 32 KiB window, so this stream exists only for a window of 15
 * bits: for a peer that allows less (server_max_window_bits / client_max_window_bits below 15),
 * {@link #open} returns null and the plugin deflates with its pure codec, which honours any window.
 */
public final class ZipDeflateStream implements CodecStream {
    private final Deflater deflater;
    private final byte[] chunk = new byte[16384];

    private ZipDeflateStream(int level) {
        deflater = new Deflater(level, true);
    }

    /** A stream for this window and level, or null where java.util.zip cannot keep to the window. */
    public static ZipDeflateStream open(int windowBits, int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("level must be 0-9, got " + level);
        }
        if (windowBits < 8 || windowBits > 15) {
            throw new IllegalArgumentException("window bits must be 8-15, got " + windowBits);
        }
        return windowBits == 15 ? new ZipDeflateStream(level) : null;
    }

    /** Compresses {@code data}; with {@code flush}, ends with a sync flush (00 00 ff ff included). */
    public byte[] deflate(byte[] data, boolean flush) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        deflater.setInput(data);
        if (flush) {
            int n;
            do {
                n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, n);
            } while (n == chunk.length);
        } else {
            while (!deflater.needsInput()) {
                int n = deflater.deflate(chunk, 0, chunk.length, Deflater.NO_FLUSH);
                out.write(chunk, 0, n);
            }
        }
        return out.toByteArray();
    }

    public void reset() {
        deflater.reset();
    }

    public void close() {
        deflater.end();
    }
}
