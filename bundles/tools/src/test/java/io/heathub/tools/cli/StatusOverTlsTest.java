package io.heathub.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} over HTTPS with a self-signed certificate made by openssl, as a hub started with
 * {@code HEATHUB_TLS_CERT} has, and an API token from a file. The server answers the three paths
 * status asks with the shapes web's README documents (the real hub's answers are checked in
 * DemoHubEndToEndIT); what is tested here is TLS trust and the token.
 */
class StatusOverTlsTest {
    @TempDir
    Path dir;

    private HttpsServer server;
    private final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();

    private void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }

    @BeforeEach
    void hub() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "hub.key", "-out", "hub.crt", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost");
        openssl("pkcs12", "-export", "-in", "hub.crt", "-inkey", "hub.key", "-out", "hub.p12", "-passout", "pass:test-pass");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("hub.p12"))) {
            store.load(in, "test-pass".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "test-pass".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        Map<String, String> answers = Map.of(
                "/api/health", "{\"status\":\"UP\",\"uptimeSeconds\":3725}",
                "/api/status", "{\"status\":\"UP\",\"uptimeSeconds\":3725,\"devices\":{\"RUNNING\":1,\"FAILED\":0},"
                        + "\"configErrors\":[],\"site\":{\"version\":3,\"id\":\"north\",\"appliedAt\":\"2026-12-07T10:00:00Z\","
                        + "\"problems\":[],\"warnings\":[]},\"journal\":{\"head\":42,\"writable\":true,\"fileBytes\":1,"
                        + "\"backlogs\":{\"http\":0,\"mqtt\":5},\"alarms\":[],\"droppedUnforwarded\":0,\"writeFailures\":0}}",
                "/api/devices", "[{\"id\":\"plc-1\",\"driver\":\"modbus\",\"bus\":\"plc\",\"state\":\"RUNNING\",\"lastError\":\"\","
                        + "\"lastPoll\":null,\"polls\":9,\"failures\":0}]");
        answers.forEach((path, body) -> server.createContext(path, exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }));
        server.start();
        Files.writeString(dir.resolve("token"), "hh_test-token\n");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void trustsTheHubsOwnCertificateAndSendsTheToken() {
        String url = "https://localhost:" + server.getAddress().getPort();
        CliRun status = run("status", "--url", url, "--cacert", dir.resolve("hub.crt").toString(),
                "--token-file", dir.resolve("token").toString());
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out().lines().toList()).startsWith(
                "hub      " + url + "  UP, up 1 h 2 min",
                "site     north version 3, applied 2026-12-07T10:00:00Z",
                "journal  head 42, writable, 0 write failures",
                "uplink   http: backlog 0",
                "uplink   mqtt: backlog 5",
                "devices  1: RUNNING 1");
        assertThat(status.out()).containsPattern("plc-1 +modbus +plc +RUNNING +9 +0");
        assertThat(authorizations).hasSize(3).containsOnly("Bearer hh_test-token");
    }

    @Test
    void anUntrustedCertificateIsOneLineSayingWhatToGive() {
        String url = "https://localhost:" + server.getAddress().getPort();
        CliRun status = run("status", "--url", url, "--token-file", dir.resolve("token").toString());
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.err()).startsWith("heathub status: " + url + "/api/health: TLS: ")
                .endsWith("(give the hub's certificate with --cacert FILE)\n").hasLineCount(1);
        assertThat(authorizations).isEmpty();
        CliRun notPem = run("status", "--url", url, "--cacert", dir.resolve("token").toString());
        assertThat(notPem.exit()).isEqualTo(2);
        assertThat(notPem.err()).startsWith("heathub status: --cacert " + dir.resolve("token") + ": ");
    }
}
