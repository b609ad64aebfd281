package plugin.websockets_native.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust decisions other than the platform's default: the CA certificates given as PEM text (the `ca`
 * connect option, which the plugin read from the game's file when it named one), or, only when the
 * game asked for `verify = false`, no verification at all.
 */
final class PemTrust {
    private PemTrust() {
    }

    /**
     * Trust managers that accept exactly the chains ending in one of the PEM's certificates. The
     * text may hold several certificates one after another.
     */
    static TrustManager[] fromPem(byte[] pem) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates =
                CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate found in the PEM text");
        }
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        int index = 0;
        for (Certificate certificate : certificates) {
            anchors.setCertificateEntry("ca-" + index++, certificate);
        }
        TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        return factory.getTrustManagers();
    }

    /** For `verify = false` only: accepts any certificate. Never used unless the game asks. */
    static TrustManager[] trustingEverything() {
        return new TrustManager[] { new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        } };
    }
}
