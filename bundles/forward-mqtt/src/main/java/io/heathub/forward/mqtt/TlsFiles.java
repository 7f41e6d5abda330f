package io.heathub.forward.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The PEM files of a TLS connection to the broker, as utilities get them from their IT: a CA
 * certificate, and optionally a client certificate with its PKCS#8 key.
 *
 * @param caFile         CA certificate(s) that sign the broker's certificate; empty = JVM defaults
 * @param clientCertFile client certificate chain; empty = no client certificate
 * @param clientKeyFile  the client certificate's private key (PKCS#8, unencrypted)
 */
record TlsFiles(String caFile, String clientCertFile, String clientKeyFile) {
    static final TlsFiles NONE = new TlsFiles("", "", "");

    TlsFiles {
        caFile = caFile == null ? "" : caFile.strip();
        clientCertFile = clientCertFile == null ? "" : clientCertFile.strip();
        clientKeyFile = clientKeyFile == null ? "" : clientKeyFile.strip();
        if (clientCertFile.isEmpty() != clientKeyFile.isEmpty()) {
            throw new IllegalArgumentException("clientCertFile and clientKeyFile go together; only one is set");
        }
    }

    boolean configured() {
        return !caFile.isEmpty() || !clientCertFile.isEmpty();
    }

    /** The socket factory for these files; errors name the file and what is wrong with it. */
    SSLSocketFactory socketFactory() throws IOException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile.isEmpty()) {
                trust.init((KeyStore) null);
            } else {
                KeyStore cas = emptyStore();
                int i = 0;
                for (Certificate c : certificates(caFile)) {
                    cas.setCertificateEntry("ca-" + i++, c);
                }
                trust.init(cas);
            }
            KeyManagerFactory keys = null;
            if (!clientCertFile.isEmpty()) {
                KeyStore store = emptyStore();
                List<Certificate> chain = new ArrayList<>(certificates(clientCertFile));
                store.setKeyEntry("client", privateKey(), new char[0], chain.toArray(new Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS setup from " + this + " failed: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        return store;
    }

    private static Collection<? extends Certificate> certificates(String file) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IOException(file + ": no PEM certificate in it");
            }
            return certs;
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(file + ": not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private PrivateKey privateKey() throws IOException {
        String pem = Files.readString(Path.of(clientKeyFile));
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IOException(clientKeyFile + ": expected an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); "
                    + "convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new IOException(clientKeyFile + ": neither an RSA nor an EC PKCS#8 key");
    }

    /** Safe to log: file names only. */
    @Override
    public String toString() {
        return "tls[ca=" + (caFile.isEmpty() ? "(JVM trust store)" : caFile)
                + (clientCertFile.isEmpty() ? "" : ", clientCert=" + clientCertFile) + "]";
    }
}
