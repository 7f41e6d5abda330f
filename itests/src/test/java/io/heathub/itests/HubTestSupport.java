package io.heathub.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Shared set-up: a real Felix framework with the real bundles (file: URLs of the built jars,
 * copied to {@code target/itest-bundles} by the pom), a generated site folder whose buses point
 * at the simulator bundle on free ports, and polling helpers with deadlines (never sleep-and-hope).
 *
 * <p>The {@code @Configuration} method runs in the test JVM; the test methods run inside the
 * framework (a probe bundle), so values are handed over as framework properties
 * ({@code itest.plcPort}…), not statics.
 */
public abstract class HubTestSupport {

    /** Bundles in start order (file names without version, as copied by the pom). */
    static final List<String> RUNTIME = List.of(
            "org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component",
            "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.gogo.runtime",
            "slf4j-api", "slf4j-jdk14",
            "org.apache.felix.http.servlet-api", "org.apache.felix.http.jetty",
            "jSerialComm", "j2mod", "h2", "snakeyaml", "jackson-core", "jackson-annotations", "jackson-databind",
            "jackson-dataformat-csv", "threeten-extra",
            "heathub-api", "heathub-config", "heathub-wire", "heathub-camel", "heathub-store",
            "heathub-transport", "heathub-driver-modbus", "heathub-simulator",
            "heathub-forward-mqtt", "heathub-calendar", "heathub-control", "heathub-billing", "heathub-billing-export",
            "heathub-billing-settlement", "heathub-billing-alarms", "heathub-billing-kpi", "heathub-billing-supervision",
            "bcprov-jdk18on", "heathub-auth", "heathub-complaints", "heathub-web", "heathub-shell", "heathub-core",
            "heathub-camel-modbus", "heathub-camel-hub", "heathub-camel-journal",
            // not part of the hub: the test kit's peers (mosquitto, pymodbus) for tests running in the probe
            "heathub-testkit");

    /** The admin the set-up writes into the hub's etc/users, for the REST calls of the tests. */
    static final String ADMIN = "itest";
    static final String ADMIN_PASSWORD = "itest-admin-password";

    /** The Authorization header of {@link #ADMIN}. */
    static String adminAuthorization() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    protected BundleContext context;

    // --- configuration (test JVM) ------------------------------------------------------------

