package io.heathub.web;

import static io.heathub.web.PrometheusText.labels;

import io.heathub.api.hub.BusStatus;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalHealth;
import io.heathub.api.metrics.MetricFamily;
import io.heathub.api.metrics.MetricSource;
import io.heathub.api.metrics.MetricFamily.Type;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * What {@code GET /metrics} answers: core's {@link HubStatus} (buses, devices), the {@link Journal}
 * (head, backlog and dead letters per uplink) and the JVM, as Prometheus families named
 * {@code heathub_…}, then the families bundles contribute as {@link MetricSource} services (control's
 * cycle figures, say). A family whose source is missing (core or the store not started) is left out,
 * except {@code heathub_core_up} and {@code heathub_journal_up}, which say so. Servlet-free.
 */
final class HubMetrics {
    private static final System.Logger LOG = System.getLogger(HubMetrics.class.getName());
    private final Supplier<HubStatus> hub;
    private final Supplier<Journal> journal;
    private final Supplier<? extends Collection<MetricSource>> sources;
    private final Clock clock;

    HubMetrics(Supplier<HubStatus> hub, Supplier<Journal> journal, Supplier<? extends Collection<MetricSource>> sources,
               Clock clock) {
        this.hub = hub;
        this.journal = journal;
        this.sources = sources;
        this.clock = clock;
    }

    String scrape() {
        PrometheusText out = new PrometheusText();
        HubStatus status = hub.get();
        out.family("heathub_core_up", Type.GAUGE, "1 while the hub core (devices, buses, commands) is running")
                .sample(status == null ? 0 : 1);
        if (status != null) {
            buses(out, status.buses());
            devices(out, status.devices());
            out.family("heathub_config_errors", Type.GAUGE, "problems in the current site configuration")
                    .sample(status.configErrors().size());
        }
        journal(out, journal.get());
        jvm(out);
        for (MetricSource source : sources.get()) {
            contributed(out, source);
        }
        return out.text();
    }

