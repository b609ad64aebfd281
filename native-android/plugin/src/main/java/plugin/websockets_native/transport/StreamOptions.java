package plugin.websockets_native.transport;

/**
 * What a stream connects to and how: the Java twin of `OpenOptions` in ts/transport/contract.ts.
 * Immutable; built by the Lua binding from the options table, or directly by tests.
 */
public final class StreamOptions {
    /** Host name or IP address; IPv6 literals without brackets. */
    public final String host;
    public final int port;
    /** TLS on top of TCP (wss://). */
    public final boolean secure;
    /** The name sent as SNI and that the certificate must match: the URL's host. */
    public final String serverName;
    /** Lowest TLS version accepted: "1.0", "1.1", "1.2" or "1.3". */
    public final String minTls;
    /** Verify the certificate chain and the host name. */
    public final boolean verify;
    /**
     * PEM text (bytes) of the CA certificates to trust instead of the platform's store, or null. Never
     * a path: the plugin reads the game's file itself, which on Android lives inside the APK where
     * only Solar2D's io.open finds it.
     */
    public final byte[] caPem;
    /**
     * Seconds allowed for the blocking steps of connecting (lookup excepted, which Java cannot
     * bound): TCP connect and TLS handshake share this budget. 0 or less means no limit of the
     * stream's own; the plugin enforces its connect deadline itself either way.
     */
    public final double timeoutSeconds;

    public StreamOptions(String host, int port, boolean secure, String serverName, String minTls,
            boolean verify, byte[] caPem, double timeoutSeconds) {
        this.host = host;
        this.port = port;
        this.secure = secure;
        this.serverName = serverName != null ? serverName : host;
        this.minTls = minTls != null ? minTls : "1.2";
        this.verify = verify;
        this.caPem = caPem;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Plain TCP to host:port, the defaults for everything else. */
    public static StreamOptions plain(String host, int port, double timeoutSeconds) {
        return new StreamOptions(host, port, false, host, "1.2", true, null, timeoutSeconds);
    }
}
