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
        // a demo started by hand in the built distribution leaves its users: every test starts without any
        for (String f : new String[] {"users", "tokens", "demo-admin-password", "users.lock", "tokens.lock", "last-data-folder"}) {
            Files.deleteIfExists(home.resolve("etc").resolve(f));
        }
        this.httpPort = FreePorts.tcp();
        // the SSH console (127.0.0.1:8101 as shipped) on a port of its own: a hub still stopping, or a
        // demo started by hand, must not hold it
        Path ssh = home.resolve("etc/io.heathub.console.ssh.cfg");
        if (Files.exists(ssh)) {
            Files.writeString(ssh, "\nport=" + FreePorts.tcp() + "\n", java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /** The admin every test hub gets before it starts (through {@code bin/heathub user add}), unless told otherwise. */
    public static final String ADMIN = "itest";
    public static final String ADMIN_PASSWORD = "itest-admin-password";
    private boolean withAdmin = true;

    /** Starts the hub without users (the demo then creates its own admin; another site answers only locally). */
    public HubProcess withoutUsers() {
        this.withAdmin = false;
        return this;
    }

    /** {@code bin/heathub ARGS} in this home with {@code stdin}; its exit status (output in {@code tool.log}). */
    public int tool(String stdin, String... args) throws IOException, InterruptedException {
        return run(stdin, args).exit();
    }

    /** What a {@code bin/heathub} command printed, and its exit status. */
    public record ToolRun(int exit, String out, String err) {
    }

    /** {@code bin/heathub ARGS} in this home with {@code stdin}: exit status, standard output and error (also appended to {@code tool.log}). */
    public ToolRun run(String stdin, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = home.resolve("bin/heathub").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Path out = Files.createTempFile(home, "tool", ".out");
        Path err = Files.createTempFile(home, "tool", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/heathub " + String.join(" ", args) + " did not finish");
        }
        ToolRun run = new ToolRun(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.writeString(home.resolve("tool.log"), "$ bin/heathub " + String.join(" ", args) + " -> " + run.exit()
                + "\n" + run.out() + run.err(), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    /**
     * Points the demo site's buses and the built-in simulator at free ports, so the demo runs beside
     * any other hub on this machine.
     */
    public HubProcess simulatorOnFreePorts() throws IOException {
        demoOnFreePorts("");
        return this;
    }

    /** The ERROR and SEVERE lines of the console and of the log in {@code data} (the home's data folder unless --data). */
    public java.util.List<String> errorLines(Path data) throws IOException {
        Path log = data.resolve("log/heathub.0.log");
        String text = console() + (Files.exists(log) ? Files.readString(log) : "");
        return text.lines().filter(l -> ERROR_LINE.matcher(l).find()).toList();
    }

    public java.util.List<String> errorLines() throws IOException {
        return errorLines(home.resolve("data"));
    }

    private static final java.util.regex.Pattern ERROR_LINE = java.util.regex.Pattern.compile("\\b(ERROR|SEVERE)\\b");

    /** HTTP Basic credentials. */
    public static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
     * The demo as shipped, its simulator on free ports: {@code etc/io.heathub.simulator.cfg} keeps its
     * shipped settings but for enabled, the three ports, 24 panels and {@code simulatorSettings} (lines
     * {@code key=value}), and the demo site's three buses point at those ports.
     *
     * @return the site.yaml text written
     */
    public String demoOnFreePorts(String simulatorSettings) throws IOException {
        int plcPort = FreePorts.tcp();
        int panelPort = FreePorts.tcp();
        int meterPort = FreePorts.tcp();
        String ours = "enabled=true\nplcPort=" + plcPort + "\npanelPort=" + panelPort + "\npanels=24\nmeterPort="
                + meterPort + "\n" + simulatorSettings;
        java.util.Set<String> set = ours.lines().filter(l -> l.contains("=")).map(l -> l.substring(0, l.indexOf('=')).trim())
                .collect(java.util.stream.Collectors.toSet());
        // the shipped settings (the demo's drives, boiler, building meter) stay unless set here
        String shipped = Files.readString(home.resolve("etc/io.heathub.simulator.cfg")).lines()
                .filter(l -> l.startsWith("#") || !l.contains("=") || !set.contains(l.substring(0, l.indexOf('=')).trim()))
                .collect(java.util.stream.Collectors.joining("\n"));
        write("etc/io.heathub.simulator.cfg", shipped + "\n" + ours);
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
        if (withAdmin && !Files.exists(home.resolve("etc/users"))) {
            try {
                if (tool(ADMIN_PASSWORD + "\n", "user", "add", ADMIN, "--role", "admin") != 0) {
                    throw new IllegalStateException("bin/heathub user add failed: " + Files.readString(home.resolve("tool.log")));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
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

    /** GET on the hub's HTTP API (as the test admin) with its status, whatever it is; null while it does not answer. */
    public HttpResponse<String> send(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", basic(ADMIN, ADMIN_PASSWORD)).timeout(Duration.ofSeconds(5)).build());
    }

    /** POST of a JSON body as the test admin; null while the hub does not answer. */
    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", basic(ADMIN, ADMIN_PASSWORD)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Any request to the hub; null while it does not answer. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
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
