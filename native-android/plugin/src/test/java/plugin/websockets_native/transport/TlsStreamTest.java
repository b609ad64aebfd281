package plugin.websockets_native.transport;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSocket;

import org.junit.BeforeClass;
import org.junit.Test;

import plugin.websockets_native.transport.StreamFailure.Category;

/**
 * The stream over TLS, against an SSLServerSocket presenting a certificate made for the test by
 * {@link TestCertificates} (names: localhost, 127.0.0.1; issuer: a CA only the CA file knows).
 */
public class TlsStreamTest {
    private static final String[] UP_TO_TLS_1_3 = { "TLSv1.2", "TLSv1.3" };
    private static final String[] TLS_1_2_ONLY = { "TLSv1.2" };

    private static byte[] caPem;

    @BeforeClass
    public static void makeCertificates() throws Exception {
        caPem = TestCertificates.get().caPem;
    }

    private static StreamOptions tls(int port, String host, String serverName, String minTls,
            boolean verify, byte[] ca) {
        return new StreamOptions(host, port, true, serverName, minTls, verify, ca, 5);
    }

    /** What the server saw of a handshake: the negotiated version and the SNI names. */
    private static final class Handshake {
        final String protocol;
        final List<SNIServerName> serverNames;

        Handshake(SSLSocket socket) {
            ExtendedSSLSession session = (ExtendedSSLSession) socket.getSession();
            protocol = session.getProtocol();
            serverNames = session.getRequestedServerNames();
        }
    }

    /** An echo server that also reports the first handshake it completed. */
    private static TestServer echoReporting(String[] protocols, CompletableFuture<Handshake> seen)
            throws Exception {
        return TestServer.tls(protocols, peer -> {
            SSLSocket tls = (SSLSocket) peer;
            tls.startHandshake();
            seen.complete(new Handshake(tls));
            TestServer.ECHO.handle(peer);
        });
    }

    @Test
    public void trustedThroughTheCaFileEveryByteAndOneMebibyteTravelBothWays() throws Exception {
        CompletableFuture<Handshake> seen = new CompletableFuture<>();
        try (TestServer server = echoReporting(UP_TO_TLS_1_3, seen)) {
            ByteStream stream = ByteStream.open(
                    tls(server.port(), "localhost", "localhost", "1.2", true, caPem));
            Poll.awaitOpen(stream, 5000);

            byte[] everyByte = new byte[256];
            for (int i = 0; i < everyByte.length; i++) {
                everyByte[i] = (byte) i;
            }
            assertArrayEquals(everyByte, Poll.exchange(stream, everyByte, everyByte.length, 5000));

            byte[] mebibyte = new byte[1 << 20];
            new Random(17).nextBytes(mebibyte);
            assertArrayEquals(mebibyte, Poll.exchange(stream, mebibyte, mebibyte.length, 10000));

            Handshake handshake = seen.get(5, TimeUnit.SECONDS);
            assertEquals("the highest version both sides support", "TLSv1.3", handshake.protocol);
            assertEquals(1, handshake.serverNames.size());
            assertEquals("localhost", ((SNIHostName) handshake.serverNames.get(0)).getAsciiName());
            stream.close();
        }
    }

    @Test
    public void anIpLiteralSendsNoSniAndMatchesTheCertificatesIpAddress() throws Exception {
        CompletableFuture<Handshake> seen = new CompletableFuture<>();
        try (TestServer server = echoReporting(UP_TO_TLS_1_3, seen)) {
            ByteStream stream = ByteStream.open(
                    tls(server.port(), "127.0.0.1", "127.0.0.1", "1.2", true, caPem));
            Poll.awaitOpen(stream, 5000);
            byte[] ping = { 9, 0, 9 };
            assertArrayEquals(ping, Poll.exchange(stream, ping, ping.length, 5000));
            assertTrue(seen.get(5, TimeUnit.SECONDS).serverNames.isEmpty());
            stream.close();
        }
    }

