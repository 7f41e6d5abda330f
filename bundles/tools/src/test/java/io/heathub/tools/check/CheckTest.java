package io.heathub.tools.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heathub check} on the repository's demo site and on copies of it with one typo per
 * section, with the section readers and drivers found on the class path as the launcher finds them
 * on the distribution's jars (control's reader, the four protocol drivers).
 */
class CheckTest {
    private static final Path DEMO = Path.of("../../config");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path work;

    private int run(String... args) {
        return new Check(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                CheckTest.class.getClassLoader()).run(args);
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** A copy of the demo site to break. */
    private Path demoCopy() throws IOException {
        Path site = work.resolve("site");
        try (Stream<Path> files = Files.walk(DEMO)) {
            for (Path from : files.toList()) {
                Path to = site.resolve(DEMO.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        return site;
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).as(file + " has '" + from + "'").contains(from);
        Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
    }

    @Test
    void theDemoSiteIsValid() {
        assertThat(run("--config", DEMO.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("site 'demo' (" + DEMO.resolve("site.yaml")
                + ") is valid: 3 buses, 36 devices, sections [control, readings] read by their bundles, 2 route files"
                + System.lineSeparator());
        assertThat(errLines()).isEmpty();
    }

    @Test
    void aTypoInEverySectionIsOneLocatedLineEach() throws Exception {
        Path site = demoCopy();
        Path yaml = site.resolve("site.yaml");
        replace(yaml, "  maxPerDevicePerMinute: 12", "  maxPerDevicePerMinuet: 12");
        replace(yaml, "  room: { minimumRooms: 12 }", "  room: { minimumRoms: 12 }");
        replace(yaml, "    supply: { device: plc-1, point: setpoint.supply }", "    supply: { device: plc1, point: setpoint.supply }");
        replace(yaml, "address: \"20100000000002\"", "address: \"2010000000002\"");
        replace(yaml, "{ id: panel-005, bus: panels, driver: modbus, address: 5, pollInterval: 10s,",
                "{ id: panel-005, bus: panels, driver: modbus, address: 5, pollIntervall: 10s,");
        replace(site.resolve("profiles/bac-002.yaml"), "defaults: { function: holding, type: int16 }",
                "defaults: { function: holding, type: int61 }");
        replace(site.resolve("routes/heartbeat.yaml"), "- route:", "- rout:");
        Files.writeString(site.resolve("routes/broken.yaml"), "- route:\n    from: { uri: \"timer:x\", steps: [ }\n");

        assertThat(run("--config", site.toString())).isEqualTo(2);
        String file = yaml.toString();
        assertThat(errLines()).containsExactly(
                file + ":33:63: devices[5].pollIntervall: unknown field 'pollIntervall' (did you mean 'pollInterval'?)",
                file + ":55:59: devices[26].address: expected the meter's 14-digit address, got \"2010000000002\"",
                file + ":68:3: commands.maxPerDevicePerMinuet: unknown field 'maxPerDevicePerMinuet'"
                        + " (did you mean 'maxPerDevicePerMinute'?)",
                file + ":84:11: control.room.minimumRoms: unknown field 'minimumRoms' (did you mean 'minimumRooms'?)",
                file + ":87:23: control.binding.supply.device: no device 'plc1' in devices: (did you mean 'plc-1'?);"
                        + " commands to it could not be delivered",
                site.resolve("profiles/bac-002.yaml") + ":6:38: defaults.type: unknown value \"int61\"; expected one of"
                        + " bool, int16, uint16, int32, uint32, float32, float64, bcd16, bcd32",
                site.resolve("routes/broken.yaml") + ":2:38: YAML syntax: expected the node content, but found '}'",
                site.resolve("routes/heartbeat.yaml") + ":4:3: [0].rout: unknown field 'rout' (did you mean 'route'?)");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anUnknownSectionIsAnErrorOfflineWithTheNearestKnownOne() throws Exception {
        Path site = demoCopy();
        replace(site.resolve("site.yaml"), "\nkpi:\n", "\nkip:\n");
        Files.writeString(site.resolve("site.yaml"), Files.readString(site.resolve("site.yaml")) + "weather: { station: x }\n");
        assertThat(run("--config", site.toString())).isEqualTo(2);
        assertThat(errLines()).hasSize(2);
        assertThat(errLines().get(0)).endsWith(": kip: unknown section 'kip' (did you mean 'kpi'?)");
        assertThat(errLines().get(1)).contains(": weather: unknown section 'weather'; sections: ");
    }

    @Test
    void anEmptySiteFileAndAnEmptyRouteFileAreProblems() throws Exception {
        Path site = demoCopy();
        Files.writeString(site.resolve("site.yaml"), "\n");
        Files.writeString(site.resolve("routes/empty.yaml"), "");
        assertThat(run("--config", site.toString())).isEqualTo(2);
        assertThat(errLines()).containsExactly(site.resolve("site.yaml") + ": the site file is empty",
                site.resolve("routes/empty.yaml") + ": empty route file: expected a list of route definitions,"
                        + " e.g. - route: { id: …, from: { uri: …, steps: […] } }");
    }

    @Test
    void aRouteWithoutAnEndpointOrWithAMistypedFieldIsNamed() throws Exception {
        Path site = demoCopy();
        Files.writeString(site.resolve("routes/mine.yaml"), """
                - route:
                    id: mine
                    form: { uri: "timer:x" }
                - from:
                    steps: []
                - beans: []
                """);
        assertThat(run("--config", site.toString())).isEqualTo(2);
        Path file = site.resolve("routes/mine.yaml");
        assertThat(errLines()).containsExactly(
                file + ":3:5: [0].route.form: unknown field 'form' (did you mean 'from'?)",
                file + ":2:5: [0].route: missing required field 'from'",
                file + ":5:5: [1].from: missing the endpoint: uri, e.g. uri: timer:tick");
    }

    @Test
    void aDeviceWhoseDriverIsNotInTheDistributionIsAWarningOnly() throws Exception {
        Path site = demoCopy();
        replace(site.resolve("site.yaml"), "{ id: pump-el, bus: meters, driver: dlt645,", "{ id: pump-el, bus: meters, driver: iec62056,");
        assertThat(run("--config", site.toString())).isZero();
        assertThat(errLines()).singleElement().asString().startsWith("warning: " + site.resolve("site.yaml") + ":")
                .endsWith("devices[35].driver: no driver 'iec62056' in this distribution; its devices (this one first) wait for it");
    }

    @Test
    void helpGoesToStandardOutputAndABadFolderIsOneLine() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: heathub check [--config DIR]");
        assertThat(run("--config", work.resolve("nowhere").toString())).isEqualTo(2);
        assertThat(errLines()).containsExactly("check: site folder '" + work.resolve("nowhere") + "' not found");
    }
}
