package plugin.websockets_native.transport;

/**
 * Why a listener could not listen (or stopped): a category that the plugin maps one to one onto
 * the reason of the server's ONERROR, and a sentence naming the address and the cause.
 *
 * Mirrors `ListenFailure` in ts/transport/contract.ts.
 */
public final class ListenFailure {

    /** The categories of ts/transport/contract.ts; {@link #luaName} is the string Lua sees. */
    public enum Category {
        ADDRESS_IN_USE("address in use"),
        /** Ports below 1024, or an app without the INTERNET permission. */
        PERMISSION_DENIED("permission denied"),
        /** The host does not resolve or is not an address of this device. */
        BAD_HOST("bad host"),
        /** The certificate or key could not be loaded. */
        TLS("tls"),
        LISTEN("listen");

        public final String luaName;

        Category(String luaName) {
            this.luaName = luaName;
        }
    }

    public final Category category;
    public final String message;

    public ListenFailure(Category category, String message) {
        this.category = category;
        this.message = message;
    }

    /** The category of a bind failure, from the system's message (Java has no error codes). */
    static Category categoryOf(Throwable e) {
        if (e instanceof SecurityException) {
            return Category.PERMISSION_DENIED;
        }
        if (e instanceof java.net.UnknownHostException) {
            return Category.BAD_HOST;
        }
        String text = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (text.contains("already in use")) {
            return Category.ADDRESS_IN_USE;
        }
        if (text.contains("permission denied") || text.contains("not permitted")) {
            return Category.PERMISSION_DENIED;
        }
        if (text.contains("assign requested address") || text.contains("not available")
                || text.contains("unresolved")) {
            return Category.BAD_HOST;
        }
        return Category.LISTEN;
    }

    @Override
    public String toString() {
        return category.luaName + ": " + message;
    }
}
