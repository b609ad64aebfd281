package plugin.websockets_native.transport;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Bytes the reader thread received and the Lua thread has not collected yet, then the reason the
 * stream ended. {@link #drain()} returns every byte that arrived before the end has been reported,
 * as the contract requires ("only after every byte that arrived before the end was returned").
 *
 * Bounded: once {@code limit} bytes wait uncollected, the reader stops reading until the plugin
 * drains them, so TCP flow control slows the server down rather than this buffer growing.
 */
final class ReadBuffer {
    private static final byte[] NOTHING = new byte[0];

    private final long limit;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private long size;
    private StreamFailure end;
    private boolean closed;

    ReadBuffer(long limit) {
        this.limit = limit;
    }

    /** Blocks the reader while the buffer is full; returns false once the buffer is closed. */
    synchronized boolean awaitRoom() throws InterruptedException {
        while (size >= limit && !closed) {
            wait();
        }
        return !closed;
    }

    synchronized void append(byte[] chunk) {
        if (closed) {
            return;
        }
        chunks.addLast(chunk);
        size += chunk.length;
    }

    /** Records why the stream ended; the first reason wins. */
    synchronized void end(StreamFailure failure) {
        if (end == null) {
            end = failure;
        }
    }

    /**
     * Everything received since the last call (an empty array when nothing has arrived), or null
     * once the stream has ended and nothing is left; then {@link #endReason()} says why.
     */
    synchronized byte[] drain() {
        return drain(Long.MAX_VALUE);
    }

    /**
     * As {@link #drain()}, but at most {@code max} bytes (at least 1); the rest stays here, in
     * order, for the next call, and keeps counting against the limit, so the reader stays paused
     * and TCP flow control slows the peer instead of the Lua side holding what it did not ask for.
     */
    synchronized byte[] drain(long max) {
        if (size == 0) {
            return end != null ? null : NOTHING;
        }
        int count = (int) Math.min(size, Math.max(1, max));
        byte[] taken = new byte[count];
        int at = 0;
        while (at < count) {
            byte[] chunk = chunks.removeFirst();
            int part = Math.min(chunk.length, count - at);
            System.arraycopy(chunk, 0, taken, at, part);
            at += part;
            if (part < chunk.length) {
                chunks.addFirst(Arrays.copyOfRange(chunk, part, chunk.length));
            }
        }
        size -= count;
        notifyAll();
        return taken;
    }

    synchronized StreamFailure endReason() {
        return end;
    }

    /** Drops everything and wakes the reader, which then stops. */
    synchronized void close() {
        closed = true;
        chunks.clear();
        size = 0;
        notifyAll();
    }
}
