package plugin.websockets_native.transport;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import plugin.websockets_native.transport.StreamFailure.Category;

/**
 * What the plugin's close relies on (guarantee 3, nothing lost at close): when the server's close
 * frame arrives while the client's sends are still queued, the plugin keeps writing and reports a
 * clean close only once buffered() is 0, its own close frame written last. So after the peer's
 * close frame and end of stream (a half-close) the stream must still write, buffered() must reach 0
 * only when every byte has gone to the socket, and a peer that resets instead must fail the writes.
 */
public class CloseFlushTest {
    private static final String LOOPBACK = "127.0.0.1";
    private static final byte[] SERVER_CLOSE = { (byte) 0x88, 0x02, 0x03, (byte) 0xE8 };
    private static final byte[] CLIENT_CLOSE = { (byte) 0x88, (byte) 0x82, 1, 2, 3, 4, 2, (byte) 0xEA };

    private static ByteStream openTo(TestServer server) throws InterruptedException {
        ByteStream stream = ByteStream.open(StreamOptions.plain(LOOPBACK, server.port(), 5));
        Poll.awaitOpen(stream, 5000);
        return stream;
    }

    /** Offers `data` until all of it is taken; false if a write fails or the deadline passes. */
    private static boolean writeAll(ByteStream stream, byte[] data, long deadline) throws InterruptedException {
        int sent = 0;
        while (sent < data.length && System.currentTimeMillis() < deadline) {
            int taken = stream.write(Arrays.copyOfRange(data, sent, Math.min(data.length, sent + (256 << 10))));
            if (taken < 0) {
                return false;
            }
            sent += taken;
            if (taken == 0) {
                Thread.sleep(2);
            }
        }
        return sent == data.length;
    }

    @Test
    public void queuedWritesStillLeaveAfterThePeersCloseFrameAndEnd() throws Exception {
        byte[] payload = new byte[8 << 20];
        new Random(3).nextBytes(payload);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        CountDownLatch peerSawEnd = new CountDownLatch(1);
        TestServer.Handler closeThenReadLater = peer -> {
            peer.getOutputStream().write(SERVER_CLOSE);
            peer.shutdownOutput(); // its end of stream; it still reads
            Thread.sleep(300);
            InputStream in = peer.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0;) {
                synchronized (received) {
                    received.write(buffer, 0, n);
                }
            }
            peerSawEnd.countDown();
        };
        try (TestServer server = TestServer.plain(closeThenReadLater)) {
            ByteStream stream = openTo(server);
            // The close frame, then the end of the peer's stream.
            assertArrayEquals(SERVER_CLOSE, Poll.readToEnd(stream, 5000));
            assertEquals(Category.CLOSED, stream.readFailure().category);

            long deadline = System.currentTimeMillis() + 10000;
            assertTrue("the queued sends were taken after the peer's end", writeAll(stream, payload, deadline));
            assertTrue("the client's close frame was taken", writeAll(stream, CLIENT_CLOSE, deadline));
            while (stream.buffered() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(2);
            }
            assertEquals("buffered() once everything went to the socket", 0, stream.buffered());
            stream.close();
            assertTrue("the peer saw the end", peerSawEnd.await(10, TimeUnit.SECONDS));
            byte[] expected = Arrays.copyOf(payload, payload.length + CLIENT_CLOSE.length);
            System.arraycopy(CLIENT_CLOSE, 0, expected, payload.length, CLIENT_CLOSE.length);
            synchronized (received) {
                assertArrayEquals("the sends, then the close frame", expected, received.toByteArray());
            }
        }
    }

    @Test
    public void aPeerThatResetsWhileSendsAreQueuedFailsTheWrites() throws Exception {
        TestServer.Handler closeThenReset = peer -> {
            peer.getOutputStream().write(SERVER_CLOSE);
            Thread.sleep(200);
            peer.setSoLinger(true, 0); // close() now sends RST instead of FIN
            peer.close();
        };
        try (TestServer server = TestServer.plain(closeThenReset)) {
            ByteStream stream = openTo(server);
            byte[] chunk = new byte[1 << 20];
            long deadline = System.currentTimeMillis() + 10000;
            // Keep sending: the reset must show as a failed write, never as bytes silently taken.
            while (stream.writeFailure() == null && System.currentTimeMillis() < deadline) {
                if (stream.write(chunk) == 0) {
                    Thread.sleep(5);
                }
            }
            StreamFailure failure = stream.writeFailure();
            assertNotNull("writing failed after the reset", failure);
            assertEquals(Category.CLOSED, failure.category);
            assertEquals(-1, stream.write(chunk));
            stream.close();
        }
    }
}
