package plugin.websockets_native.transport;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

import plugin.websockets_native.transport.StreamFailure.Category;

/**
 * The one place where Java exceptions become {@link StreamFailure}s. Each phase of a stream's life
 * has its own category (lookup: "dns", TCP: "connect", handshake: "tls", after open: "closed"), and
 * every message names the host and the innermost cause, so the plugin's ONERROR reason is
 * something a developer can act on.
 */
final class Failures {
    private Failures() {
    }

    static StreamFailure lookup(String host, UnknownHostException e) {
        return new StreamFailure(Category.DNS, "cannot resolve host name '" + host + "'"
                + detail(e, host));
    }

    static StreamFailure emptyHost() {
        return new StreamFailure(Category.DNS, "empty host name");
    }

    static StreamFailure connect(String host, int port, IOException e) {
        String what = e instanceof SocketTimeoutException ? "timed out" : innermostMessage(e);
        return new StreamFailure(Category.CONNECT,
                "cannot connect to " + host + ":" + port + ": " + what);
    }

    static StreamFailure handshakeTimeout(String serverName, double seconds) {
        return new StreamFailure(Category.TLS, "TLS handshake with " + serverName
                + " timed out after " + seconds + " s");
    }

    /** Any failure during the handshake is "tls": the TCP connection existed, TLS did not work. */
    static StreamFailure handshake(String serverName, String minTls, IOException e) {
        String prefix = e instanceof SSLException
                ? "TLS handshake with " + serverName + " failed: "
                : "connection lost during the TLS handshake with " + serverName + ": ";
        String message = prefix + causeChain(e);
        if (message.contains("protocol_version")) {
            // The alert alone does not say whose limit it was; ours is known.
            message += " (this client accepts TLS " + minTls + " or newer)";
        }
        return new StreamFailure(Category.TLS, message);
    }

    static StreamFailure tlsSetup(String what, Exception e) {
        return new StreamFailure(Category.TLS, what + ": " + causeChain(e));
    }

    static StreamFailure noTlsVersion(String minTls) {
        return new StreamFailure(Category.TLS,
                "no TLS version " + minTls + " or newer is available on this device");
    }

    static StreamFailure endOfStream() {
        return new StreamFailure(Category.CLOSED,
                "the server closed the connection (end of stream)");
    }

    /** An open stream broke while reading or writing: a reset, a broken pipe, a TLS error. */
    static StreamFailure broken(IOException e) {
        if (e instanceof EOFException) {
            return endOfStream();
        }
        String message = innermostMessage(e);
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("reset")) {
            return new StreamFailure(Category.CLOSED,
                    "the connection was reset by the peer (" + message + ")");
        }
        if (lower.contains("broken pipe")) {
            return new StreamFailure(Category.CLOSED,
                    "the connection was closed by the peer while writing (" + message + ")");
        }
        String kind = e instanceof SSLException ? "TLS error" : "I/O error";
        return new StreamFailure(Category.CLOSED,
                "the connection broke (" + kind + ": " + causeChain(e) + ")");
    }

    /** The message of the exception, followed by its causes' messages where they add anything. */
    static String causeChain(Throwable e) {
        StringBuilder text = new StringBuilder(messageOf(e));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause();
                cause = cause.getCause()) {
            String next = messageOf(cause);
            if (text.indexOf(next) < 0) {
                text.append(": ").append(next);
            }
        }
        return text.toString();
    }

    private static String innermostMessage(Throwable e) {
        Throwable last = e;
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                last = cause;
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
        return messageOf(last);
    }

    private static String messageOf(Throwable e) {
        String message = e.getMessage();
        return message != null && !message.isEmpty() ? message : e.getClass().getSimpleName();
    }

    /** UnknownHostException's message is often just the host again; add it only when it says more. */
    private static String detail(UnknownHostException e, String host) {
        String message = e.getMessage();
        if (message == null || message.equals(host)) {
            return "";
        }
        return " (" + message + ")";
    }
}
