package io.heathub.shell;

import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.FoundDevice;
import io.heathub.api.driver.Progress;
import io.heathub.api.hub.BusAccess;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.felix.service.command.CommandSession;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code heathub:scan BUS DRIVER [key=value …]}: finds the devices answering on a bus of the running
 * hub, through core's {@link BusAccess}: the scan is queued on that bus's worker and runs between its
 * polls, on its connection (one owner per line), with progress printed to the console as it goes. The
 * answer lists what was found and the {@code site.yaml} device entries to paste.
 */
@Component(service = ScanCommands.class, property = {
        "osgi.command.scope=heathub",
        "osgi.command.function=scan"})
public final class ScanCommands {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SETTING = Pattern.compile("([A-Za-z][A-Za-z0-9._-]{0,63})=(.{0,256})");
    private static final int MAX_SETTINGS = 16;
    /** A scan of a long address range takes minutes; the bus worker bounds it too (ten driver-call deadlines). */
    private static final long WAIT_MINUTES = 15;
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;
    private static final String USAGE = "usage: scan BUS DRIVER [key=value …]  (settings as for bin/heathub scan,"
            + " e.g. scanFrom=1 scanTo=30)";

    private final BusAccess buses;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<DeviceDriver> drivers = List.of();

    @Activate
    public ScanCommands(@Reference(name = "buses") BusAccess buses) {
        this.buses = buses;
    }

    /** {@code scan BUS DRIVER [key=value …]}. */
    public String scan(CommandSession session, String bus, String driver, String... settings) {
        if (bus == null || driver == null || !ID.matcher(bus).matches() || !ID.matcher(driver).matches()) {
            return USAGE;
        }
        Optional<DeviceDriver> found = drivers.stream().filter(d -> d.info().id().equals(driver)).findFirst();
        if (found.isEmpty()) {
            return "no driver '" + driver + "' installed (installed: "
                    + drivers.stream().map(d -> d.info().id()).sorted().collect(Collectors.joining(", ")) + ")";
        }
        Map<String, String> parsed = new LinkedHashMap<>();
        if (settings != null) {
            if (settings.length > MAX_SETTINGS) {
                return "at most " + MAX_SETTINGS + " settings; " + USAGE;
            }
            for (String s : settings) {
                var m = SETTING.matcher(s == null ? "" : s);
                if (!m.matches()) {
                    return "not a setting: '" + (s == null ? "" : s.length() > 64 ? s.substring(0, 64) + "…" : s) + "'; "
                            + USAGE;
                }
                parsed.put(m.group(1), m.group(2));
            }
        }
        PrintStream console = session == null ? null : session.getConsole();
        Progress progress = new ConsoleProgress(console, bus);
        DeviceDriver scanner = found.get();
        long started = System.nanoTime();
        List<FoundDevice> devices;
        try {
            devices = buses.run(bus, link -> scanner.scan(link, parsed, progress)).toCompletableFuture()
                    .get(WAIT_MINUTES, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            return "the scan of bus " + bus + " did not end within " + WAIT_MINUTES + " min";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted; the scan of bus " + bus + " may still be running on its worker";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause instanceof DeviceException d ? "scan failed (" + d.kind() + "): " + d.getMessage()
                    : "scan failed: " + cause.getMessage();
        }
        return answer(bus, driver, devices, (System.nanoTime() - started) / 1_000_000_000L);
    }

    static String answer(String bus, String driver, List<FoundDevice> devices, long seconds) {
        if (devices.isEmpty()) {
            return "no device answered on bus " + bus + " (" + seconds + " s)";
        }
        Table table = new Table("ADDRESS", "DEVICE", "SETTINGS", "NOTE");
        for (FoundDevice d : devices) {
            String settings = new TreeMap<>(d.settings()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            table.row(d.address(), d.description(), settings, d.collision() ? "several answered: narrow the range" : "");
        }
        return devices.size() + " found on bus " + bus + " in " + seconds + " s\n" + table
                + "# site.yaml (rename the ids):\n" + FoundDevice.siteYamlDevices(driver, bus, devices);
    }

    /** Progress on the console of the session that asked, at most every 2 s (the scan runs on the bus's worker). */
    private static final class ConsoleProgress implements Progress {
        private final PrintStream console;
        private final String bus;
        private long lastNanos;

        ConsoleProgress(PrintStream console, String bus) {
            this.console = console;
            this.bus = bus;
        }

        @Override
        public synchronized void update(long done, long total, String message) {
            long now = System.nanoTime();
            if (console == null || (lastNanos != 0 && now - lastNanos < PROGRESS_EVERY_NANOS && done != total)) {
                return;
            }
            lastNanos = now;
            console.println("scan of bus " + bus + ": " + done + (total >= 0 ? " of " + total : "") + " "
                    + (message == null ? "" : message));
            console.flush();
        }
    }
}
