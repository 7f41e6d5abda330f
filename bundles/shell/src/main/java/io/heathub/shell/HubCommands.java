package io.heathub.shell;

import io.heathub.api.Reading;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.hub.BusStatus;
import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalHealth;
import io.heathub.config.ConfigException;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteService;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.felix.service.command.CommandSession;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The hub's Gogo shell commands ({@code heathub:status}, {@code devices}, {@code buses}, {@code read}, {@code write},
 * {@code site}, {@code journal}) on core's and the store's services. Gogo finds them by the
 * {@code osgi.command.*} properties; the bundle imports Gogo's API only for the session
 * {@code write} and {@code ack} take (who asks). Every command answers text; a missing service or a bad
 * argument is a one-line answer, never an exception at the console.
 */
@Component(service = HubCommands.class, property = {
        "osgi.command.scope=heathub",
        "osgi.command.function=status",
        "osgi.command.function=devices",
        "osgi.command.function=buses",
        "osgi.command.function=read",
        "osgi.command.function=write",
        "osgi.command.function=site",
        "osgi.command.function=journal"})
public final class HubCommands {
    /** Who asks at the local console, in the command audit: it has no hub user (the OS user runs the JVM). */
    static final String REQUESTED_BY = "shell:console";
    /**
     * The session variable the SSH console (heathub-console-ssh) sets to the signed-in hub user: a
     * command from that session is audited as {@code shell:<user>}.
     */
    static final String USER_VARIABLE = "heathub.user";
    static final String NO_CORE = "hub core is not running (no HubStatus service): is bundle heathub-core active? (lb)";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final int MAX_VALUE_CHARS = 64;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile HubStatus hub;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CommandService commands;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Journal journal;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SiteService sites;

    /** How long {@code write} waits for the device before answering that the command is still queued. */
    Duration commandWait = Duration.ofSeconds(10);

    /** {@code devices}: every configured device, its state, poll counts and last error. */
    public String devices() {
        HubStatus status = hub;
        if (status == null) {
            return NO_CORE;
        }
        Table table = new Table("DEVICE", "DRIVER", "BUS", "STATE", "POLLS", "FAILURES", "LAST POLL", "LAST ERROR");
        for (DeviceStatus d : status.devices()) {
            table.row(d.id(), d.driver(), d.bus(), d.state(), d.polls(), d.failures(),
                    d.lastPoll().map(Object::toString).orElse("-"), d.lastError().isEmpty() ? "-" : d.lastError());
        }
        return table.toString();
    }

    /** {@code buses}: line statistics of every bus. */
    public String buses() {
        HubStatus status = hub;
        if (status == null) {
            return NO_CORE;
        }
        Table table = new Table("BUS", "REQUESTS", "TIMEOUTS", "CRC", "OTHER", "SENT", "RECEIVED", "BUSY %", "URI");
        for (BusStatus b : status.buses()) {
            table.row(b.id(), b.requests(), b.timeouts(), b.checksumErrors(), b.otherErrors(), b.bytesSent(),
                    b.bytesReceived(), String.format(java.util.Locale.ROOT, "%.1f", b.utilisationPercent()), b.uri());
        }
        return table.toString();
    }

    /** {@code read DEVICE}: the device's latest readings. */
    public String read(String device) {
        HubStatus status = hub;
        if (status == null) {
            return NO_CORE;
        }
        if (status.devices().stream().noneMatch(d -> d.id().equals(device))
                && status.latest().stream().noneMatch(r -> r.device().equals(device))) {
            return "no device '" + device + "' (devices lists them)";
        }
        List<Reading> latest = status.latest().stream().filter(r -> r.device().equals(device)).toList();
        if (latest.isEmpty()) {
            return device + ": no reading yet";
        }
        Table table = new Table("POINT", "VALUE", "UNIT", "QUALITY", "TIME", "REASON");
        for (Reading r : latest) {
            table.row(r.point(), r.value().toPlainString(), r.unit(), r.quality(), r.time(),
                    r.reason().isEmpty() ? "-" : r.reason());
        }
        return table.toString();
    }

