package io.heathub.tools.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM files made by the real openssl, turned into the PKCS#12 store Jetty reads. */
class PemKeystoreTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + output).isEqualTo(0);
    }

    private int convert(String cert, String key) {
        return new PemKeystore(new PrintStream(err, true)).run(new String[] {dir.resolve(cert).toString(),
            dir.resolve(key).toString(), dir.resolve("out/hub.p12").toString(), dir.resolve("out/https.properties").toString()});
    }

    private void selfSigned(String key, String cert) throws Exception {
        openssl("req", "-x509", "-key", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost");
    }

    private X509Certificate loaded() throws Exception {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("out/https.properties"))) {
            props.load(in);
        }
        char[] password = props.getProperty("org.apache.felix.https.keystore.password").toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(props.getProperty("org.apache.felix.https.keystore")))) {
            store.load(in, password);
        }
        assertThat(store.getKey("heathub", password)).isNotNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out/hub.p12")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out/https.properties"))))
                .isEqualTo("rw-------");
        return (X509Certificate) store.getCertificate("heathub");
    }

    @Test
    void rsaKeysInPkcs8AndPkcs1() throws Exception {
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.key");
        selfSigned("rsa.key", "rsa.crt");
        assertThat(Files.readString(dir.resolve("rsa.key"))).contains("BEGIN PRIVATE KEY");
        assertThat(convert("rsa.crt", "rsa.key")).as(err.toString()).isEqualTo(0);
        assertThat(loaded().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");

        openssl("rsa", "-in", "rsa.key", "-traditional", "-out", "rsa1.key");
        assertThat(Files.readString(dir.resolve("rsa1.key"))).contains("BEGIN RSA PRIVATE KEY");
        assertThat(convert("rsa.crt", "rsa1.key")).as(err.toString()).isEqualTo(0);
        assertThat(loaded().getPublicKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void ecKeysInSec1() throws Exception {
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key");
        assertThat(Files.readString(dir.resolve("ec.key"))).contains("BEGIN EC PRIVATE KEY");
        selfSigned("ec.key", "ec.crt");
        assertThat(convert("ec.crt", "ec.key")).as(err.toString()).isEqualTo(0);
        assertThat(loaded().getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void badFilesAreNamedWithWhatIsWrong() throws Exception {
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "other.key");
        selfSigned("ec.key", "ec.crt");
        assertThat(convert("ec.crt", "other.key")).isEqualTo(2);
        assertThat(err.toString()).contains("other.key: this private key does not belong to the first certificate");

        err.reset();
        assertThat(convert("ec.crt", "ec.crt")).isEqualTo(2);
        assertThat(err.toString()).contains("ec.crt: expected a private key, found X509CertificateHolder");

        err.reset();
        Files.writeString(dir.resolve("junk.pem"), "hello\n");
        assertThat(convert("junk.pem", "ec.key")).isEqualTo(2);
        assertThat(err.toString()).contains("junk.pem: ");

        err.reset();
        assertThat(convert("ec.crt", "missing.key")).isEqualTo(2);
        assertThat(err.toString()).contains("missing.key: no such file");

        err.reset();
        openssl("pkcs8", "-topk8", "-in", "ec.key", "-out", "enc.key", "-passout", "pass:secret-pass");
        assertThat(convert("ec.crt", "enc.key")).isEqualTo(2);
        assertThat(err.toString()).contains("enc.key: the private key is encrypted");
        assertThat(dir.resolve("out/hub.p12")).doesNotExist();
    }
}
