package plugin.websockets_native.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import javax.net.ssl.SSLContext;

/**
 * A listening TCP socket with the polled interface of the contract's Listener
 * (ts/transport/contract.ts): every public method returns at once. Binding and accepting happen on
 * a daemon thread of its own, which queues arrived connections (at most {@code backlog}; beyond
 * that they are closed at once) until {@link #accept()} takes them. An accepted connection becomes
 * a {@link ByteStream} with its own threads, exactly like a client's stream; under TLS its thread
 * also performs the server side of the handshake.
 *
 * On Android the app needs the INTERNET permission (the plugin's metadata.lua asks for it);
 * without it binding fails with "permission denied".
 */
public final class SocketListener {

    /** Where {@link #state()} stands: the answers of the contract's Listener step(). */
    public enum State { STARTING, LISTENING, FAILED }

    /** A connection {@link #accept()} handed over, with the client's address and port. */
    public static final class Accepted {
        public final ByteStream stream;
        public final String host;
        public final int port;

        Accepted(ByteStream stream, String host, int port) {
            this.stream = stream;
            this.host = host;
            this.port = port;
        }
    }

    private final ListenOptions options;
    private final Object lock = new Object();
    // Guarded by lock.
    private State state = State.STARTING;
    private ListenFailure failure;
    private boolean closed;
    private ServerSocket server;
    private int boundPort;
    private SSLContext tls;
    private final ArrayDeque<Socket> arrived = new ArrayDeque<>();

    private SocketListener(ListenOptions options) {
        this.options = options;
    }

    /** Starts binding; the outcome shows in {@link #state()}. Never throws for network reasons. */
    public static SocketListener listen(ListenOptions options) {
        SocketListener listener = new SocketListener(options);
        Thread acceptor = new Thread(listener::bindThenAccept,
                "websockets-listener " + endpoint(options.host, options.port));
        acceptor.setDaemon(true);
        acceptor.start();
        return listener;
    }

    // ---- The polled interface ----

    public State state() {
        synchronized (lock) {
            return state;
        }
    }

    /** Why listening failed or stopped; non-null exactly when {@link #state()} is FAILED. */
    public ListenFailure failure() {
        synchronized (lock) {
            return failure;
        }
    }

    /** The bound port once LISTENING (the real one when 0 was asked for), else 0. */
    public int port() {
        synchronized (lock) {
            return boundPort;
        }
    }

    /** The oldest connection that arrived, as a stream; null when none is waiting. */
    public Accepted accept() {
        Socket socket;
        SSLContext serverTls;
        synchronized (lock) {
            socket = arrived.poll();
            serverTls = tls;
        }
        if (socket == null) {
            return null;
        }
        String host = socket.getInetAddress().getHostAddress();
        int port = socket.getPort();
        StreamOptions peer = StreamOptions.plain(host, port, options.handshakeSeconds);
        return new Accepted(ByteStream.accepted(socket, peer, serverTls), host, port);
    }

    /**
     * Stops listening and closes every connection that arrived but was not accepted. Streams
     * already accepted are not touched. Idempotent.
     */
    public void close() {
        ServerSocket listening;
        Socket[] waiting;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (state != State.FAILED) {
                state = State.FAILED;
                failure = new ListenFailure(ListenFailure.Category.LISTEN,
                        "the listener on " + endpoint(options.host, boundPort) + " was closed");
            }
            listening = server;
            waiting = arrived.toArray(new Socket[0]);
            arrived.clear();
        }
        closeQuietly(listening); // also ends the acceptor thread's accept()
        for (Socket socket : waiting) {
            closeQuietly(socket);
        }
    }

    // ---- The acceptor thread ----

    private void bindThenAccept() {
        String name = endpoint(options.host, options.port);
        SSLContext serverTls = null;
        if (options.certificatePem != null) {
            try {
                serverTls = PemIdentity.serverContext(PemIdentity.pemOrFile(options.certificatePem),
                        PemIdentity.pemOrFile(options.keyPem != null ? options.keyPem : ""));
            } catch (Exception e) {
                fail(new ListenFailure(ListenFailure.Category.TLS, "cannot serve TLS on " + name
                        + ": cannot load the certificate and key: " + Failures.causeChain(e)));
                return;
            }
        }
        ServerSocket listening;
        try {
            InetAddress address = InetAddress.getByName(options.host);
            listening = new ServerSocket();
            // As LuaSocket and Node do: a port whose last connections linger in TIME_WAIT can be
            // reused at once; a second listener on the same port still fails "in use".
            listening.setReuseAddress(true);
            synchronized (lock) {
                if (closed) {
                    closeQuietly(listening);
                    return;
                }
                server = listening;
            }
            listening.bind(new InetSocketAddress(address, options.port), options.backlog);
        } catch (IOException | SecurityException e) {
            fail(new ListenFailure(ListenFailure.categoryOf(e),
                    "cannot listen on " + name + ": " + Failures.causeChain(e)));
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            boundPort = listening.getLocalPort();
            tls = serverTls;
            state = State.LISTENING;
        }
        acceptLoop(listening);
    }

    private void acceptLoop(ServerSocket listening) {
        while (true) {
            Socket socket;
            try {
                socket = listening.accept();
            } catch (IOException e) {
                if (!isClosed()) {
                    fail(new ListenFailure(ListenFailure.Category.LISTEN, "stopped listening on "
                            + endpoint(options.host, boundPort) + ": " + Failures.causeChain(e)));
                }
                return;
            }
            boolean queued;
            synchronized (lock) {
                queued = !closed && arrived.size() < options.backlog;
                if (queued) {
                    arrived.add(socket);
                }
            }
            if (!queued) {
                closeQuietly(socket); // closed meanwhile, or Lua is not keeping up: refuse it
            }
        }
    }

    private void fail(ListenFailure why) {
        ServerSocket listening;
        synchronized (lock) {
            if (state == State.FAILED) {
                return;
            }
            state = State.FAILED;
            failure = why;
            listening = server;
        }
        closeQuietly(listening);
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private static String endpoint(String host, int port) {
        return (host != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket that cannot even close
        }
    }
}
