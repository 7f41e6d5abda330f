package io.heathub.itests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Karaf features installed in a stock Apache Karaf 4.4.6, the way an integrator running Karaf
 * would: the features repository and every feature ({@code heathub-demo}, which holds all but two,
 * {@code heathub-kafka} and {@code heathub-driver-wmbus}) are hot-deployed (a features file in
 * Karaf's {@code deploy/}), the hub's configuration comes from the demo distribution (site, simulator
 * on free ports, a user). Karaf's own Pax Web serves the hub's API and console; every demo device
 * must report, the API must authenticate, and Karaf's log must hold no ERROR from the hub.
 */
class KarafInstallIT {
    private static final Duration INSTALL = Duration.ofMinutes(4);

    @TempDir
    Path work;

    @Test
    void heathubDemoInstallsAndRunsInAStockKaraf() throws Exception {
        Path archive = Path.of(System.getProperty("heathub.karaf.archive", "target/karaf/apache-karaf.tar.gz"));
        assertThat(archive).as("Karaf archive copied by the itests build").exists();
        Path m2 = Path.of(System.getProperty("org.ops4j.pax.url.mvn.localRepository",
                System.getProperty("user.home") + "/.m2/repository"));
        String version = System.getProperty("heathub.version", "0.1.0-SNAPSHOT");

        // the demo's site, simulator settings and an admin, as the distribution ships them
        try (HubProcess hub = new HubProcess(work)) {
            hub.demoOnFreePorts("");
            assertThat(hub.tool(HubProcess.ADMIN_PASSWORD + "\n", "user", "add", HubProcess.ADMIN, "--role", "admin"))
                    .isZero();
            Path karaf = unpack(archive);
            int httpPort = FreePorts.tcp();
            configure(karaf, hub.home(), m2, httpPort);
            Files.writeString(karaf.resolve("deploy/heathub-install.xml"), """
                    <features name="heathub-install" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                      <repository>mvn:io.heathub/heathub-features/%s/xml/features</repository>
                      <feature name="heathub-install" version="1.0.0" install="auto">
                        <feature>heathub-demo</feature>
                        <feature>heathub-kafka</feature>
                        <feature>heathub-driver-wmbus</feature>
                      </feature>
                    </features>
                    """.formatted(version));

            Process process = new ProcessBuilder(karaf.resolve("bin/karaf").toString(), "server")
                    .directory(karaf.toFile()).redirectErrorStream(true)
                    .redirectOutput(karaf.resolve("console.log").toFile()).start();
            try {
                Path log = karaf.resolve("data/log/karaf.log");
                try {
                    Waits.until(INSTALL, "the hub's API in Karaf on port " + httpPort,
                            () -> status(httpPort, "/api/health", false) == 200);
                    assertThat(status(httpPort, "/api/devices", false)).as("no credentials").isEqualTo(401);
                    Waits.until(Duration.ofSeconds(90), "every demo device RUNNING in Karaf", () -> {
                        String devices = body(httpPort, "/api/devices");
                        return devices != null && devices.contains("\"id\":\"panel-024\"")
                                && devices.contains("\"id\":\"heat-b1\"")
                                && !devices.matches("(?s).*\"state\":\"(?!RUNNING)[A-Z_]+\".*");
                    });
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\nlast lines of " + log + ":\n" + tail(log), e);
                }
                assertThat(body(httpPort, "/api/readings/latest")).contains("\"device\":\"panel-024\"");
                assertThat(status(httpPort, "/", false)).as("the console at /").isEqualTo(200);
                // every feature is in: the demo's (billing, complaints, meters, web, simulator, modbus:), Kafka, wM-Bus
                assertThat(body(httpPort, "/api/drivers")).contains("\"id\":\"wmbus\"").contains("\"id\":\"cjt188\"");
                assertThat(Files.readString(log)).as("the Kafka uplink ran (not configured, so it has no client)")
                        .contains("Kafka uplink disabled");
                // Karaf logs every bundle through one file: no ERROR at all (a demo route whose component
                // is missing, a bundle that does not resolve, a failing activation would each be one)
                List<String> errors = Files.readAllLines(log).stream().filter(l -> l.contains("| ERROR |")).toList();
                assertThat(errors).as("ERROR lines in " + log).isEmpty();
            } finally {
                stop(process);
            }
        }
    }

    /** bin/karaf runs Karaf's JVM as its child: stop that too, before the folder is removed. */
    private static void stop(Process karaf) throws InterruptedException {
        List<ProcessHandle> all = new java.util.ArrayList<>(karaf.descendants().toList());
        all.add(karaf.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                p.destroyForcibly();
            }
        }
    }

    private Path unpack(Path archive) throws IOException, InterruptedException {
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", work.toString())
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor(2, TimeUnit.MINUTES)).as("tar finished").isTrue();
        assertThat(tar.exitValue()).as("tar of " + archive).isZero();
        try (var entries = Files.list(work)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("apache-karaf-")).findFirst().orElseThrow();
        }
    }

    /**
     * Karaf on free ports, reading bundles from the build's own Maven repository; the hub's
     * framework properties point at the demo home's site, etc (users) and a data folder.
     */
    private void configure(Path karaf, Path hubHome, Path m2, int httpPort) throws IOException {
        Path etc = karaf.resolve("etc");
        append(etc.resolve("system.properties"), "heathub.config=" + hubHome.resolve("config") + "\nheathub.etc="
                + hubHome.resolve("etc") + "\nheathub.data=" + work.resolve("karaf-data") + "\n");
        replaceKey(etc.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", Integer.toString(httpPort));
        replaceKey(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(FreePorts.tcp()));
        replaceKey(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", Integer.toString(FreePorts.tcp()));
        replaceKey(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", Integer.toString(FreePorts.tcp()));
        replaceKey(etc.resolve("org.ops4j.pax.url.mvn.cfg"), "org.ops4j.pax.url.mvn.localRepository", m2.toString());
        // the hub's component configuration (simulator ports, uplinks off) from the demo home, for Karaf's FileInstall
        try (var cfgs = Files.list(hubHome.resolve("etc"))) {
            for (Path cfg : cfgs.filter(p -> p.getFileName().toString().startsWith("io.heathub.")).toList()) {
                Files.copy(cfg, etc.resolve(cfg.getFileName()));
            }
        }
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Sets {@code key} in a Karaf .cfg, whether the shipped file has it, has it commented out, or not at all. */
    private static void replaceKey(Path file, String key, String value) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        List<String> kept = lines.stream().filter(l -> !l.matches("\\s*#?\\s*" + java.util.regex.Pattern.quote(key) + "\\s*[=:].*"))
                .toList();
        Files.write(file, kept);
        append(file, "\n" + key + " = " + value + "\n");
    }

    private static int status(int port, String path, boolean authenticated) {
        HttpResponse<String> r = send(port, path, authenticated);
        return r == null ? -1 : r.statusCode();
    }

    private static String body(int port, String path) {
        HttpResponse<String> r = send(port, path, true);
        return r != null && r.statusCode() == 200 ? r.body() : null;
    }

    private static HttpResponse<String> send(int port, String path, boolean authenticated) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5));
        if (authenticated) {
            request.header("Authorization", HubProcess.basic(HubProcess.ADMIN, HubProcess.ADMIN_PASSWORD));
        }
        try {
            return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no Karaf log yet: " + e.getMessage() + ")";
        }
    }
}
