package plugin.websockets_native.transport;

/**
 * Why a stream failed to open or why it ended: a category that the plugin maps one to one onto the
 * `errorType` of its ONERROR event, and a sentence for a person that names the cause.
 *
 * Mirrors `StreamFailure` in ts/transport/contract.ts.
 */
public final class StreamFailure {

    /** The categories of ts/transport/contract.ts; {@link #luaName} is the string Lua sees. */
    public enum Category {
        /** The host name could not be resolved. */
        DNS("dns"),
        /** No TCP connection could be made (refused, unreachable, timed out). */
        CONNECT("connect"),
        /** The TLS handshake failed: certificate, host name, protocol version, or its own timeout. */
        TLS("tls"),
        /** An open stream ended: the peer closed it (end of stream) or reset it. */
        CLOSED("closed");

        public final String luaName;

        Category(String luaName) {
            this.luaName = luaName;
        }
    }

    public final Category category;
    public final String message;

    public StreamFailure(Category category, String message) {
        this.category = category;
        this.message = message;
    }

    @Override
    public String toString() {
        return category.luaName + ": " + message;
    }
}
