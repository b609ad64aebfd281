package plugin.websockets_native.transport;

/**
 * Where and how a {@link SocketListener} listens: the Java twin of `ListenOptions` in
 * ts/transport/contract.ts. Immutable; built by the Lua binding from the options table, or by tests.
 */
public final class ListenOptions {
    /** Address or name to bind: "0.0.0.0", "::", "127.0.0.1", a local interface's address. */
    public final String host;
    /** 0 lets the system choose; {@link SocketListener#port()} tells which. */
    public final int port;
    /** Connections queued by the system, and by the listener, before Lua accepts them. */
    public final int backlog;
    /** The certificate chain to serve TLS with (PEM text, or the path of a PEM file), or null for
     *  plain TCP. */
    public final String certificatePem;
    /** Its PKCS#8 private key ("BEGIN PRIVATE KEY"; PEM text or a path), or null. */
    public final String keyPem;
    /** Seconds an accepted client has to finish its TLS handshake. */
    public final double handshakeSeconds;

    public ListenOptions(String host, int port, int backlog, String certificatePem, String keyPem,
            double handshakeSeconds) {
        this.host = host;
        this.port = port;
        this.backlog = Math.max(1, backlog);
        this.certificatePem = certificatePem;
        this.keyPem = keyPem;
        this.handshakeSeconds = handshakeSeconds;
    }

    /** Plain TCP on host:port with a backlog of 128. */
    public static ListenOptions plain(String host, int port) {
        return new ListenOptions(host, port, 128, null, null, 10);
    }
}
