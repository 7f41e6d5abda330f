package io.heathub.tools.cli;

import io.heathub.config.Durations;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * How {@code status} and {@code write} reach a running hub: its REST API at {@code --url} (default
 * {@code $HEATHUB_URL}, else {@code http://localhost:$HEATHUB_HTTP_PORT}, port 8181), as an API
 * token ({@code --token-file FILE} or {@code $HEATHUB_TOKEN}) or a user ({@code --user NAME} or
 * {@code $HEATHUB_USER}; the password from {@code $HEATHUB_PASSWORD}, else asked on the terminal,
 * else one line of standard input). Secrets never come from an argument, where {@code ps} shows them.
 * A hub with its own certificate ({@code HEATHUB_TLS_CERT}) is trusted with {@code --cacert}.
 */
final class HubConnection {
    /** Bodies of the hub's answers the command line reads: far more than any status answer. */
    private static final int MAX_BODY = 16 * 1024 * 1024;

    @Option(names = "--url", paramLabel = "URL", description = "the hub's address (default $HEATHUB_URL, else http://localhost:$HEATHUB_HTTP_PORT, port 8181)")
    String url;

    @Option(names = "--user", paramLabel = "NAME", description = "sign in as this user (default $HEATHUB_USER); password from $HEATHUB_PASSWORD, the terminal or standard input")
    String user;

    @Option(names = "--token-file", paramLabel = "FILE", description = "an API token's file (default: the token in $HEATHUB_TOKEN)")
    Path tokenFile;

    @Option(names = "--cacert", paramLabel = "FILE", description = "PEM certificate(s) to trust for https:// (the hub's HEATHUB_TLS_CERT), besides Java's")
    Path caCert;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "how long to wait for the hub (default 30s)")
    String timeout = "30s";

    /** One answer: its HTTP status and body. */
    record Answer(int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    /** The hub could not be asked, or did not answer: one line says why. */
    static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message);
        }
    }

    private final Map<String, String> env;
    private HttpClient client;
    private String authorization;

    HubConnection() {
        this(System.getenv());
    }

    HubConnection(Map<String, String> env) {
        this.env = env;
    }

    URI base(CommandSpec spec) {
        String text = url != null ? url : env.get("HEATHUB_URL");
        if (text == null) {
            String port = env.getOrDefault("HEATHUB_HTTP_PORT", "8181");
            text = "http://localhost:" + port;
        }
        try {
            URI uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (!List.of("http", "https").contains(String.valueOf(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not http(s)://HOST[:PORT]");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw Heathub.usage(spec, "--url \"" + text + "\" is not the hub's address (http://HOST:PORT): " + e.getMessage());
        }
    }

    Answer get(CommandSpec spec, String path) throws Unreachable {
        return send(spec, HttpRequest.newBuilder(base(spec).resolve(path)).GET());
    }

    Answer post(CommandSpec spec, String path, String json) throws Unreachable {
        return send(spec, HttpRequest.newBuilder(base(spec).resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /** True when the command has credentials to give (else the hub answers 401 to all but health). */
    boolean hasCredentials() {
        return tokenFile != null || env.get("HEATHUB_TOKEN") != null || user != null || env.get("HEATHUB_USER") != null;
    }

    private Answer send(CommandSpec spec, HttpRequest.Builder request) throws Unreachable {
        Duration wait = Durations.parse(timeout).filter(d -> !d.isNegative() && !d.isZero())
                .orElseThrow(() -> Heathub.usage(spec, "--timeout must be a duration like 30s, got \"" + timeout + "\""));
        if (client == null) {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(wait);
            if (caCert != null) {
                builder.sslContext(trusting(spec, caCert));
            }
            client = builder.build();
            authorization = authorization(spec);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpRequest built = request.timeout(wait).build();
        try {
            HttpResponse<byte[]> response = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            if (body.length > MAX_BODY) {
                throw new Unreachable(built.uri() + ": answer of " + body.length + " bytes is too large");
            }
            return new Answer(response.statusCode(), new String(body, StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new Unreachable("no hub answers at " + base(spec) + " (is it running? --url or HEATHUB_HTTP_PORT)");
        } catch (HttpTimeoutException e) {
            throw new Unreachable(built.uri() + ": no answer within " + wait.toSeconds() + " s");
        } catch (javax.net.ssl.SSLException e) {
            throw new Unreachable(built.uri() + ": TLS: " + e.getMessage()
                    + (caCert == null ? " (give the hub's certificate with --cacert FILE)" : ""));
        } catch (IOException e) {
            throw new Unreachable(built.uri() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(built.uri() + ": interrupted");
        }
    }

    /** TLS that trusts the certificates of {@code pem} (a self-signed hub's) and no others. */
    private static SSLContext trusting(CommandSpec spec, Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + n++, c);
            }
            if (n == 0) {
                throw Heathub.usage(spec, "--cacert " + pem + ": no certificate in it");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw Heathub.usage(spec, "--cacert " + pem + ": not a PEM certificate: " + e.getMessage());
        }
    }

    private String authorization(CommandSpec spec) throws Unreachable {
        String token = env.get("HEATHUB_TOKEN");
        if (tokenFile != null) {
            try {
                List<String> lines = Files.readAllLines(tokenFile, StandardCharsets.UTF_8);
                token = lines.isEmpty() ? "" : lines.get(0).strip();
            } catch (IOException e) {
                throw Heathub.usage(spec, "--token-file " + tokenFile + ": cannot read: " + e.getMessage());
            }
            if (token.isEmpty() || token.length() > 512) {
                throw Heathub.usage(spec, "--token-file " + tokenFile + ": no token on its first line");
            }
        }
        String name = user != null ? user : env.get("HEATHUB_USER");
        if (name != null && (tokenFile == null)) {
            String password = env.get("HEATHUB_PASSWORD");
            if (password == null) {
                password = readPassword(name);
            }
            return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        return token == null ? null : "Bearer " + token.strip();
    }

    private static String readPassword(String name) throws Unreachable {
        Console console = System.console();
        if (console != null) {
            char[] password = console.readPassword("password for %s: ", name);
            if (password == null) {
                throw new Unreachable("no password given");
            }
            return new String(password);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new Unreachable("no password for " + name + " on standard input (or set HEATHUB_PASSWORD)");
            }
            return line;
        } catch (IOException e) {
            throw new Unreachable("cannot read the password from standard input: " + e.getMessage());
        }
    }
}
