package io.heathub.tools.access;

import io.heathub.auth.Credentials;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Turns a PEM certificate (chain) and private key into the PKCS#12 key store Felix HTTP Jetty
 * reads, at each start of the hub ({@code bin/heathub} with {@code HEATHUB_TLS_CERT} and
 * {@code HEATHUB_TLS_KEY}). Keys: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA and SEC1 EC
 * (BouncyCastle's PEM parser); encrypted keys are refused. The key must belong to the first
 * certificate. The key store gets a fresh random password, written with the key store's path to a
 * Java properties file (both 0600) that the launcher hands to Felix as system properties, so the
 * password never shows in {@code ps}.
 *
 * <p>Usage: {@code PemKeystore CERT.pem KEY.pem OUT.p12 OUT.properties}; exit 2 with one line
 * naming the file and what is wrong.
 */
public final class PemKeystore {
    private final PrintStream err;

    PemKeystore(PrintStream err) {
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new PemKeystore(System.err).run(args));
    }

    /** What is wrong with one of the input files. */
    static final class BadFile extends Exception {
        private static final long serialVersionUID = 1L;

        BadFile(Path file, String what) {
            super(file + ": " + what);
        }
    }

    int run(String[] args) {
        if (args.length != 4) {
            err.println("usage: PemKeystore CERT.pem KEY.pem OUT.p12 OUT.properties");
            return 2;
        }
        try {
            write(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            return 0;
        } catch (BadFile e) {
            err.println("heathub: TLS: " + e.getMessage());
            return 2;
        } catch (IOException | GeneralSecurityException e) {
            err.println("heathub: TLS: cannot write the key store " + args[2] + ": " + e);
            return 1;
        }
    }

    static void write(Path certFile, Path keyFile, Path keystore, Path properties)
            throws BadFile, IOException, GeneralSecurityException {
        List<X509Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, chain.get(0).getPublicKey())) {
            throw new BadFile(keyFile, "this private key does not belong to the first certificate of " + certFile
                    + " (" + chain.get(0).getSubjectX500Principal() + ")");
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("heathub", key, password, chain.toArray(Certificate[]::new));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.store(bytes, password);
        Files.createDirectories(keystore.toAbsolutePath().getParent());
        Credentials.writeAtomically(keystore.toAbsolutePath(), bytes.toByteArray());
        String pw = new String(password);
        Credentials.writeAtomically(properties.toAbsolutePath(), "# written by bin/heathub at start from "
                + certFile.toAbsolutePath() + " and " + keyFile.toAbsolutePath() + "\n"
                + "org.apache.felix.https.keystore=" + escape(keystore.toAbsolutePath().toString()) + "\n"
                + "org.apache.felix.https.keystore.password=" + pw + "\n"
                + "org.apache.felix.https.keystore.key.password=" + pw + "\n");
    }

    private static String escape(String path) {
        return path.replace("\\", "\\\\");
    }

    static List<X509Certificate> certificates(Path file) throws BadFile {
        byte[] bytes = read(file);
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) c);
            }
            if (chain.isEmpty()) {
                throw new BadFile(file, "no certificate found (expected PEM: -----BEGIN CERTIFICATE-----)");
            }
            return chain;
        } catch (CertificateException | IOException | ClassCastException e) {
            throw new BadFile(file, "not a PEM certificate (-----BEGIN CERTIFICATE-----): " + e.getMessage());
        }
    }

    static PrivateKey privateKey(Path file) throws BadFile {
        byte[] bytes = read(file);
        Object parsed;
        try (Reader reader = new java.io.InputStreamReader(new java.io.ByteArrayInputStream(bytes), StandardCharsets.US_ASCII);
             PEMParser pem = new PEMParser(reader)) {
            parsed = pem.readObject();
        } catch (IOException e) {
            throw new BadFile(file, "not a PEM private key: " + e.getMessage());
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (parsed instanceof PEMKeyPair pair) {             // PKCS#1 RSA, SEC1 EC
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (parsed instanceof PrivateKeyInfo info) {         // PKCS#8
                return converter.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new BadFile(file, "private key not usable: " + e.getMessage());
        }
        if (parsed instanceof PEMEncryptedKeyPair || parsed instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new BadFile(file, "the private key is encrypted; give the hub an unencrypted key"
                    + " (e.g. openssl pkey -in KEY -out KEY.plain) readable only by the hub's user");
        }
        throw new BadFile(file, parsed == null
                ? "no PEM private key found (expected -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY)"
                : "expected a private key, found " + parsed.getClass().getSimpleName());
    }

    private static boolean matches(PrivateKey key, PublicKey cert) throws BadFile {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true; // an algorithm Jetty may still handle; the TLS handshake checks it
        }
        try {
            byte[] probe = "heathub key check".getBytes(StandardCharsets.US_ASCII);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(cert);
            verify.update(probe);
            return verify.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] read(Path file) throws BadFile {
        try {
            if (Files.size(file) > 1024 * 1024) {
                throw new BadFile(file, "above 1 MiB; not a PEM file");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadFile(file, "no such file");
        } catch (IOException e) {
            throw new BadFile(file, "cannot read: " + e);
        }
    }
}
