package plugin.websockets_native.transport;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A certificate authority and a server certificate it signed, made with the openssl command line
 * when the tests first need them, in a temporary directory that is deleted when the JVM exits.
 *
 * The server certificate names "localhost" (DNS) and 127.0.0.1 (IP), so a client that trusts the
 * CA file accepts it under those names and refuses it under any other; a client using the
 * platform's trust store refuses it (the CA exists nowhere else).
 */
final class TestCertificates {
    static final String PASSWORD = "test-only";

    private static TestCertificates instance;

    /** The CA certificate as PEM text: what the plugin hands the transport as `ca`. */
    final byte[] caPem;
    /** The server certificate and its PKCS#8 key as PEM files (what a listener's `tls` holds). */
    final String serverPemFile;
    final String serverKeyPemFile;
    /** The server's key and certificate chain as a PKCS#12 file. */
    private final File serverKeyStore;

    private TestCertificates(Path dir) throws IOException, InterruptedException {
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=plugin.websockets test CA");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        Files.write(dir.resolve("server.ext"),
                "subjectAltName=DNS:localhost,IP:127.0.0.1\n".getBytes(StandardCharsets.US_ASCII));
        openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
        openssl(dir, "pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key",
                "-certfile", "ca.pem", "-out", "server.p12", "-passout", "pass:" + PASSWORD);
        caPem = Files.readAllBytes(dir.resolve("ca.pem"));
        serverPemFile = dir.resolve("server.pem").toString();
        serverKeyPemFile = dir.resolve("server.key").toString();
        serverKeyStore = dir.resolve("server.p12").toFile();
    }

    static synchronized TestCertificates get() throws Exception {
        if (instance == null) {
            Path dir = Files.createTempDirectory("websockets-native-certs");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir.toFile())));
            instance = new TestCertificates(dir);
        }
        return instance;
    }

    /** A server-side TLS context presenting the server certificate, limited to {@code protocols}. */
    SSLContext serverContext() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(serverKeyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory factory =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).start();
        byte[] output = readAll(process.getInputStream());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl " + args[0] + " failed:\n"
                    + new String(output, StandardCharsets.UTF_8));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) > 0;) {
            all.write(buffer, 0, n);
        }
        return all.toByteArray();
    }

    private static void deleteTree(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteTree(child);
            }
        }
        file.delete();
    }
}
