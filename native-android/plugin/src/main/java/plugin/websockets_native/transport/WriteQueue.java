package plugin.websockets_native.transport;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Bytes accepted by {@code write()} on the Lua thread and not yet handed to the operating system by
 * the writer thread. Bounded: {@link #offer} takes only what fits under the capacity, so a peer that
 * stops reading pushes back on the plugin (which keeps the rest) instead of growing memory here.
 *
 * {@link #pending()} counts queued chunks plus what is left of the chunk being written, which is
 * exactly the shim's share of `getBufferedAmount()`.
 */
final class WriteQueue {
    private final long capacity;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private long pending;
    private boolean closed;
    private boolean finishing;

    WriteQueue(long capacity) {
        this.capacity = capacity;
    }

    /** Queues as much of {@code data} as fits and returns how many bytes that was (may be 0). */
    synchronized int offer(byte[] data) {
        if (closed || finishing || data.length == 0) {
            return 0;
        }
        long room = capacity - pending;
        if (room <= 0) {
            return 0;
        }
        int accepted = (int) Math.min(data.length, room);
        chunks.addLast(accepted == data.length ? data : Arrays.copyOf(data, accepted));
        pending += accepted;
        notifyAll();
        return accepted;
    }

    /**
     * The oldest chunk, waiting for one if none is queued; null once the queue is closed, or is
     * finishing and empty. The chunk's bytes stay counted in {@link #pending()} until
     * {@link #written} reports them.
     */
    synchronized byte[] take() throws InterruptedException {
        while (chunks.isEmpty() && !closed && !finishing) {
            wait();
        }
        return closed || chunks.isEmpty() ? null : chunks.removeFirst();
    }

    /** The writer handed {@code count} bytes of the current chunk to the operating system. */
    synchronized void written(int count) {
        pending -= count;
    }

    synchronized long pending() {
        return pending;
    }

    /** Accepts nothing more; the writer writes what is queued, then {@link #take} returns null. */
    synchronized void finish() {
        finishing = true;
        notifyAll();
    }

    /** Drops everything and wakes the writer, which then stops. */
    synchronized void close() {
        closed = true;
        chunks.clear();
        pending = 0;
        notifyAll();
    }
}
