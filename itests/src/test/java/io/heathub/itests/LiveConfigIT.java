package io.heathub.itests;

import static org.junit.Assert.assertEquals;

import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.DeviceStatus.State;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteService;
import io.heathub.control.runtime.api.ControlStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

/** (3) Configuration changes through ConfigAdmin and site.yaml edits apply live, without a restart. */
@RunWith(PaxExam.class)
// A fresh framework per test: each test changes the hub's configuration.
@ExamReactorStrategy(PerMethod.class)
public class LiveConfigIT extends HubTestSupport {

    @Configuration
    public Option[] config() {
        return hub("liveconfig", Set.of(), DEMO_DEVICES);
    }

    @Test
    public void simulatorSwitchedOffAndOnThroughConfigAdmin() throws Exception {
        startSimulator();
        awaitDevices(State.RUNNING, Set.of("plc-1", "panel-001", "panel-002"));

        // io.heathub.simulator enabled=false: the simulator closes its ports, polls fail.
        configure("io.heathub.simulator", simulatorSettings(false));
        await("plc-1 failing with the simulator off", DEADLINE, () -> hub().devices().stream()
                .anyMatch(d -> d.id().equals("plc-1") && (d.state() == State.FAILING || d.state() == State.BUS_DOWN)),
                this::describeDevices);

        // enabled=true again: the devices recover on their own.
        configure("io.heathub.simulator", simulatorSettings(true));
        awaitDevices(State.RUNNING, Set.of("plc-1", "panel-001", "panel-002"));
    }

    @Test
    public void siteFolderChangedThroughConfigAdmin() throws Exception {
        startSimulator();
        awaitDevices(State.RUNNING, Set.of("plc-1", "panel-001", "panel-002"));

        // A second site (only the PLC, under another id) selected with PID io.heathub.core.
        Path other = writeSite(Path.of(context.getProperty("itest.work"), "site-b"),
                intProperty("itest.plcPort"), intProperty("itest.panelPort"), "itest-b",
                "  - { id: plc-b, bus: plc, driver: modbus, address: 1, pollInterval: 1s, settings: { profile: substation-plc } }");
        Dictionary<String, Object> core = new Hashtable<>();
        core.put("configDir", other.toString());
        configure("io.heathub.core", core);
        List<DeviceStatus> now = awaitDevices(State.RUNNING, Set.of("plc-b"));
        assertEquals(List.of("plc-b"), now.stream().map(DeviceStatus::id).collect(Collectors.toList()));
        await("a reading from plc-b", () -> hub().latest().stream().anyMatch(r -> r.device().equals("plc-b")));
        assertEquals(List.of(), hub().configErrors());
    }

    @Test
    public void aSiteEditReachesCoreAndControlAsOneVersionOrNotAtAll() throws Exception {
        startSimulator();
        awaitDevices(State.RUNNING, Set.of("plc-1", "panel-001", "panel-002"));
        SiteService sites = service(SiteService.class);
        // control's section reader is a DS service of another bundle: it is in the applied site
        Site first = await("control's section in the applied site",
                () -> sites.current().filter(s -> s.sections().containsKey("control")).orElse(null));
        Path file = first.file();
        String good = Files.readString(file);
        try {
            editsApplyEverywhereOrNowhere(sites, first, file, good);
        } finally {
            // the site folder is made once for the class: the other tests need it as it was
            Files.writeString(file, good);
        }
    }

    private void editsApplyEverywhereOrNowhere(SiteService sites, Site first, Path file, String good) throws Exception {

        // a typo in control's section: the one owner refuses the edit for core and control alike
        Files.writeString(file, good + "control: { room: { minimumRoms: 3 } }\n");
        await("the typo reported with the key it was meant to be", DEADLINE,
                () -> hub().configErrors().stream().anyMatch(e -> e.contains("control.room.minimumRoms")
                        && e.contains("did you mean 'minimumRooms'")), this::describeDevices);
        assertEquals(first.version(), sites.current().orElseThrow().version());
        assertEquals(hub().configErrors(), service(ControlStatus.class).configProblems());
        assertEquals(Set.of("plc-1", "panel-001", "panel-002"), deviceIds());

        // a valid edit without panel-002: one new version, which core's buses run
        Files.writeString(file, good.replace(DEMO_DEVICES[2] + "\n", ""));
        await("the next version", () -> sites.current().orElseThrow().version() == first.version() + 1);
        awaitDevices(State.RUNNING, Set.of("plc-1", "panel-001"));
        assertEquals(List.of(), hub().configErrors());
        assertEquals(List.of(), service(ControlStatus.class).configProblems());

        // an emptied file never stops the buses
        Files.writeString(file, "");
        await("the empty file reported", () -> hub().configErrors().stream().anyMatch(e -> e.endsWith("the site file is empty")));
        assertEquals(first.version() + 1, sites.current().orElseThrow().version());
        awaitDevices(State.RUNNING, Set.of("plc-1", "panel-001"));
    }

    private Set<String> deviceIds() {
        return hub().devices().stream().map(DeviceStatus::id).collect(Collectors.toSet());
    }

}
