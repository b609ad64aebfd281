package plugin.websockets_native.transport;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.Test;

import plugin.websockets_native.transport.ListenFailure.Category;

/** The listener over real sockets on the loopback interface, polled as the plugin polls it. */
public class ListenerTest {
    private static final String LOOPBACK = "127.0.0.1";

    private static SocketListener listening(ListenOptions options) throws InterruptedException {
        SocketListener listener = SocketListener.listen(options);
        long deadline = System.currentTimeMillis() + 5000;
        while (listener.state() == SocketListener.State.STARTING) {
            if (System.currentTimeMillis() > deadline) {
                fail("still starting after 5 s");
            }
            Thread.sleep(1);
        }
        return listener;
    }

    private static SocketListener.Accepted awaitAccept(SocketListener listener) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        SocketListener.Accepted accepted;
        while ((accepted = listener.accept()) == null) {
            if (System.currentTimeMillis() > deadline) {
                fail("nothing to accept after 5 s");
            }
            Thread.sleep(1);
        }
        return accepted;
    }

    /** A client that sends back everything it receives, on a thread of its own. */
    private static Socket echoingClient(int port) throws Exception {
        Socket socket = new Socket(LOOPBACK, port);
        Thread echo = new Thread(() -> {
            byte[] buffer = new byte[65536];
            try {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                for (int n; (n = in.read(buffer)) > 0;) {
                    out.write(buffer, 0, n);
                }
            } catch (Exception ignored) {
                // the test closed it
            }
        });
        echo.setDaemon(true);
        echo.start();
        return socket;
    }

    @Test
    public void portZeroListensOnARealPortAndAcceptedStreamsCarryEveryByteAndOneMebibyte()
            throws Exception {
        SocketListener listener = listening(ListenOptions.plain(LOOPBACK, 0));
        assertEquals(SocketListener.State.LISTENING, listener.state());
        assertTrue(listener.port() > 0);
        assertNull("nothing arrived yet", listener.accept());

        byte[] everyByte = new byte[512];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        byte[] mebibyte = new byte[1 << 20];
        new Random(6455).nextBytes(mebibyte);
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(echoingClient(listener.port()));
        }
        for (int i = 0; i < 3; i++) {
            SocketListener.Accepted accepted = awaitAccept(listener);
            assertEquals(LOOPBACK, accepted.host);
            assertEquals(clients.get(i).getLocalPort(), accepted.port);
            Poll.awaitOpen(accepted.stream, 5000);
            byte[] payload = i == 2 ? mebibyte : everyByte;
            // Server -> client -> server: both directions of the accepted stream.
            assertArrayEquals(payload, Poll.exchange(accepted.stream, payload, payload.length, 10000));
            accepted.stream.close();
        }
        for (Socket client : clients) {
            client.close();
        }
        listener.close();
        assertEquals(SocketListener.State.FAILED, listener.state());
        assertNull(listener.accept());
    }

    @Test
    public void holdsTwoHundredConcurrentConnections() throws Exception {
        // All 200 arrive before the first is accepted, so the queue must hold them all.
        SocketListener listener = listening(new ListenOptions(LOOPBACK, 0, 256, null, null, 5));
        List<Socket> clients = new ArrayList<>();
        List<ByteStream> accepted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            clients.add(new Socket(LOOPBACK, listener.port()));
        }
        for (int i = 0; i < 200; i++) {
            ByteStream stream = awaitAccept(listener).stream;
            Poll.awaitOpen(stream, 5000);
            assertEquals(1, stream.write(new byte[] { (byte) i }));
            accepted.add(stream);
        }
        for (Socket client : clients) {
            client.setSoTimeout(5000);
            assertTrue(client.getInputStream().read() >= 0);
        }
        for (ByteStream stream : accepted) {
            stream.close();
        }
        for (Socket client : clients) {
            client.close();
        }
        listener.close();
    }

    @Test
    public void aPortInUseFailsNamingTheCause() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            SocketListener listener = listening(ListenOptions.plain(LOOPBACK, held.getLocalPort()));
            assertEquals(SocketListener.State.FAILED, listener.state());
            assertEquals(Category.ADDRESS_IN_USE, listener.failure().category);
            assertTrue(listener.failure().message.contains(String.valueOf(held.getLocalPort())));
            assertEquals(0, listener.port());
        }
    }

    @Test
    public void aHostThatIsNotThisMachinesIsABadHost() throws Exception {
        for (String host : new String[] { "no-such-host.invalid", "192.0.2.1" }) {
            SocketListener listener = listening(ListenOptions.plain(host, 0));
            assertEquals(host, SocketListener.State.FAILED, listener.state());
            assertEquals(host + ": " + listener.failure(), Category.BAD_HOST, listener.failure().category);
            assertTrue(listener.failure().message.contains(host));
        }
    }

    @Test
    public void bindFailuresMapOntoTheContractsCategories() {
        // What Java reports on Linux and Android; a root JVM cannot provoke "Permission denied" on
        // port 80, so the mapping is checked on the exceptions themselves.
        assertEquals(Category.PERMISSION_DENIED,
                ListenFailure.categoryOf(new java.net.BindException("Permission denied")));
        assertEquals(Category.PERMISSION_DENIED, ListenFailure.categoryOf(new SecurityException("INTERNET")));
        assertEquals(Category.ADDRESS_IN_USE,
                ListenFailure.categoryOf(new java.net.BindException("Address already in use")));
        assertEquals(Category.BAD_HOST,
                ListenFailure.categoryOf(new java.net.BindException("Cannot assign requested address")));
        assertEquals(Category.BAD_HOST, ListenFailure.categoryOf(new java.net.UnknownHostException("x")));
        assertEquals(Category.LISTEN, ListenFailure.categoryOf(new java.io.IOException("Too many open files")));
    }

    @Test
    public void closingClosesConnectionsNotAcceptedYet() throws Exception {
        SocketListener listener = listening(ListenOptions.plain(LOOPBACK, 0));
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(new Socket(LOOPBACK, listener.port()));
        }
        Thread.sleep(200); // the acceptor thread queues them
        listener.close();
        for (Socket client : clients) {
            client.setSoTimeout(2000);
            try {
                assertEquals(-1, client.getInputStream().read());
            } catch (SocketException reset) {
                // a reset is as good as an end: the connection is gone either way
            }
            client.close();
        }
    }

    @Test
    public void servesTlsToThePluginsOwnClientAndFailsOnlyTheStreamOfAClientWithoutTls()
            throws Exception {
        TestCertificates certificates = TestCertificates.get();
        String certificate = new String(Files.readAllBytes(Paths.get(certificates.serverPemFile)),
                StandardCharsets.US_ASCII);
        String key = new String(Files.readAllBytes(Paths.get(certificates.serverKeyPemFile)),
                StandardCharsets.US_ASCII);
        SocketListener listener = listening(new ListenOptions(LOOPBACK, 0, 16, certificate, key, 5));
        assertEquals(String.valueOf(listener.failure()), SocketListener.State.LISTENING, listener.state());

        // Plain bytes where a ClientHello belongs: that accepted stream fails with a TLS failure.
        try (Socket garbage = new Socket(LOOPBACK, listener.port())) {
            garbage.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            StreamFailure failure = Poll.awaitConnectFailure(awaitAccept(listener).stream, 5000);
            assertEquals(StreamFailure.Category.TLS, failure.category);
        }

        ByteStream client = ByteStream.open(new StreamOptions(LOOPBACK, listener.port(), true,
                "localhost", "1.2", true, certificates.caPem, 5));
        ByteStream server = awaitAccept(listener).stream;
        byte[] payload = new byte[100_000];
        new Random(1).nextBytes(payload);
        long deadline = System.currentTimeMillis() + 10000;
        while (client.state() == ByteStream.State.CONNECTING || server.state() == ByteStream.State.CONNECTING) {
            assertTrue("handshake timed out", System.currentTimeMillis() < deadline);
            Thread.sleep(1);
        }
        assertEquals(String.valueOf(client.connectFailure()), ByteStream.State.OPEN, client.state());
        assertEquals(ByteStream.State.OPEN, server.state());
        assertArrayEquals(payload, transfer(client, server, payload));
        assertArrayEquals(payload, transfer(server, client, payload));
        client.close();
        server.close();
        listener.close();
    }

    /** Writes `payload` into one stream and returns what the other received, polling both. */
    private static byte[] transfer(ByteStream from, ByteStream to, byte[] payload)
            throws InterruptedException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long deadline = System.currentTimeMillis() + 10000;
        int sent = 0;
        while (received.size() < payload.length) {
            assertTrue("timed out", System.currentTimeMillis() < deadline);
            if (sent < payload.length) {
                int accepted = from.write(Arrays.copyOfRange(payload, sent, payload.length));
                assertTrue("write failed: " + from.writeFailure(), accepted >= 0);
                sent += accepted;
            }
            byte[] chunk = to.read();
            assertNotNull("ended: " + to.readFailure(), chunk);
            received.write(chunk, 0, chunk.length);
            Thread.sleep(1);
        }
        return received.toByteArray();
    }

    @Test
    public void tlsTakesPathsOfPemFilesToo() throws Exception {
        TestCertificates certificates = TestCertificates.get();
        SocketListener listener = listening(new ListenOptions(LOOPBACK, 0, 16,
                certificates.serverPemFile, certificates.serverKeyPemFile, 5));
        assertEquals(String.valueOf(listener.failure()), SocketListener.State.LISTENING, listener.state());
        listener.close();
        SocketListener missing = listening(new ListenOptions(LOOPBACK, 0, 16, "/nonexistent/cert.pem",
                "/nonexistent/key.pem", 5));
        assertEquals(Category.TLS, missing.failure().category);
        assertTrue(missing.failure().message, missing.failure().message.contains("/nonexistent/cert.pem"));
    }

    @Test
    public void aCertificateThatDoesNotLoadIsATlsFailure() throws Exception {
        SocketListener listener = listening(new ListenOptions(LOOPBACK, 0, 16, "not a certificate",
                "not a key", 5));
        assertEquals(SocketListener.State.FAILED, listener.state());
        assertEquals(Category.TLS, listener.failure().category);
    }
}
