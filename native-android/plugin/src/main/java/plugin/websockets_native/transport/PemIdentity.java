package plugin.websockets_native.transport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server's TLS identity from PEM text: the certificate chain (leaf first) and its PKCS#8 private
 * key ("BEGIN PRIVATE KEY", what `openssl req -nodes` and `openssl pkcs8 -topk8 -nocrypt` write),
 * RSA or EC. Legacy "BEGIN RSA PRIVATE KEY" / "BEGIN EC PRIVATE KEY" files must be converted first:
 * the message says how.
 */
final class PemIdentity {
    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";
    private static final char[] NO_PASSWORD = new char[0];

    private PemIdentity() {
    }

    /** PEM text as it is; anything else is the path of a PEM file, read here (with java.io:
     *  java.nio.file needs Android API 26). */
    static String pemOrFile(String text) throws java.io.IOException {
        if (text.contains("-----BEGIN")) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.io.InputStream in = new java.io.FileInputStream(text)) {
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0;) {
                bytes.write(buffer, 0, n);
            }
        }
        return new String(bytes.toByteArray(), StandardCharsets.US_ASCII);
    }

    /** A TLS context presenting the identity. Throws with a message for the developer. */
    static SSLContext serverContext(String certificatePem, String keyPem)
            throws GeneralSecurityException {
        Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(
                        certificatePem.getBytes(StandardCharsets.US_ASCII)));
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate found in the certificate PEM");
        }
        PrivateKey key = privateKey(keyPem, chain.iterator().next().getPublicKey().getAlgorithm());
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        store.setKeyEntry("server", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, NO_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static PrivateKey privateKey(String pem, String algorithm) throws GeneralSecurityException {
        int begin = pem.indexOf(KEY_BEGIN);
        int end = pem.indexOf(KEY_END);
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException("the key is not PKCS#8 PEM (BEGIN PRIVATE KEY); convert "
                    + "it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        byte[] der = decodeBase64(pem.substring(begin + KEY_BEGIN.length(), end));
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** Base64 with whitespace ignored (java.util.Base64 needs Android API 26; this needs none). */
    static byte[] decodeBase64(String text) throws GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 3 / 4);
        int bits = 0;
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int value;
            if (c >= 'A' && c <= 'Z') {
                value = c - 'A';
            } else if (c >= 'a' && c <= 'z') {
                value = c - 'a' + 26;
            } else if (c >= '0' && c <= '9') {
                value = c - '0' + 52;
            } else if (c == '+') {
                value = 62;
            } else if (c == '/') {
                value = 63;
            } else if (c == '=' || Character.isWhitespace(c)) {
                continue;
            } else {
                throw new GeneralSecurityException("the key's PEM holds a character that is not base64");
            }
            bits = ((bits << 6) | value) & 0xFFFFFF; // only the last 24 bits are ever needed
            count += 6;
            if (count >= 8) {
                count -= 8;
                out.write((bits >> count) & 0xFF);
            }
        }
        return out.toByteArray();
    }
}
