package plugin.websockets_native.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * One TCP or TLS byte stream with the polled interface of ts/transport/contract.ts: every public
 * method returns at once, and the blocking work happens on two daemon threads of its own.
 *
 * <ul>
 * <li>The <b>connection thread</b> resolves the host, connects (each address in turn, within the
 * timeout), performs the TLS handshake, then becomes the reader: it appends what arrives to a
 * {@link ReadBuffer} until the end of the stream.</li>
 * <li>The <b>writer thread</b>, started once the stream is open, hands the chunks of a
 * {@link WriteQueue} to the socket. Blocking sockets cannot read and write on one thread at once;
 * reading and writing an SSLSocket from two threads is supported.</li>
 * </ul>
 *
 * The caller (the Lua binding, on the Corona thread) only ever exchanges byte arrays and state
 * through the synchronized buffers, so no Lua state is touched off that thread.
 *
 * Reading and writing end separately, as on a TCP socket: after the server's end of stream the
 * stream can still write (a WebSocket client answers a close frame after it), and a failed write
 * ends reading too, since the connection is then gone.
 */
public final class ByteStream {

    /** Where {@link #state()} stands: the answers of the contract's {@code step()}. */
    public enum State { CONNECTING, OPEN, FAILED }

    /** write() takes bytes until this many wait unwritten; the plugin keeps the rest. */
    static final long WRITE_CAPACITY = 4L * 1024 * 1024;
    /** The reader stops reading once this many received bytes wait to be collected. */
    static final long READ_LIMIT = 4L * 1024 * 1024;
    /**
     * How long close() lets queued bytes (typically the client's close frame) reach the socket
     * before the socket is closed regardless.
     */
    static final long CLOSE_LINGER_MILLIS = 2000;

    private static final int READ_CHUNK = 64 * 1024;
    /** Writes go out in slices so that buffered() shrinks as the peer takes bytes. */
    private static final int WRITE_SLICE = 16 * 1024;

    private static final StreamFailure CLOSED_LOCALLY =
            new StreamFailure(StreamFailure.Category.CLOSED, "the stream was closed locally");

    private final StreamOptions options;
    private final WriteQueue writes = new WriteQueue(WRITE_CAPACITY);
    private final ReadBuffer reads = new ReadBuffer(READ_LIMIT);

    private final Object lock = new Object();
    // Guarded by lock.
    private State state = State.CONNECTING;
    private StreamFailure connectFailure;
    private boolean closed;
    /** The TCP socket, closed to stop every blocking call at once. */
    private Socket tcp;
    /** What reads and writes go through: {@link #tcp} itself, or the SSLSocket layered on it. */
    private Socket channel;

    /** Set once by the writer thread when a write fails. */
    private volatile StreamFailure writeFailure;

    private ByteStream(StreamOptions options) {
        this.options = options;
    }

    /** Starts connecting; the outcome shows in {@link #state()}. Never throws for network reasons. */
    public static ByteStream open(StreamOptions options) {
        ByteStream stream = new ByteStream(options);
        Thread connection = new Thread(stream::connectThenRead, stream.threadName("connection"));
        connection.setDaemon(true);
        connection.start();
        return stream;
    }

    /**
     * A stream over a connection a {@link SocketListener} accepted. Its connection thread performs
     * the server side of the TLS handshake when {@code serverTls} is given (the stream is CONNECTING
     * until then, FAILED with a TLS failure if the client does not complete it within
     * {@code peer.timeoutSeconds}), then reads; everything else is as for a client's stream.
     * {@code peer} names the client's address and port, for messages.
     */
    public static ByteStream accepted(Socket socket, StreamOptions peer, SSLContext serverTls) {
        ByteStream stream = new ByteStream(peer);
        Thread connection = new Thread(() -> stream.serveThenRead(socket, serverTls),
                stream.threadName("accepted"));
        connection.setDaemon(true);
        connection.start();
        return stream;
    }

    // ---- The polled interface (any thread; the Lua binding calls it from the Corona thread) ----

    /** CONNECTING until bytes can flow, then OPEN for good; FAILED if connecting failed. */
    public State state() {
        synchronized (lock) {
            return state;
        }
    }

    /** Why connecting failed; non-null exactly when {@link #state()} is FAILED. */
    public StreamFailure connectFailure() {
        synchronized (lock) {
            return connectFailure;
        }
    }

    /**
     * Takes as many bytes as the write queue has room for (possibly 0) and returns how many; -1
     * when the stream can no longer write, and then {@link #writeFailure()} says why. Bytes
     * written while connecting are sent once the stream is open.
     */
    public int write(byte[] data) {
        if (writeFailure() != null) {
            return -1;
        }
        return writes.offer(data);
    }

    /** Why writing is impossible, or null while it is possible. */
    public StreamFailure writeFailure() {
        synchronized (lock) {
            if (closed) {
                return CLOSED_LOCALLY;
            }
            if (connectFailure != null) {
                return connectFailure;
            }
        }
        return writeFailure;
    }

