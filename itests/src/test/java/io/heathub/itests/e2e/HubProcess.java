package io.heathub.itests.e2e;

import io.heathub.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;

/**
 * The assembled distribution ({@code distribution/target/heathub}) copied to a private home and
 * started as a real process with {@code bin/heathub}, the way a utility runs it.
 */
public final class HubProcess implements AutoCloseable {
    private final Path home;
    private final int httpPort;
    private Process process;
    private long startedNanos;

    public HubProcess(Path work) throws IOException {
        Path built = Path.of(System.getProperty("heathub.distribution", "../distribution/target/heathub"))
                .toAbsolutePath().normalize();
        if (!Files.isExecutable(built.resolve("bin/heathub"))) {
            throw new IllegalStateException("distribution not built at " + built + " (run mvn install first)");
        }
        this.home = work.resolve("heathub");
        copyTree(built, home);
        this.httpPort = FreePorts.tcp();
    }

    public Path home() {
        return home;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Rewrites a file of the private home (site.yaml, etc/*.cfg). */
    public void write(String relative, String content) throws IOException {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /**
     * The demo as shipped, its simulator on free ports: writes {@code etc/io.heathub.simulator.cfg}
     * (enabled, the three ports, 24 panels, then {@code simulatorSettings}, lines {@code key=value}) and
     * points the demo site's three buses at those ports.
     *
     * @return the site.yaml text written
     */
    public String demoOnFreePorts(String simulatorSettings) throws IOException {
        int plcPort = FreePorts.tcp();
        int panelPort = FreePorts.tcp();
        int meterPort = FreePorts.tcp();
        write("etc/io.heathub.simulator.cfg", "enabled=true\nplcPort=" + plcPort + "\npanelPort=" + panelPort
                + "\npanels=24\nmeterPort=" + meterPort + "\n" + simulatorSettings);
        String site = Files.readString(home.resolve("config/site.yaml"));
        for (Map.Entry<String, Integer> bus : Map.of("15020", plcPort, "15021", panelPort, "15030", meterPort).entrySet()) {
            String uri = "tcp://127.0.0.1:" + bus.getKey();
            if (!site.contains(uri)) {
                throw new IllegalStateException("the demo site.yaml no longer has a bus at " + uri);
            }
            site = site.replace(uri, "tcp://127.0.0.1:" + bus.getValue());
        }
        write("config/site.yaml", site);
        return site;
    }

    public HubProcess start(Map<String, String> env, String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = home.resolve("bin/heathub").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile());
        pb.environment().put("HEATHUB_HTTP_PORT", String.valueOf(httpPort));
        pb.environment().remove("HEATHUB_MQTT_URL");
        pb.environment().putAll(env);
        startedNanos = System.nanoTime();
        process = pb.start();
        return this;
    }

    public long startedNanos() {
        return startedNanos;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public String console() {
        try {
            return Files.readString(home.resolve("console.log"));
        } catch (IOException e) {
            return "(no console log: " + e.getMessage() + ")";
        }
    }

    /** GET on the hub's HTTP API; null while it does not answer. */
    public String get(String path) {
        HttpResponse<String> r = send(path);
        return r != null && r.statusCode() == 200 ? r.body() : null;
    }

    /** GET on the hub's HTTP API with its status, whatever it is; null while it does not answer. */
    public HttpResponse<String> send(String path) {
        try {
            return HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                            .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** POST of a JSON body on the hub's HTTP API, with its status. */
    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("hub still running after " + timeout);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName().toString().equals("felix-cache")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
