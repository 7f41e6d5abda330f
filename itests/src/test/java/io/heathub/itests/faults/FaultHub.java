package io.heathub.itests.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution (through the e2e {@code HubProcess}) set up for fault tests: the site
 * {@code faults/site.yaml} (the built-in simulator's PLC and 24 panels on free ports, every device
 * polled each second: ~100 readings/s, 25 appends/s; the shipped profiles), the
 * MQTT uplink pointed at the test broker with a fixed client id. Adds what the faults need: the
 * journal folder, {@code /api/health} figures, the hub log, and {@code kill -9} of the JVM.
 */
final class FaultHub implements AutoCloseable {
    static final String CLIENT_ID = "hub-faults";
    private static final Pattern HEAD = Pattern.compile("\"journal\":\\{\"head\":(\\d+)");
    private static final Pattern MQTT_BACKLOG = Pattern.compile("\"backlogs\":\\{[^}]*\"mqtt\":(\\d+)");
    private static final Pattern WRITABLE = Pattern.compile("\"writable\":(true|false)");
    private static final Pattern WRITE_FAILURES = Pattern.compile("\"writeFailures\":(\\d+)");

    private final E2eHelpers.Hub hub;
    private final String brokerUrl;

    FaultHub(Path work, String brokerUrl) throws IOException {
        this(new E2eHelpers.Hub(work), brokerUrl);
        hub.write("etc/io.heathub.forward.mqtt.cfg", "url=" + brokerUrl + "\nclientId=" + CLIENT_ID
                + "\ntopicPrefix=heathub\nbatchSize=500\n");
        int plcPort = E2eHelpers.freePort();
        int panelPort = E2eHelpers.freePort();
        // the meter line (newer simulators) is off: a fixed default port would collide between hubs
        hub.write("etc/io.heathub.simulator.cfg", "enabled=true\nplcPort=" + plcPort + "\npanelPort=" + panelPort
                + "\npanels=24\nmeterPort=0\n");
        String site;
        try (var in = FaultHub.class.getResourceAsStream("/faults/site.yaml")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource faults/site.yaml");
            }
            site = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        hub.write("config/site.yaml", site.replace("@PLC_PORT@", String.valueOf(plcPort))
                .replace("@PANEL_PORT@", String.valueOf(panelPort)));
    }

    private FaultHub(E2eHelpers.Hub hub, String brokerUrl) {
        this.hub = hub;
        this.brokerUrl = brokerUrl;
    }

    /**
     * The demo as shipped (its site.yaml, its simulator with the meter line) on free ports, with
     * {@code simulatorSettings} ({@code key=value} lines of {@code etc/io.heathub.simulator.cfg}),
     * forwarding to {@code brokerUrl} with the shipped uplink settings but for the url and a fixed
     * client id.
     */
    static FaultHub demo(Path work, String brokerUrl, String simulatorSettings) throws IOException {
        E2eHelpers.Hub hub = new E2eHelpers.Hub(work);
        hub.demoOnFreePorts(simulatorSettings);
        Path uplink = hub.home().resolve("etc/io.heathub.forward.mqtt.cfg");
        String shipped = Files.readString(uplink);
        if (!shipped.contains("\nurl=\n") || !shipped.contains("\nclientId=\n")) {
            throw new IllegalStateException("the shipped " + uplink.getFileName() + " no longer has empty url= and clientId= lines");
        }
        hub.write("etc/io.heathub.forward.mqtt.cfg", shipped.replace("\nurl=\n", "\nurl=" + brokerUrl + "\n")
                .replace("\nclientId=\n", "\nclientId=" + CLIENT_ID + "\n"));
        return new FaultHub(hub, brokerUrl);
    }

    /** {@code config/site.yaml} of the hub's home as it is now. */
    String site() throws IOException {
        return Files.readString(hub.home().resolve("config/site.yaml"));
    }

    /** POST of a JSON body as the test admin; null while the hub does not answer. */
    java.net.http.HttpResponse<String> post(String path, String json) {
        return hub.post(path, json);
    }

    FaultHub start() {
        hub.start(Map.of("HEATHUB_MQTT_URL", brokerUrl));
        return this;
    }

    Path home() {
        return hub.home();
    }

    Path journalDir() {
        return hub.home().resolve("data/journal");
    }

    boolean alive() {
        return hub.alive();
    }

    String get(String path) {
        return hub.get(path);
    }

