package plugin.websockets_native.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A real server on 127.0.0.1 and an ephemeral port, plain TCP or TLS, that runs a {@link Handler}
 * on its own thread for every connection it accepts. Closing it closes every connection.
 */
final class TestServer implements AutoCloseable {

    /** What the server does with one accepted connection. Exceptions end that connection only. */
    interface Handler {
        void handle(Socket peer) throws Exception;
    }

    /** Sends back every byte it receives until the client's end of stream. */
    static final Handler ECHO = peer -> {
        InputStream in = peer.getInputStream();
        OutputStream out = peer.getOutputStream();
        byte[] buffer = new byte[32 * 1024];
        for (int n; (n = in.read(buffer)) >= 0;) {
            out.write(buffer, 0, n);
        }
        peer.close();
    };

    private final ServerSocket listener;
    private final Handler handler;
    private final List<Socket> peers = new ArrayList<>();

    private TestServer(ServerSocket listener, Handler handler) {
        this.listener = listener;
        this.handler = handler;
        Thread acceptor = new Thread(this::acceptLoop, "test-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static TestServer plain(Handler handler) throws IOException {
        return new TestServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), handler);
    }

    /** A TLS server presenting {@link TestCertificates}' server certificate, with only {@code protocols}. */
    static TestServer tls(String[] protocols, Handler handler) throws Exception {
        SSLContext context = TestCertificates.get().serverContext();
        SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setEnabledProtocols(protocols);
        return new TestServer(listener, handler);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket peer;
            try {
                peer = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            synchronized (peers) {
                peers.add(peer);
            }
            Thread worker = new Thread(() -> {
                try {
                    handler.handle(peer);
                } catch (Exception e) {
                    // the client went away or refused the handshake: that connection is over
                }
            }, "test-server-peer");
            worker.setDaemon(true);
            worker.start();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (peers) {
            for (Socket peer : peers) {
                peer.close();
            }
        }
    }
}