    /**
     * Everything received since the last call (empty when nothing has arrived), or null once the
     * stream has ended and every byte received before the end has been returned; then
     * {@link #readFailure()} says why.
     */
    public byte[] read() {
        return read(Long.MAX_VALUE);
    }

    /** As {@link #read()}, but at most {@code max} bytes; the rest waits here for the next call. */
    public byte[] read(long max) {
        StreamFailure early = earlyEnd();
        if (early != null) {
            return null;
        }
        return reads.drain(max);
    }

    /** Why reading has ended, or null while it goes on. */
    public StreamFailure readFailure() {
        StreamFailure early = earlyEnd();
        return early != null ? early : reads.endReason();
    }

    /** Bytes accepted by write() that have not been handed to the operating system yet. */
    public long buffered() {
        return writes.pending();
    }

    /**
     * Releases the stream. Idempotent. Bytes already accepted by write() still go out, for at most
     * {@link #CLOSE_LINGER_MILLIS}, so that a close frame written just before close() reaches the
     * server; then the socket is closed. Received bytes not yet read are dropped.
     */
    public void close() {
        boolean flushFirst;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            flushFirst = state == State.OPEN && writeFailure == null && writes.pending() > 0;
        }
        reads.close();
        if (flushFirst) {
            writes.finish(); // the writer closes the socket once the queue is empty
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(CLOSE_LINGER_MILLIS);
                } catch (InterruptedException ignored) {
                    // closing now is what the watchdog is for anyway
                }
                closeSockets();
            }, threadName("close"));
            watchdog.setDaemon(true);
            watchdog.start();
        } else {
            writes.close();
            closeSockets();
        }
    }

    // ---- The connection thread ----

    private void connectThenRead() {
        Socket connected;
        try {
            connected = connect();
        } catch (ConnectFailed e) {
            fail(e.failure);
            return;
        }
        if (connected == null) {
            return; // closed while connecting
        }
        readFrom(connected);
    }

    private void serveThenRead(Socket socket, SSLContext serverTls) {
        if (!adopt(socket, socket)) {
            return;
        }
        try {
            socket.setTcpNoDelay(true);
        } catch (IOException ignored) {
            // an optimisation only
        }
        Socket connected = socket;
        if (serverTls != null) {
            try {
                SSLSocket tls = (SSLSocket) serverTls.getSocketFactory()
                        .createSocket(socket, null, socket.getPort(), true);
                tls.setUseClientMode(false);
                if (!adopt(socket, tls)) {
                    return;
                }
                long deadline = System.nanoTime() + (long) (options.timeoutSeconds * 1e9);
                tls.setSoTimeout(remainingMillis(deadline));
                tls.startHandshake();
                tls.setSoTimeout(0);
                connected = tls;
            } catch (IOException e) {
                if (!isClosed()) {
                    fail(isTimeout(e)
                            ? Failures.handshakeTimeout(options.host, options.timeoutSeconds)
                            : Failures.handshake(options.host, "1.2", e));
                }
                return;
            }
        }
        readFrom(connected);
    }

    /** The rest of the connection thread's life once bytes can flow: starts the writer, reads. */
    private void readFrom(Socket connected) {
        InputStream in;
        OutputStream out;
        try {
            in = connected.getInputStream();
            out = connected.getOutputStream();
        } catch (IOException e) {
            fail(Failures.connect(options.host, options.port, e));
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            state = State.OPEN;
        }
        Thread writer = new Thread(() -> writeLoop(out), threadName("writer"));
        writer.setDaemon(true);
        writer.start();
        readLoop(in);
    }

    /** The open socket, or null if the stream was closed meanwhile. */
    private Socket connect() throws ConnectFailed {
        long deadline = options.timeoutSeconds > 0
                ? System.nanoTime() + (long) (options.timeoutSeconds * 1e9)
                : 0;
        if (options.host == null || options.host.isEmpty()) {
            throw new ConnectFailed(Failures.emptyHost());
        }

        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(options.host);
        } catch (UnknownHostException e) {
            throw new ConnectFailed(Failures.lookup(options.host, e));
        }

        Socket socket = null;
        IOException lastError = null;
        for (InetAddress address : addresses) {
            Socket candidate = new Socket();
            if (!adopt(candidate, candidate)) {
                return null;
            }
            try {
                candidate.connect(new InetSocketAddress(address, options.port),
                        remainingMillis(deadline));
                socket = candidate;
                break;
            } catch (IOException e) {
                closeQuietly(candidate);
                if (isClosed()) {
                    return null;
                }
                lastError = e;
                if (deadline != 0 && System.nanoTime() >= deadline) {
                    break;
                }
            }
        }
        if (socket == null) {
            throw new ConnectFailed(Failures.connect(options.host, options.port, lastError));
        }
        try {
            // WebSocket frames are small and latency-sensitive; Nagle would hold them back.
            socket.setTcpNoDelay(true);
        } catch (IOException ignored) {
            // an optimisation only
        }
        return options.secure ? handshake(socket, deadline) : socket;
    }

    private SSLSocket handshake(Socket socket, long deadline) throws ConnectFailed {
        TrustManager[] trust;
        try {
            trust = TlsSetup.trustManagers(options);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConnectFailed(
                    Failures.tlsSetup("cannot use the `ca` certificates", e));
        }
        SSLSocket tls;
        try {
            tls = TlsSetup.wrap(socket, options, trust);
        } catch (TlsSetup.NoAcceptableVersion e) {
            throw new ConnectFailed(Failures.noTlsVersion(options.minTls));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ConnectFailed(Failures.tlsSetup("cannot set up TLS", e));
        }
        if (!adopt(socket, tls)) {
            return null;
        }
        try {
            tls.setSoTimeout(remainingMillis(deadline));
            tls.startHandshake();
            tls.setSoTimeout(0);
            return tls;
        } catch (IOException e) {
            if (isClosed()) {
                return null;
            }
            if (isTimeout(e)) {
                throw new ConnectFailed(
                        Failures.handshakeTimeout(options.serverName, options.timeoutSeconds));
            }
            throw new ConnectFailed(Failures.handshake(options.serverName, options.minTls, e));
        }
    }

    private void readLoop(InputStream in) {
        byte[] buffer = new byte[READ_CHUNK];
        try {
            while (reads.awaitRoom()) {
                int count = in.read(buffer);
                if (count < 0) {
                    reads.end(Failures.endOfStream());
                    return;
                }
                if (count > 0) {
                    reads.append(Arrays.copyOf(buffer, count));
                }
            }
        } catch (InterruptedException e) {
            // nobody interrupts this thread; stop reading if it happens anyway
        } catch (IOException e) {
            if (!isClosed()) {
                // A failed write closes the socket to end reading too: report the write's cause.
                StreamFailure cause = writeFailure;
                reads.end(cause != null ? cause : Failures.broken(e));
            }
        }
    }

    // ---- The writer thread ----

    private void writeLoop(OutputStream out) {
        try {
            byte[] chunk;
            while ((chunk = writes.take()) != null) {
                for (int at = 0; at < chunk.length; at += WRITE_SLICE) {
                    int count = Math.min(WRITE_SLICE, chunk.length - at);
                    out.write(chunk, at, count);
                    writes.written(count);
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            // nobody interrupts this thread; treat it as the end of writing
        } catch (IOException e) {
            if (!isClosed()) {
                StreamFailure failure = Failures.broken(e);
                writeFailure = failure;
                reads.end(failure);
            }
        } finally {
            // The queue ended (closed, or finished after close()) or a write failed: either way the
            // connection is over, and closing the socket also stops the reader.
            closeSockets();
        }
    }

    // ---- Helpers ----

    /** Records the socket being connected so close() can abort it; false if already closed. */
    private boolean adopt(Socket tcpSocket, Socket channelSocket) {
        synchronized (lock) {
            if (closed) {
                closeQuietly(channelSocket);
                closeQuietly(tcpSocket);
                return false;
            }
            tcp = tcpSocket;
            channel = channelSocket;
            return true;
        }
    }

    private void fail(StreamFailure failure) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            state = State.FAILED;
            connectFailure = failure;
        }
        writes.close();
        closeSockets();
    }

    /** The end every caller sees once connecting failed or close() was called. */
    private StreamFailure earlyEnd() {
        synchronized (lock) {
            if (closed) {
                return CLOSED_LOCALLY;
            }
            return connectFailure;
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /**
     * Closes the TCP socket first: that fails every blocked read, write and connect at once without
     * waiting for the SSLSocket's own locks, which a writer blocked on a full send buffer holds.
     */
    private void closeSockets() {
        Socket tcpSocket;
        Socket channelSocket;
        synchronized (lock) {
            tcpSocket = tcp;
            channelSocket = channel;
        }
        closeQuietly(tcpSocket);
        if (channelSocket != tcpSocket) {
            closeQuietly(channelSocket);
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket that cannot even close
        }
    }

    /** Milliseconds left before the deadline, at least 1 (0 would mean "no limit" to Java). */
    private static int remainingMillis(long deadline) {
        if (deadline == 0) {
            return 0;
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return false;
    }

    private String threadName(String role) {
        return "websockets-" + role + " " + options.host + ":" + options.port;
    }

    /** Connecting failed for the reason it carries. */
    private static final class ConnectFailed extends Exception {
        private static final long serialVersionUID = 1L;
        final transient StreamFailure failure;

        ConnectFailed(StreamFailure failure) {
            super(failure.message, null, false, false);
            this.failure = failure;
        }
    }
}