    /** {@code /api/status} (health with journal figures, viewer), or null while the hub does not answer. */
    String health() {
        return hub.get("/api/status");
    }

    /** Journal head and mqtt backlog from one {@code /api/status} answer; null while unavailable. */
    Figures figures() {
        String h = health();
        if (h == null) {
            return null;
        }
        Matcher head = HEAD.matcher(h);
        Matcher backlog = MQTT_BACKLOG.matcher(h);
        Matcher writable = WRITABLE.matcher(h);
        Matcher failures = WRITE_FAILURES.matcher(h);
        if (!head.find()) {
            return null;
        }
        long headValue = Long.parseLong(head.group(1));
        long backlogValue = backlog.find() ? Long.parseLong(backlog.group(1)) : headValue;
        return new Figures(headValue, backlogValue, !writable.find() || Boolean.parseBoolean(writable.group(1)),
                failures.find() ? Long.parseLong(failures.group(1)) : 0, h);
    }

    /** @param cursor committed position of the mqtt uplink (head − backlog) */
    record Figures(long head, long backlog, boolean writable, long writeFailures, String json) {
        long cursor() {
            return head - backlog;
        }
    }

    Figures waitFigures(String what, java.util.function.Predicate<Figures> condition, Duration timeout) {
        return waitFigures(what, () -> "", condition, timeout);
    }

    /** Waits for a health answer that satisfies {@code condition}; on timeout the failure carries {@code diagnostics}. */
    Figures waitFigures(String what, java.util.function.Supplier<String> diagnostics,
                        java.util.function.Predicate<Figures> condition, Duration timeout) {
        Figures[] last = new Figures[1];
        E2eHelpers.until(timeout, what, () -> "last health: " + (last[0] == null ? null : last[0].json()) + "\n"
                + diagnostics.get(), () -> {
            Figures f = figures();
            last[0] = f;
            return f != null && condition.test(f);
        });
        return last[0];
    }

    /** The hub's own log ({@code data/log/heathub.*.log}, oldest first) plus its console. */
    String log() {
        StringBuilder sb = new StringBuilder();
        for (int i = 4; i >= 0; i--) {
            Path p = hub.home().resolve("data/log/heathub." + i + ".log");
            if (Files.isRegularFile(p)) {
                try {
                    sb.append(Files.readString(p));
                } catch (IOException e) {
                    sb.append("(unreadable ").append(p).append(")\n");
                }
            }
        }
        return sb.toString();
    }

    /** How long a hub may take from start to forwarding on a loaded shared machine. */
    static final Duration START = Duration.ofSeconds(150);

    /** The last lines of the log, for failure messages. */
    String tail() {
        String[] lines = log().split("\n");
        int from = Math.max(0, lines.length - 40);
        return "--- hub log tail ---\n" + String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length))
                + "\n--- console ---\n" + hub.console();
    }

    /** The causes of the uplink's failures in the hub log ({@code failing …: cause}), with their counts. */
    String uplinkFailures() {
        java.util.Map<String, Integer> causes = new java.util.TreeMap<>();
        for (String line : log().split("\n")) {
            int at = line.indexOf("failing, readings stay in the journal");
            if (at >= 0) {
                int colon = line.indexOf(" s: ", at);
                causes.merge(colon < 0 ? line.substring(at) : line.substring(colon + 4), 1, Integer::sum);
            }
        }
        return causes.toString();
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /**
     * {@code kill -9} of the hub's JVM ({@code bin/heathub} execs java, so it is the process the
     * helper started; found among this JVM's descendants by its {@code heathub.home}).
     */
    void kill9() throws Exception {
        ProcessHandle jvm = jvm();
        Process kill = new ProcessBuilder("kill", "-9", String.valueOf(jvm.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -9 " + jvm.pid() + " failed");
        }
        jvm.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        E2eHelpers.until(Duration.ofSeconds(10), "hub process gone", () -> !hub.alive());
    }

    /** The hub's JVM, found among this JVM's descendants by its {@code heathub.home}. */
    ProcessHandle jvm() throws IOException {
        String marker = "-Dheathub.home=" + hub.home().toRealPath();
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("hub JVM not found among descendants"));
    }

    /** Graceful stop (SIGTERM): the uplink and the journal close. */
    void stop() {
        hub.close();
    }

    @Override
    public void close() {
        hub.close();
    }
}
