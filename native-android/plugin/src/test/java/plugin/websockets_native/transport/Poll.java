package plugin.websockets_native.transport;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;

/**
 * Drives a {@link ByteStream} the way the plugin's service loop does: by polling, never blocking,
 * with a short sleep between rounds standing in for the time between two frames. Every wait has a
 * deadline, so a broken stream fails the test instead of hanging it.
 */
final class Poll {
    private static final long ROUND_MILLIS = 1;

    private Poll() {
    }

    static void awaitOpen(ByteStream stream, long timeoutMillis) throws InterruptedException {
        ByteStream.State state = awaitSettled(stream, timeoutMillis);
        if (state != ByteStream.State.OPEN) {
            fail("expected the stream to open, but it failed: " + stream.connectFailure());
        }
    }

    /** Waits until connecting has failed and returns why. */
    static StreamFailure awaitConnectFailure(ByteStream stream, long timeoutMillis)
            throws InterruptedException {
        ByteStream.State state = awaitSettled(stream, timeoutMillis);
        assertEquals("expected connecting to fail", ByteStream.State.FAILED, state);
        return stream.connectFailure();
    }

    private static ByteStream.State awaitSettled(ByteStream stream, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (stream.state() == ByteStream.State.CONNECTING) {
            if (System.currentTimeMillis() > deadline) {
                fail("still connecting after " + timeoutMillis + " ms");
            }
            Thread.sleep(ROUND_MILLIS);
        }
        return stream.state();
    }

    /**
     * Writes all of {@code data}, offering what the stream did not take again in later rounds, and
     * collects what arrives meanwhile (an echo server answers while we are still writing). Returns
     * what was read once {@code expectedBack} bytes have arrived.
     */
    static byte[] exchange(ByteStream stream, byte[] data, int expectedBack, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int sent = 0;
        while (sent < data.length || received.size() < expectedBack) {
            if (sent < data.length) {
                byte[] rest = java.util.Arrays.copyOfRange(data, sent, data.length);
                int accepted = stream.write(rest);
                if (accepted < 0) {
                    fail("write failed: " + stream.writeFailure());
                }
                sent += accepted;
            }
            byte[] chunk = stream.read();
            if (chunk == null) {
                fail("stream ended after " + received.size() + " bytes: " + stream.readFailure());
            }
            received.write(chunk, 0, chunk.length);
            if (System.currentTimeMillis() > deadline) {
                fail("timed out: sent " + sent + "/" + data.length + ", received "
                        + received.size() + "/" + expectedBack);
            }
            Thread.sleep(ROUND_MILLIS);
        }
        return received.toByteArray();
    }

    /** Reads until the stream ends; returns the bytes received before the end. */
    static byte[] readToEnd(ByteStream stream, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (byte[] chunk; (chunk = stream.read()) != null;) {
            received.write(chunk, 0, chunk.length);
            if (System.currentTimeMillis() > deadline) {
                fail("the stream did not end within " + timeoutMillis + " ms");
            }
            Thread.sleep(ROUND_MILLIS);
        }
        return received.toByteArray();
    }
}
