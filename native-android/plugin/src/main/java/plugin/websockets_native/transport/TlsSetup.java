package plugin.websockets_native.transport;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Layers TLS over a connected TCP socket as the connect options say: which certificates are
 * trusted, which protocol versions may be negotiated, SNI, and host-name verification.
 */
final class TlsSetup {
    /** Protocol names as Java spells them, oldest first; index i is version "1.i". */
    private static final String[] VERSIONS = { "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3" };
    private static final String[] OPTION_NAMES = { "1.0", "1.1", "1.2", "1.3" };

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private TlsSetup() {
    }

    /** Thrown when the device offers no protocol version at or above the requested minimum. */
    static final class NoAcceptableVersion extends Exception {
        private static final long serialVersionUID = 1L;

        NoAcceptableVersion(String minTls) {
            super(minTls);
        }
    }

    /**
     * A client-mode SSLSocket over {@code tcp}, configured but not yet handshaken. Closing it closes
     * {@code tcp} too.
     */
    static SSLSocket wrap(Socket tcp, StreamOptions options, TrustManager[] trust)
            throws IOException, GeneralSecurityException, NoAcceptableVersion {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust, null);
        // The host given here is the peer host the endpoint identification checks against.
        SSLSocket tls = (SSLSocket) context.getSocketFactory()
                .createSocket(tcp, options.serverName, options.port, true);
        tls.setUseClientMode(true);

        String[] enabled = enabledProtocols(tls.getSupportedProtocols(), options.minTls);
        if (enabled.length == 0) {
            tls.close();
            throw new NoAcceptableVersion(options.minTls);
        }
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setProtocols(enabled);
        // RFC 6066 section 3: "Literal IPv4 and IPv6 addresses are not permitted in HostName."
        parameters.setServerNames(serverNameIndication(options.serverName));
        if (options.verify) {
            // RFC 2818 section 3.1 host-name rules, applied by the platform during the handshake.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        tls.setSSLParameters(parameters);
        return tls;
    }

    /**
     * The protocol versions to enable: every version the device supports from {@code minTls} up,
     * so the highest one both sides support is negotiated. Empty when none qualifies.
     */
    static String[] enabledProtocols(String[] supported, String minTls) {
        int lowest = Arrays.asList(OPTION_NAMES).indexOf(minTls);
        if (lowest < 0) {
            throw new IllegalArgumentException("unknown TLS version '" + minTls
                    + "' (expected 1.0, 1.1, 1.2 or 1.3)");
        }
        List<String> available = Arrays.asList(supported);
        List<String> enabled = new ArrayList<>();
        for (int i = lowest; i < VERSIONS.length; i++) {
            if (available.contains(VERSIONS[i])) {
                enabled.add(VERSIONS[i]);
            }
        }
        return enabled.toArray(new String[0]);
    }

    /** IPv4 dotted quads and IPv6 literals (which are the only host strings holding a colon). */
    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches();
    }

    /** SNI for host names only; an IP literal or a name SNI cannot carry sends none. */
    static List<SNIServerName> serverNameIndication(String serverName) {
        List<SNIServerName> names = new ArrayList<>();
        if (!isIpLiteral(serverName)) {
            try {
                names.add(new SNIHostName(serverName));
            } catch (IllegalArgumentException notAHostName) {
                // e.g. a name with characters DNS does not allow: connect without SNI.
            }
        }
        return names;
    }

    /**
     * The trust managers the options ask for: the `ca` PEM's CAs, everything (verify = false), or
     * null for the platform's trust store.
     */
    static TrustManager[] trustManagers(StreamOptions options)
            throws IOException, GeneralSecurityException {
        if (!options.verify) {
            return PemTrust.trustingEverything();
        }
        if (options.caPem != null) {
            return PemTrust.fromPem(options.caPem);
        }
        return null; // the platform's trust store
    }
}
