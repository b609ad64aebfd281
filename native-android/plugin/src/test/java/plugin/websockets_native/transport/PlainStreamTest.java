package plugin.websockets_native.transport;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Assume;
import org.junit.Test;

import plugin.websockets_native.transport.StreamFailure.Category;

/** The stream over plain TCP, against real servers on the loopback interface. */
public class PlainStreamTest {
    private static final String LOOPBACK = "127.0.0.1";

    private static ByteStream openTo(TestServer server) throws InterruptedException {
        ByteStream stream = ByteStream.open(StreamOptions.plain(LOOPBACK, server.port(), 5));
        Poll.awaitOpen(stream, 5000);
        return stream;
    }

    @Test
    public void everyByteValueTravelsBothWaysUnchanged() throws Exception {
        byte[] everyByte = new byte[512];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i; // 0..255 twice, NUL included
        }
        try (TestServer echo = TestServer.plain(TestServer.ECHO)) {
            ByteStream stream = openTo(echo);
            byte[] back = Poll.exchange(stream, everyByte, everyByte.length, 5000);
            assertArrayEquals(everyByte, back);
            stream.close();
        }
    }

    @Test
    public void oneMebibyteTravelsBothWays() throws Exception {
        byte[] payload = new byte[1 << 20];
        new Random(6455).nextBytes(payload);
        try (TestServer echo = TestServer.plain(TestServer.ECHO)) {
            ByteStream stream = openTo(echo);
            byte[] back = Poll.exchange(stream, payload, payload.length, 10000);
            assertArrayEquals(payload, back);
            assertEquals("nothing left unwritten", 0, stream.buffered());
            stream.close();
        }
    }

    @Test
    public void readWithALimitReturnsAtMostThatManyBytesAndKeepsTheRestInOrder() throws Exception {
        byte[] payload = new byte[300_000];
        new Random(7692).nextBytes(payload);
        TestServer.Handler sendThenClose = peer -> {
            peer.getOutputStream().write(payload);
            peer.close();
        };
        try (TestServer server = TestServer.plain(sendThenClose)) {
            ByteStream stream = openTo(server);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            byte[] part;
            int largest = 0;
            while ((part = stream.read(70_000)) != null && System.nanoTime() < deadline) {
                largest = Math.max(largest, part.length);
                received.write(part);
                if (part.length == 0) {
                    Thread.sleep(1);
                }
            }
            assertNull("the end comes after every byte", part);
            assertTrue("no read returned more than asked: " + largest, largest <= 70_000);
            assertTrue("a read was cut at the limit: " + largest, largest == 70_000);
            assertArrayEquals(payload, received.toByteArray());
            assertEquals(Category.CLOSED, stream.readFailure().category);
            stream.close();
        }
    }

    @Test
    public void endOfStreamComesAfterEveryByteSentBeforeIt() throws Exception {
        byte[] farewell = "last words".getBytes(StandardCharsets.US_ASCII);
        TestServer.Handler sayThenClose = peer -> {
            peer.getOutputStream().write(farewell);
            peer.close();
        };
        try (TestServer server = TestServer.plain(sayThenClose)) {
            ByteStream stream = openTo(server);
            assertArrayEquals(farewell, Poll.readToEnd(stream, 5000));
            StreamFailure end = stream.readFailure();
            assertEquals(Category.CLOSED, end.category);
            assertTrue(end.message, end.message.contains("end of stream"));
            stream.close();
        }
    }

    @Test
    public void peerResetMidStreamEndsReadingWithClosed() throws Exception {
        byte[] greeting = "hello".getBytes(StandardCharsets.US_ASCII);
        CountDownLatch clientHasGreeting = new CountDownLatch(1);
        TestServer.Handler greetThenReset = peer -> {
            peer.getOutputStream().write(greeting);
            clientHasGreeting.await(5, TimeUnit.SECONDS);
            peer.setSoLinger(true, 0); // close() now sends RST instead of FIN
            peer.close();
        };
        try (TestServer server = TestServer.plain(greetThenReset)) {
            ByteStream stream = openTo(server);
            assertArrayEquals(greeting, Poll.exchange(stream, new byte[0], greeting.length, 5000));
            clientHasGreeting.countDown();
            assertEquals(0, Poll.readToEnd(stream, 5000).length);
            StreamFailure end = stream.readFailure();
            assertEquals(Category.CLOSED, end.category);
            assertTrue(end.message, end.message.contains("reset"));
            stream.close();
        }
    }

    @Test
    public void unresolvableHostFailsWithDns() throws Exception {
        // RFC 6761 section 6.4: names under .invalid never resolve.
        ByteStream stream = ByteStream.open(StreamOptions.plain("no-such-host.invalid", 80, 5));
        StreamFailure failure = Poll.awaitConnectFailure(stream, 10000);
        assertEquals(Category.DNS, failure.category);
        assertTrue(failure.message, failure.message.contains("no-such-host.invalid"));
        assertNull("read reports the failure too", stream.read());
        assertEquals(failure, stream.readFailure());
        assertEquals(-1, stream.write(new byte[] { 1 }));
        stream.close();
    }

    @Test
    public void refusedConnectionFailsWithConnect() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        ByteStream stream = ByteStream.open(StreamOptions.plain(LOOPBACK, closedPort, 5));
        StreamFailure failure = Poll.awaitConnectFailure(stream, 5000);
        assertEquals(Category.CONNECT, failure.category);
        assertTrue(failure.message, failure.message.contains("refused"));
        stream.close();
    }

    /**
     * Only loopback exists here, so an unanswered SYN is made by filling a listener's accept queue:
     * Linux then drops further SYNs and the connect times out. What this shows: the stream bounds
     * the TCP connect by its timeout and reports "connect". If the kernel answers anyway (another
     * overflow policy), the precondition fails and the test is skipped rather than faked.
     */
    @Test
    public void tcpConnectGivesUpAfterTheTimeout() throws Exception {
        try (ServerSocket neverAccepts = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(LOOPBACK, neverAccepts.getLocalPort());
            List<Socket> queued = new ArrayList<>();
            boolean queueFull = false;
            for (int i = 0; i < 16 && !queueFull; i++) {
                Socket filler = new Socket();
                try {
                    filler.connect(address, 200);
                    queued.add(filler);
                } catch (SocketTimeoutException e) {
                    queueFull = true;
                    filler.close();
                }
            }
            Assume.assumeTrue("the kernel kept accepting connections", queueFull);

            long started = System.nanoTime();
            ByteStream stream = ByteStream.open(
                    StreamOptions.plain(LOOPBACK, neverAccepts.getLocalPort(), 0.5));
            StreamFailure failure = Poll.awaitConnectFailure(stream, 5000);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(Category.CONNECT, failure.category);
            assertTrue(failure.message, failure.message.contains("timed out"));
            assertTrue("gave up after " + seconds + " s", seconds >= 0.4 && seconds < 3);
            stream.close();
            for (Socket filler : queued) {
                filler.close();
            }
        }
    }

    @Test
    public void bufferedGrowsWhileThePeerDoesNotReadAndDrainsWhenItDoes() throws Exception {
        CountDownLatch startReading = new CountDownLatch(1);
        AtomicLong receivedCount = new AtomicLong();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        TestServer.Handler slowReader = peer -> {
            startReading.await(10, TimeUnit.SECONDS);
            InputStream in = peer.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0;) {
                synchronized (received) {
                    received.write(buffer, 0, n);
                }
                receivedCount.addAndGet(n);
            }
        };
        // More than the queue and the kernel's socket buffers (a few MiB each on Linux) hold.
        byte[] payload = new byte[32 << 20];
        new Random(1).nextBytes(payload);
        try (TestServer server = TestServer.plain(slowReader)) {
            ByteStream stream = openTo(server);

            // Offer everything while nobody reads: the stream takes up to its capacity, no more.
            int sent = 0;
            long deadline = System.currentTimeMillis() + 5000;
            int refusals = 0;
            while (refusals < 50 && System.currentTimeMillis() < deadline) {
                int accepted = stream.write(slice(payload, sent));
                sent += accepted;
                refusals = accepted == 0 ? refusals + 1 : 0;
                Thread.sleep(2);
            }
            long stuck = stream.buffered();
            assertTrue("write() pushed back before taking everything", sent < payload.length);
            assertTrue("buffered() = " + stuck, stuck > 0 && stuck <= ByteStream.WRITE_CAPACITY);

            // The peer reads: the queue drains to 0 and every byte arrives in order.
            startReading.countDown();
            deadline = System.currentTimeMillis() + 10000;
            while ((sent < payload.length || stream.buffered() > 0)
                    && System.currentTimeMillis() < deadline) {
                if (sent < payload.length) {
                    sent += stream.write(slice(payload, sent));
                }
                Thread.sleep(2);
            }
            assertEquals(payload.length, sent);
            assertEquals(0, stream.buffered());
            while (receivedCount.get() < payload.length && System.currentTimeMillis() < deadline) {
                Thread.sleep(2);
            }
            synchronized (received) {
                assertArrayEquals(payload, received.toByteArray());
            }
            stream.close();
        }
    }

    /** At most 1 MiB from {@code from}: what a plugin would offer in one service round. */
    private static byte[] slice(byte[] payload, int from) {
        return Arrays.copyOfRange(payload, from, Math.min(payload.length, from + (1 << 20)));
    }

    @Test
    public void closeStillDeliversBytesWrittenJustBefore() throws Exception {
        byte[] closeFrame = { (byte) 0x88, (byte) 0x82, 1, 2, 3, 4, 2, (byte) 0xEA };
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        CountDownLatch peerSawEnd = new CountDownLatch(1);
        TestServer.Handler collect = peer -> {
            InputStream in = peer.getInputStream();
            for (int b; (b = in.read()) >= 0;) {
                received.write(b);
            }
            peerSawEnd.countDown();
        };
        try (TestServer server = TestServer.plain(collect)) {
            ByteStream stream = openTo(server);
            assertEquals(closeFrame.length, stream.write(closeFrame));
            stream.close();
            assertTrue("the peer saw the end of stream", peerSawEnd.await(5, TimeUnit.SECONDS));
            assertArrayEquals(closeFrame, received.toByteArray());
            assertNull(stream.read());
            assertEquals(Category.CLOSED, stream.readFailure().category);
        }
    }

    @Test
    public void closeGivesUpOnQueuedBytesThatAPeerNeverReads() throws Exception {
        CountDownLatch startReading = new CountDownLatch(1);
        AtomicLong receivedCount = new AtomicLong();
        CountDownLatch peerSawEnd = new CountDownLatch(1);
        TestServer.Handler lateReader = peer -> {
            startReading.await(10, TimeUnit.SECONDS);
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n; (n = peer.getInputStream().read(buffer)) >= 0;) {
                    receivedCount.addAndGet(n);
                }
            } finally {
                peerSawEnd.countDown();
            }
        };
        byte[] payload = new byte[32 << 20];
        try (TestServer server = TestServer.plain(lateReader)) {
            ByteStream stream = openTo(server);
            long accepted = 0;
            int refusals = 0;
            while (refusals < 50) {
                int taken = stream.write(slice(payload, (int) accepted));
                accepted += taken;
                refusals = taken == 0 ? refusals + 1 : 0;
                Thread.sleep(2);
            }
            assertTrue("bytes wait in the queue", stream.buffered() > 0);
            stream.close();
            Thread.sleep(ByteStream.CLOSE_LINGER_MILLIS + 500);

            startReading.countDown();
            assertTrue("the peer saw the end", peerSawEnd.await(5, TimeUnit.SECONDS));
            assertTrue("the queue was dropped after the linger: received " + receivedCount.get()
                    + " of " + accepted, receivedCount.get() < accepted);
        }
    }

    @Test
    public void writesMadeWhileConnectingGoOutOnceOpen() throws Exception {
        byte[] early = "sent before open".getBytes(StandardCharsets.US_ASCII);
        try (TestServer echo = TestServer.plain(TestServer.ECHO)) {
            ByteStream stream = ByteStream.open(StreamOptions.plain(LOOPBACK, echo.port(), 5));
            assertEquals(early.length, stream.write(early));
            Poll.awaitOpen(stream, 5000);
            assertArrayEquals(early, Poll.exchange(stream, new byte[0], early.length, 5000));
            stream.close();
        }
    }

    @Test
    public void closeIsIdempotentAndEndsEverything() throws Exception {
        try (TestServer echo = TestServer.plain(TestServer.ECHO)) {
            ByteStream stream = openTo(echo);
            stream.close();
            stream.close();
            assertNull(stream.read());
            assertNotNull(stream.readFailure());
            assertEquals(-1, stream.write(new byte[] { 1 }));
            assertEquals(0, stream.buffered());
        }
    }
}