    @Test
    public void aCertificateThePlatformDoesNotTrustIsRefused() throws Exception {
        try (TestServer server = TestServer.tls(UP_TO_TLS_1_3, TestServer.ECHO)) {
            ByteStream stream = ByteStream.open(
                    tls(server.port(), "localhost", "localhost", "1.2", true, null));
            StreamFailure failure = Poll.awaitConnectFailure(stream, 5000);
            assertEquals(Category.TLS, failure.category);
            assertTrue(failure.message, failure.message.contains("certification path"));
            stream.close();
        }
    }

    @Test
    public void aCertificateForAnotherNameIsRefused() throws Exception {
        try (TestServer server = TestServer.tls(UP_TO_TLS_1_3, TestServer.ECHO)) {
            ByteStream stream = ByteStream.open(
                    tls(server.port(), "127.0.0.1", "wrong.example", "1.2", true, caPem));
            StreamFailure failure = Poll.awaitConnectFailure(stream, 5000);
            assertEquals(Category.TLS, failure.category);
            assertTrue(failure.message, failure.message.contains("wrong.example"));
            stream.close();
        }
    }

    @Test
    public void verifyFalseAcceptsAnUntrustedCertificateForAnotherName() throws Exception {
        try (TestServer server = TestServer.tls(UP_TO_TLS_1_3, TestServer.ECHO)) {
            ByteStream stream = ByteStream.open(
                    tls(server.port(), "127.0.0.1", "wrong.example", "1.2", false, null));
            Poll.awaitOpen(stream, 5000);
            byte[] data = { 1, 2, 3 };
            assertArrayEquals(data, Poll.exchange(stream, data, data.length, 5000));
            stream.close();
        }
    }

    @Test
    public void aServerBelowTheMinimumVersionIsRefused() throws Exception {
        try (TestServer server = TestServer.tls(TLS_1_2_ONLY, TestServer.ECHO)) {
            ByteStream stream = ByteStream.open(
                    tls(server.port(), "localhost", "localhost", "1.3", true, caPem));
            StreamFailure failure = Poll.awaitConnectFailure(stream, 5000);
            assertEquals(Category.TLS, failure.category);
            assertTrue(failure.message, failure.message.contains("TLS 1.3 or newer"));
            stream.close();
        }
    }

    @Test
    public void aServerAtTheMinimumVersionIsAccepted() throws Exception {
        CompletableFuture<Handshake> seen = new CompletableFuture<>();
        try (TestServer server = echoReporting(TLS_1_2_ONLY, seen)) {
            ByteStream stream = ByteStream.open(
                    tls(server.port(), "localhost", "localhost", "1.2", true, caPem));
            Poll.awaitOpen(stream, 5000);
            assertEquals("TLSv1.2", seen.get(5, TimeUnit.SECONDS).protocol);
            stream.close();
        }
    }

    /**
     * A server that accepts TCP and never answers the ClientHello: what this shows is that the
     * handshake is bounded by the same timeout and fails as "tls", naming the timeout.
     */
    @Test
    public void aHandshakeThatNeverCompletesTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket peer = silent.accept()) {
                    Thread.sleep(5000);
                } catch (Exception ignored) {
                    // the test closed the listener
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long started = System.nanoTime();
            ByteStream stream = ByteStream.open(new StreamOptions("127.0.0.1", silent.getLocalPort(),
                    true, "localhost", "1.2", true, caPem, 0.5));
            StreamFailure failure = Poll.awaitConnectFailure(stream, 5000);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(Category.TLS, failure.category);
            assertTrue(failure.message, failure.message.contains("timed out"));
            assertTrue("gave up after " + seconds + " s", seconds >= 0.4 && seconds < 3);
            stream.close();
        }
    }

    @Test
    public void caTextWithoutACertificateFailsAsTlsNamingTheOption() throws Exception {
        try (TestServer server = TestServer.tls(UP_TO_TLS_1_3, TestServer.ECHO)) {
            byte[] notACertificate = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ByteStream stream = ByteStream.open(
                    tls(server.port(), "localhost", "localhost", "1.2", true, notACertificate));
            StreamFailure failure = Poll.awaitConnectFailure(stream, 5000);
            assertEquals(Category.TLS, failure.category);
            assertTrue(failure.message, failure.message.contains("`ca` certificates"));
            stream.close();
        }
    }
}