    /** The hub bundles except {@code leaveOut}; {@code heathub-simulator} is installed, not started. */
    static Option[] hub(String name, Set<String> leaveOut, String... devicesYaml) {
        String bundles = System.getProperty("heathub.itest.bundles", "target/itest-bundles");
        Path work = Path.of(System.getProperty("heathub.itest.work", "target/itest-work"))
                .resolve(name + "-" + System.currentTimeMillis()).toAbsolutePath();
        int plcPort = freePort();
        int panelPort = freePort();
        int httpPort = freePort();
        Path site = writeSite(work.resolve("site"), plcPort, panelPort, "itest", devicesYaml);

        List<Option> options = new ArrayList<>();
        options.add(cleanCaches(true));
        options.add(workingDirectory(work.resolve("felix").toString()));
        options.add(junitBundles());
        // pax-logging-api (provisioned by pax-exam) prints to stdout: keep it at INFO, not DEBUG.
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("INFO"));
        options.add(frameworkProperty("heathub.config").value(site.toString()));
        options.add(frameworkProperty("heathub.data").value(work.resolve("data").toString()));
        options.add(frameworkProperty("heathub.etc").value(writeUsers(work.resolve("etc")).toString()));
        options.add(frameworkProperty("org.osgi.service.http.port").value(String.valueOf(httpPort)));
        options.add(frameworkProperty("itest.bundles").value(Path.of(bundles).toAbsolutePath().toString()));
        options.add(frameworkProperty("itest.work").value(work.toString()));
        options.add(frameworkProperty("itest.plcPort").value(String.valueOf(plcPort)));
        options.add(frameworkProperty("itest.panelPort").value(String.valueOf(panelPort)));
        options.add(frameworkProperty("itest.profiles").value(profiles().toString()));
        for (String b : RUNTIME) {
            if (leaveOut.contains(b)) {
                continue;
            }
            Path jar = Path.of(bundles, b + ".jar").toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("missing bundle " + jar + " (run the build from itests/ with mvn verify)");
            }
            // The simulator starts only once the test configured its ports (see startSimulator).
            options.add(bundle(jar.toUri().toString()).start(!b.equals("heathub-simulator")));
        }
        return options(options.toArray(Option[]::new));
    }

    /** The standard test devices: the PLC and two panels, polled every second. */
    static final String[] DEMO_DEVICES = {
        "  - { id: plc-1, bus: plc, driver: modbus, address: 1, pollInterval: 1s, settings: { profile: substation-plc } }",
        "  - { id: panel-001, bus: panels, driver: modbus, address: 1, pollInterval: 1s, settings: { profile: bac-002 } }",
        "  - { id: panel-002, bus: panels, driver: modbus, address: 2, pollInterval: 1s, settings: { profile: bac-002 } }",
    };

    static Path writeSite(Path site, int plcPort, int panelPort, String id, String... devices) {
        try {
            Files.createDirectories(site.resolve("profiles"));
            try (Stream<Path> s = Files.list(profiles())) {
                for (Path p : s.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                    Files.copy(p, site.resolve("profiles").resolve(p.getFileName()));
                }
            }
            String yaml = "site: { id: " + id + ", name: Integration test, zone: UTC }\n"
                    + "buses:\n"
                    + "  - { id: plc, uri: \"tcp://127.0.0.1:" + plcPort + "\", timeout: 1s }\n"
                    + "  - { id: panels, uri: \"tcp://127.0.0.1:" + panelPort + "\", timeout: 1s }\n"
                    + "devices:\n" + String.join("\n", devices) + "\n";
            Files.writeString(site.resolve("site.yaml"), yaml);
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An etc/users with {@link #ADMIN}, as {@code bin/heathub user add} writes it. */
    static Path writeUsers(Path etc) {
        try {
            String hash = io.heathub.auth.PasswordHash.hash(ADMIN_PASSWORD.toCharArray(), new java.security.SecureRandom());
            io.heathub.auth.Credentials.in(etc).updateUsers(u -> u.put(ADMIN,
                    new io.heathub.auth.Account(ADMIN, io.heathub.api.rest.Role.ADMIN, hash)));
            return etc;
        } catch (io.heathub.auth.CredentialFileException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path profiles() {
        return Path.of(System.getProperty("heathub.itest.profiles",
                System.getProperty("itest.profiles", "../config/profiles"))).toAbsolutePath().normalize();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- helpers (inside the framework) -------------------------------------------------------

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code GET path} (e.g. {@code /api/drivers}) on the hub's HTTP port as the admin; null while the HTTP service is not up. */
    HttpResponse<String> apiGet(String path) {
        try {
            URI uri = URI.create("http://127.0.0.1:" + intProperty("org.osgi.service.http.port") + path);
            return http.send(HttpRequest.newBuilder(uri).header("Authorization", adminAuthorization()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    int intProperty(String key) {
        return Integer.parseInt(context.getProperty(key));
    }

    /** Configures the simulator on the test's ports, then starts its bundle. */
    void startSimulator() throws Exception {
        configure("io.heathub.simulator", simulatorSettings(true));
        installed("heathub-simulator").start();
    }

    /** The simulator on the test's ports, two panels, no metering line (never the fixed demo port 15030). */
    Dictionary<String, Object> simulatorSettings(boolean enabled) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("enabled", enabled);
        props.put("plcPort", intProperty("itest.plcPort"));
        props.put("panelPort", intProperty("itest.panelPort"));
        props.put("panels", 2);
        props.put("meterPort", 0);
        return props;
    }

    void configure(String pid, Dictionary<String, Object> props) throws Exception {
        Configuration c = service(ConfigurationAdmin.class).getConfiguration(pid, "?");
        c.update(props);
    }

    Bundle installed(String fileName) {
        String location = Path.of(context.getProperty("itest.bundles"), fileName + ".jar").toUri().toString();
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().equals(location)) {
                return b;
            }
        }
        return null;
    }

    /** The current service (re-looked-up on each call: DS may re-register it on reconfiguration). */
    <T> T service(Class<T> type) {
        return await(type.getSimpleName() + " service", () -> {
            ServiceReference<T> ref = context.getServiceReference(type);
            return ref == null ? null : context.getService(ref);
        });
    }

    HubStatus hub() {
        return service(HubStatus.class);
    }

    /** Polls until {@code probe} gives a non-null, non-false value, or fails with {@code what}. */
    static <T> T await(String what, Supplier<T> probe) {
        return await(what, DEADLINE, probe, () -> "");
    }

    static <T> T await(String what, Duration timeout, Supplier<T> probe, Supplier<String> state) {
        long end = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                T value = probe.get();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
            } catch (RuntimeException e) {
                last = e; // e.g. the service went away while being reconfigured; try again
            }
            if (System.nanoTime() > end) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (last == null ? "" : " (last error: " + last + ")") + "; state: " + state.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** Waits until every listed device is in {@code state}. */
    List<DeviceStatus> awaitDevices(DeviceStatus.State state, Set<String> ids) {
        return await(ids + " " + state, DEADLINE, () -> {
            List<DeviceStatus> all = hub().devices();
            Map<String, DeviceStatus.State> states = all.stream()
                    .collect(Collectors.toMap(DeviceStatus::id, DeviceStatus::state));
            return states.keySet().equals(ids) && states.values().stream().allMatch(state::equals) ? all : null;
        }, this::describeDevices);
    }

    String describeDevices() {
        try {
            return hub().devices().stream()
                    .map(d -> d.id() + "=" + d.state() + (d.lastError() == null || d.lastError().isEmpty() ? "" : "(" + d.lastError() + ")"))
                    .collect(Collectors.joining(", ")) + " configErrors=" + hub().configErrors();
        } catch (RuntimeException | AssertionError e) {
            return "no HubStatus: " + e;
        }
    }

    String describeBundles() {
        return Stream.of(context.getBundles())
                .filter(b -> b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + "=" + b.getState())
                .collect(Collectors.joining(", "));
    }
}