    /** A bundle's families; one that cannot be served is named in a comment, the rest still are. */
    private static void contributed(PrometheusText out, MetricSource source) {
        String from = source.getClass().getName();
        List<MetricFamily> families;
        try {
            families = source.metrics();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "metric source " + from + " failed", e);
            out.comment("metric source " + from + " failed: " + e);
            return;
        }
        for (MetricFamily family : families) {
            try {
                out.family(family);
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "metric family {0} from {1} left out: {2}", family.name(), from,
                        e.getMessage());
                out.comment("left out " + family.name() + " from " + from + ": " + e.getMessage());
            }
        }
    }

    private static void buses(PrometheusText out, List<BusStatus> buses) {
        perBus(out, buses, "heathub_bus_requests_total", Type.COUNTER, "requests sent on the bus (polls and commands)",
                BusStatus::requests);
        perBus(out, buses, "heathub_bus_timeouts_total", Type.COUNTER, "requests without a complete reply in time",
                BusStatus::timeouts);
        perBus(out, buses, "heathub_bus_checksum_errors_total", Type.COUNTER, "replies refused for a bad CRC or checksum",
                BusStatus::checksumErrors);
        perBus(out, buses, "heathub_bus_other_errors_total", Type.COUNTER,
                "error replies, malformed replies and link failures", BusStatus::otherErrors);
        perBus(out, buses, "heathub_bus_sent_bytes_total", Type.COUNTER, "bytes written to the line", BusStatus::bytesSent);
        perBus(out, buses, "heathub_bus_received_bytes_total", Type.COUNTER, "bytes read from the line",
                BusStatus::bytesReceived);
        perBus(out, buses, "heathub_bus_utilisation_percent", Type.GAUGE,
                "share of the last statistics interval the line was busy, in percent", BusStatus::utilisationPercent);
    }

    private static void perBus(PrometheusText out, List<BusStatus> buses, String name, Type type, String help,
                               ToDoubleFunction<BusStatus> value) {
        out.family(name, type, help);
        for (BusStatus bus : buses) {
            out.sample(labels("bus", bus.id()), value.applyAsDouble(bus));
        }
    }

    private void devices(PrometheusText out, List<DeviceStatus> devices) {
        perDevice(out, devices, "heathub_device_polls_total", Type.COUNTER, "successful polls since start",
                DeviceStatus::polls);
        perDevice(out, devices, "heathub_device_poll_failures_total", Type.COUNTER, "failed polls since start",
                DeviceStatus::failures);
        out.family("heathub_device_last_poll_age_seconds", Type.GAUGE,
                "seconds since the last successful poll (absent before the first one)");
        Instant now = clock.instant();
        for (DeviceStatus device : devices) {
            device.lastPoll().ifPresent(at -> out.sample(labels("device", device.id()),
                    Math.max(0, Duration.between(at, now).toMillis()) / 1000.0));
        }
        out.family("heathub_device_state", Type.GAUGE, "1 for the state the device is in, 0 for the others");
        for (DeviceStatus device : devices) {
            for (DeviceStatus.State state : DeviceStatus.State.values()) {
                out.sample(labels("device", device.id(), "state", state.name()),
                        device.state() == state ? 1 : 0);
            }
        }
    }

    private static void perDevice(PrometheusText out, List<DeviceStatus> devices, String name, Type type, String help,
                                  ToDoubleFunction<DeviceStatus> value) {
        out.family(name, type, help);
        for (DeviceStatus device : devices) {
            out.sample(labels("device", device.id(), "driver", device.driver(), "bus", device.bus()),
                    value.applyAsDouble(device));
        }
    }

    private static void journal(PrometheusText out, Journal journal) {
        out.family("heathub_journal_up", Type.GAUGE, "1 while the journal is registered and writable")
                .sample(journal == null ? 0 : journal.health().map(h -> h.writable() ? 1 : 0).orElse(1));
        if (journal == null) {
            return;
        }
        out.family("heathub_journal_head", Type.GAUGE, "position of the newest journaled entry").sample(journal.head());
        JournalHealth health = journal.health().orElse(null);
        if (health == null) {
            return;
        }
        out.family("heathub_journal_entries", Type.GAUGE, "entries retained").sample(health.entries());
        out.family("heathub_journal_file_bytes", Type.GAUGE, "size of the journal file").sample(health.fileBytes());
        out.family("heathub_journal_alarms", Type.GAUGE, "active journal alarms (see GET /api/status)")
                .sample(health.alarms().size());
        out.family("heathub_journal_write_failures_total", Type.COUNTER, "appends or commits that failed to reach the disk")
                .sample(health.writeFailures());
        out.family("heathub_journal_dropped_unforwarded_total", Type.COUNTER,
                "entries retention removed before every uplink had them").sample(health.droppedUnforwarded());
        out.family("heathub_journal_dead_lettered_total", Type.COUNTER, "entries ever set aside as dead letters")
                .sample(health.deadLettered());
        java.util.TreeSet<String> uplinks = new java.util.TreeSet<>(health.backlogs().keySet());
        uplinks.addAll(health.deadLetters().keySet());
        out.family("heathub_uplink_backlog", Type.GAUGE, "journal entries the uplink has not yet delivered");
        uplinks.forEach(u -> out.sample(labels("uplink", u), health.backlogs().getOrDefault(u, 0L)));
        out.family("heathub_uplink_dead_letters", Type.GAUGE, "dead letters the uplink keeps now");
        uplinks.forEach(u -> out.sample(labels("uplink", u), health.deadLetters().getOrDefault(u, 0L)));
        out.family("heathub_uplink_stale", Type.GAUGE, "1 when no uplink has used this cursor for the store's stale time");
        uplinks.forEach(u -> out.sample(labels("uplink", u), health.staleCursors().contains(u) ? 1 : 0));
    }

    private static void jvm(PrometheusText out) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        out.family("heathub_jvm_heap_used_bytes", Type.GAUGE, "heap in use").sample(heap.getUsed());
        out.family("heathub_jvm_heap_max_bytes", Type.GAUGE, "largest heap the JVM may use (-Xmx)").sample(heap.getMax());
        out.family("heathub_jvm_nonheap_used_bytes", Type.GAUGE, "non-heap memory in use (metaspace, code cache)")
                .sample(ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed());
        out.family("heathub_jvm_threads", Type.GAUGE, "live threads").sample(ManagementFactory.getThreadMXBean().getThreadCount());
        out.family("heathub_jvm_uptime_seconds", Type.GAUGE, "seconds since the JVM started")
                .sample(ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    }
}