    /**
     * {@code write DEVICE POINT VALUE}: a command through core's command path (site bounds, rate
     * limit, audit as {@code shell:<user>} or {@code shell:console}); waits up to 10 s for the device.
     * Gogo passes the session as the first argument.
     */
    public String write(CommandSession session, String device, String point, String value) {
        CommandService service = commands;
        if (service == null) {
            return "hub core is not running (no CommandService service): nothing written";
        }
        if (!ID.matcher(device).matches() || !ID.matcher(point).matches()) {
            return "usage: write DEVICE POINT VALUE (device and point ids: letters, digits, . _ : -)";
        }
        BigDecimal number;
        try {
            if (value.length() > MAX_VALUE_CHARS) {
                throw new NumberFormatException();
            }
            number = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            return "not a number: '" + (value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS) + "…" : value)
                    + "' (the value in the point's canonical unit, 1/0 for open/close)";
        }
        Command command = new Command("shell-" + UUID.randomUUID(), device, point, number, requestedBy(session));
        try {
            CommandResult result = service.submit(command).toCompletableFuture()
                    .get(commandWait.toMillis(), TimeUnit.MILLISECONDS);
            return result.status() + " " + command.requestId()
                    + result.readBack().map(v -> " read back " + v.toPlainString()).orElse("")
                    + (result.message() == null || result.message().isEmpty() ? "" : ": " + result.message());
        } catch (TimeoutException e) {
            return "ACCEPTED " + command.requestId() + ": still queued on the device's bus after "
                    + commandWait.toSeconds() + " s (GET /api/commands/" + command.requestId() + " gives the outcome)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for the device; request " + command.requestId();
        } catch (ExecutionException e) {
            return "FAILED " + command.requestId() + ": " + e.getCause();
        }
    }

    /** {@code shell:<user>} in a session of the SSH console, else {@code shell:console}. */
    static String requestedBy(CommandSession session) {
        Object user = session == null ? null : session.get(USER_VARIABLE);
        return user instanceof String name && ID.matcher(name).matches() ? "shell:" + name : REQUESTED_BY;
    }

    /**
     * {@code status}: the hub at a glance, the figures {@code bin/heathub status} shows over HTTP — for
     * the SSH console of a gateway: the applied site, the journal, each uplink's backlog, the devices
     * per state and core's configuration errors.
     */
    public String status() {
        HubStatus status = hub;
        if (status == null) {
            return NO_CORE;
        }
        StringBuilder out = new StringBuilder();
        SiteService service = sites;
        Site site = service == null ? null : service.current().orElse(null);
        out.append("site     ").append(site == null ? "none applied" : site.id() + " version " + site.version());
        int problems = service == null ? 0 : service.problems().size();
        if (problems > 0) {
            out.append(" (site.yaml as it is now is NOT applied: ").append(problems).append(" problems, see 'site check')");
        }
        out.append('\n');
        Journal j = journal;
        JournalHealth health = j == null ? null : j.health().orElse(null);
        if (health == null) {
            out.append("journal  ").append(j == null ? "not running" : "head " + j.head()).append('\n');
        } else {
            out.append("journal  ").append(health.entries()).append(" entries, ")
                    .append(health.writable() ? "writable" : "NOT WRITABLE").append('\n');
            new TreeMap<>(health.backlogs()).forEach((uplink, backlog) -> out.append("uplink   ").append(uplink)
                    .append(": backlog ").append(backlog).append(", dead letters ")
                    .append(health.deadLetters().getOrDefault(uplink, 0L))
                    .append(health.staleCursors().contains(uplink) ? ", stale" : "").append('\n'));
        }
        List<DeviceStatus> devices = status.devices();
        Map<DeviceStatus.State, Long> byState = devices.stream().collect(
                Collectors.groupingBy(DeviceStatus::state, TreeMap::new, Collectors.counting()));
        out.append("devices  ").append(devices.size()).append(':').append(byState.entrySet().stream()
                .map(e -> " " + e.getKey() + " " + e.getValue()).collect(Collectors.joining(","))).append('\n');
        status.configErrors().forEach(e -> out.append("config error: ").append(e).append('\n'));
        return out.toString();
    }

    /** {@code site}: the same as {@code site check}. */
    public String site() {
        return site("check");
    }

    /**
     * {@code site check}: the applied site version and why the file as it is now is not applied;
     * {@code site reload}: reads {@code site.yaml} now (core also re-reads it by itself within
     * {@code reloadCheckSeconds} of a change) and then answers as {@code check}.
     */
    public String site(String action) {
        if (!action.equals("check") && !action.equals("reload")) {
            return "usage: site check | site reload";
        }
        SiteService service = sites;
        if (service == null) {
            return "no site owner (SiteService) running: is bundle heathub-core active? (lb)";
        }
        if (action.equals("reload")) {
            service.checkNow();
        }
        StringBuilder out = new StringBuilder();
        Site site = service.current().orElse(null);
        if (site == null) {
            out.append("no site applied yet\n");
        } else {
            out.append("site ").append(site.id()).append(" (").append(site.name()).append(") version ")
                    .append(site.version()).append(" applied ").append(site.appliedAt()).append(" from ")
                    .append(site.file()).append(": ").append(site.buses().size()).append(" buses, ")
                    .append(site.devices().size()).append(" devices\n");
            for (ConfigException w : site.warnings()) {
                out.append("warning: ").append(w.getMessage()).append('\n');
            }
        }
        List<ConfigException> problems = service.problems();
        if (problems.isEmpty()) {
            out.append("site.yaml as it is now is applied: no problems\n");
        } else {
            out.append("site.yaml as it is now is NOT applied (").append(problems.size()).append(" problems):\n");
            problems.forEach(p -> out.append("  ").append(p.getMessage()).append('\n'));
        }
        return out.toString();
    }

    /** {@code journal}: head, size, backlog and dead letters per uplink cursor, alarms. */
    public String journal() {
        Journal j = journal;
        if (j == null) {
            return "no journal running: is bundle heathub-store active? (lb)";
        }
        JournalHealth health = j.health().orElse(null);
        if (health == null) {
            return "head " + j.head() + " (this journal keeps no health figures)\n";
        }
        StringBuilder out = new StringBuilder();
        out.append("head ").append(health.head()).append(", ").append(health.entries()).append(" entries, ")
                .append(health.fileBytes()).append(" bytes, ").append(health.writable() ? "writable" : "NOT WRITABLE")
                .append(", write failures ").append(health.writeFailures()).append(", dropped unforwarded ")
                .append(health.droppedUnforwarded()).append(", dead-lettered ever ").append(health.deadLettered())
                .append('\n');
        TreeSet<String> uplinks = new TreeSet<>(health.backlogs().keySet());
        uplinks.addAll(health.deadLetters().keySet());
        Table table = new Table("UPLINK", "BACKLOG", "DEAD LETTERS", "STALE");
        Map<String, Long> backlogs = health.backlogs();
        for (String u : uplinks) {
            table.row(u, backlogs.getOrDefault(u, 0L), health.deadLetters().getOrDefault(u, 0L),
                    health.staleCursors().contains(u) ? "stale" : "-");
        }
        out.append(uplinks.isEmpty() ? "no uplink cursors\n" : table.toString());
        health.alarms().forEach(a -> out.append("alarm: ").append(a).append('\n'));
        return out.toString();
    }
}
