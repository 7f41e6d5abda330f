package io.heathub.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.DeviceStatus.State;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;

/**
 * (2) A driver bundle installed while the hub runs gets its waiting devices polled and is listed by
 * {@code GET /api/drivers} with its bundle and settings; uninstalling it returns the devices to
 * WAITING_FOR_DRIVER and takes it off the list, without errors elsewhere.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriverHotDeployIT extends HubTestSupport {

    static final Set<String> DEVICES = Set.of("plc-1", "panel-001", "panel-002");

    /** How GET /api/drivers lists the Modbus driver: its id, names, then the bundle it came from. */
    static final String MODBUS_LISTED = "\"id\":\"modbus\",";

    @Configuration
    public Option[] config() {
        // camel-modbus imports the driver's link master: it leaves with the driver
        return hub("hotdeploy", Set.of("heathub-driver-modbus", "heathub-camel-modbus"), DEMO_DEVICES);
    }

    @Test
    public void driverInstalledWhileRunningPollsWaitingDevicesAndUninstallReturnsThemToWaiting() throws Exception {
        startSimulator();
        assertNull("driver-modbus must not be installed at start", installed("heathub-driver-modbus"));
        awaitDevices(State.WAITING_FOR_DRIVER, DEVICES);
        assertTrue("no readings without a driver", hub().latest().isEmpty());
        String before = await("GET /api/drivers", () -> driversListed());
        assertFalse("modbus not listed before its bundle is installed: " + before, before.contains(MODBUS_LISTED));

        List<FrameworkEvent> errors = new CopyOnWriteArrayList<>();
        FrameworkListener listener = e -> {
            if (e.getType() == FrameworkEvent.ERROR) {
                errors.add(e);
            }
        };
        context.addFrameworkListener(listener);

        // Install the driver while the hub runs (what FileInstall does for a jar dropped in deploy/).
        String location = Path.of(context.getProperty("itest.bundles"), "heathub-driver-modbus.jar").toUri().toString();
        long t0 = System.nanoTime();
        Bundle driver = context.installBundle(location);
        driver.start();
        awaitDevices(State.RUNNING, DEVICES);
        for (String id : DEVICES) {
            await("a reading from " + id, () -> hub().latest().stream().anyMatch(r -> r.device().equals(id)));
        }
        System.out.printf("itest: driver installed -> all %d devices RUNNING with readings in %d ms%n",
                DEVICES.size(), (System.nanoTime() - t0) / 1_000_000);
        long polls = hub().devices().stream().mapToLong(DeviceStatus::polls).sum();
        assertTrue("polls counted", polls >= DEVICES.size());
        String listed = await("modbus in GET /api/drivers", () -> {
            String body = driversListed();
            return body != null && body.contains(MODBUS_LISTED) ? body : null;
        });
        assertTrue("the bundle's version listed: " + listed, listed.contains("\"version\":\"" + driver.getVersion() + "\""));
        assertTrue("the settings the driver takes listed: " + listed, listed.contains("{\"key\":\"profile\",\"description\":"));

        // Uninstall: the devices wait again; everything else stays up.
        driver.uninstall();
        awaitDevices(State.WAITING_FOR_DRIVER, DEVICES);
        await("modbus off GET /api/drivers", () -> {
            String body = driversListed();
            return body != null && !body.contains(MODBUS_LISTED) ? body : null;
        });
        context.removeFrameworkListener(listener);
        assertEquals("framework errors", List.of(), errors.stream().map(e -> e.getBundle().getSymbolicName() + ": " + e.getThrowable()).toList());
        assertEquals("config errors", List.of(), hub().configErrors());
        String notActive = Stream.of(context.getBundles()).filter(b -> b.getState() != Bundle.ACTIVE)
                .map(Bundle::getSymbolicName).collect(Collectors.joining(", "));
        assertEquals("bundles not ACTIVE after uninstalling the driver", "", notActive);

        // And a second install works the same (no stale state in core).
        driver = context.installBundle(location);
        driver.start();
        awaitDevices(State.RUNNING, DEVICES);
    }

    /** The body of a 200 answer to GET /api/drivers, null otherwise (HTTP not up yet). */
    private String driversListed() {
        HttpResponse<String> answer = apiGet("/api/drivers");
        return answer != null && answer.statusCode() == 200 ? answer.body() : null;
    }
}
