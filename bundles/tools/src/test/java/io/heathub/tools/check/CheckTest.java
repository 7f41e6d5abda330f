package io.heathub.tools.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heathub check} on the repository's demo site and on copies of it with one typo per
 * section, with the section readers and drivers found on the class path as the launcher finds them
 * on the distribution's jars (control's reader, the billing features' readers, the four protocol drivers).
 */
class CheckTest {
    private static final Path DEMO = Path.of("../../config");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path work;

    private int run(String... args) {
        return run(CheckTest.class.getClassLoader(), args);
    }

    private int run(ClassLoader distribution, String... args) {
        return new Check(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                distribution).run(args);
    }

    /** The class path as a distribution whose bundle/ lacks the jar that holds {@code marker}'s readers. */
    private static ClassLoader without(String jarPart) {
        return new ClassLoader(CheckTest.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                List<URL> kept = Collections.list(super.getResources(name)).stream()
                        .filter(u -> !u.toString().contains(jarPart)).toList();
                return Collections.enumeration(kept);
            }
        };
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
                + ") is valid: 3 buses, 40 devices, sections [alarms, calendar, control, health, households, kpi, readings, supervision, tariff]"
                + " read by their bundles, 3 route files"
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
        replace(site.resolve("profiles/bac-002-station.yaml"), "defaults: { function: holding, type: int16 }",
                "defaults: { function: holding, type: int61 }");
        replace(yaml, "tariff: two-part }", "tariff: two-prat }");
        replace(yaml, "  energyPricePerKWh: 0.188", "  energyPricePerKwh: 0.188");
        replace(yaml, "  stuckAfter: 15m", "  stuckAftr: 15m");
        replace(yaml, "  clearAfter: 30m", "  clearAfter: 30 minutes");
        replace(yaml, "  interval: 1h", "  intervall: 1h");
        replace(yaml, "  season: { from: 11-15, to: 03-15 }", "  sesaon: { from: 11-15, to: 03-15 }");
        replace(site.resolve("routes/heartbeat.yaml"), "- route:", "- rout:");
        Files.writeString(site.resolve("routes/broken.yaml"), "- route:\n    from: { uri: \"timer:x\", steps: [ }\n");

        assertThat(run("--config", site.toString())).isEqualTo(2);
        String file = yaml.toString();
        assertThat(errLines()).containsExactly(
                file + ":41:63: devices[8].pollIntervall: unknown field 'pollIntervall' (did you mean 'pollInterval'?)",
                file + ":63:59: devices[29].address: expected the meter's 14-digit address, got \"2010000000002\"",
                file + ":78:3: commands.maxPerDevicePerMinuet: unknown field 'maxPerDevicePerMinuet'"
                        + " (did you mean 'maxPerDevicePerMinute'?)",
                file + ":104:11: control.room.minimumRoms: unknown field 'minimumRoms' (did you mean 'minimumRooms'?)",
                file + ":122:23: control.binding.supply.device: no device 'plc1' in devices: (did you mean 'plc-1'?);"
                        + " commands to it could not be delivered",
                file + ":155:3: calendar.sesaon: unknown field 'sesaon' (did you mean 'season'?)",
                file + ":165:83: households[2].tariff: unknown tariff \"two-prat\" (did you mean 'two-part'?);"
                        + " expected two-part or area",
                file + ":196:3: tariff: missing required field 'energyPricePerKWh'",
                file + ":198:3: tariff.energyPricePerKwh: unknown field 'energyPricePerKwh' (did you mean 'energyPricePerKWh'?)",
                file + ":211:3: health.stuckAftr: unknown field 'stuckAftr' (did you mean 'stuckAfter'?)",
                file + ":225:15: alarms.clearAfter: expected a duration like 10s, 500ms or 5m, got \"30 minutes\"",
                file + ":245:3: supervision.intervall: unknown field 'intervall' (did you mean 'interval'?)",
                site.resolve("profiles/bac-002-station.yaml") + ":9:38: defaults.type: unknown value \"int61\"; expected one of"
                        + " bool, int16, uint16, int32, uint32, float32, float64, bcd16, bcd32",
                site.resolve("routes/broken.yaml") + ":2:38: YAML syntax: expected the node content, but found '}'",
                site.resolve("routes/heartbeat.yaml") + ":4:3: [0].rout: unknown field 'rout' (did you mean 'route'?)");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aMistypedSectionIsAnErrorWithTheNearestKnownOneAndAnUnreadOneAWarning() throws Exception {
        Path site = demoCopy();
        replace(site.resolve("site.yaml"), "\nkpi:\n", "\nkip:\n");
        replace(site.resolve("site.yaml"), "\ntariff:\n", "\ntarif:\n");
        assertThat(run("--config", site.toString())).isEqualTo(2);
        assertThat(errLines()).hasSize(2);
        assertThat(errLines().get(0)).endsWith(": tarif: unknown section 'tarif' (did you mean 'tariff'?)");
        assertThat(errLines().get(1)).endsWith(": kip: unknown section 'kip' (did you mean 'kpi'?)");

        // a section of a feature this distribution lacks (or a key nobody reads) is not checked: said, not refused
        err.reset();
        site = work.resolve("other");
        Files.createDirectories(site);
        Files.writeString(site.resolve("site.yaml"), "buses: []\nweather: { station: x }\n");
        assertThat(run("--config", site.toString())).isZero();
        assertThat(errLines()).singleElement().asString().startsWith("warning: " + site.resolve("site.yaml")
                + ":2:10: weather: no bundle of this distribution reads section 'weather': it is not checked and not used");
    }

    @Test
    void aDistributionWithoutAFeatureBundleAcceptsItsSectionWithAWarning() {
        // the demo site as it is, checked with everything but heathub-billing-kpi's jar
        assertThat(run(without("billing-kpi"), "--config", DEMO.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(errLines()).singleElement().asString().startsWith("warning: " + DEMO.resolve("site.yaml") + ":")
                .contains(": kpi: no bundle of this distribution reads section 'kpi': it is not checked and not used");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("sections [alarms, calendar, control, health, households, readings, supervision, tariff]");
    }

    @Test
    void aHouseholdsFileTheSiteImportsIsCheckedRowByRow() throws Exception {
        Path site = demoCopy();
        Path yaml = site.resolve("site.yaml");
        String text = Files.readString(yaml);
        int from = text.indexOf("\nhouseholds:\n") + 1;
        int to = text.indexOf("\n\n", from);
        String written = text.substring(0, from) + "households: households.csv" + text.substring(to);
        Files.writeString(yaml, written);
        Files.writeString(site.resolve("households.csv"), """
                household,area_m2,meter,room_sensor,tariff
                panel-001,89.5,heat-101,panel-001,two-part
                panel-002,0,heat-102,panel-002,two-prat
                """);
        assertThat(run("--config", site.toString())).isEqualTo(2);
        Path csv = site.resolve("households.csv");
        assertThat(errLines()).containsExactly(
                yaml + ":" + (text.substring(0, from).lines().count() + 1) + ":13: households: households file " + csv
                        + " has 2 problems; none of its households is used",
                // without the file's households, the demo's building A has no household meter to compare with
                yaml + ":" + (written.substring(0, written.indexOf("\nbuildings:\n") + 1).lines().count() + 2) + ":11: buildings[0].id: building A needs at"
                        + " least one household meter: list householdMeters or give households building: A",
                csv + ":3:11: area_m2: area must be positive, got 0",
                csv + ":3:32: tariff: unknown tariff \"two-prat\" (did you mean 'two-part'?); expected two-part or area");
    }

    @Test
    void controlLimitsOutsideTheCommandBoundsAreAWarning() throws Exception {
        Path site = demoCopy();
        replace(site.resolve("site.yaml"), "  supply: { min: 30, max: 80 }", "  supply: { min: 20, max: 80 }");
        assertThat(run("--config", site.toString())).isZero();
        assertThat(errLines()).singleElement().asString().startsWith("warning: " + site.resolve("site.yaml") + ":")
                .contains(": control.binding.supply: the engine decides setpoint.supply within 20–80 °C (control.supply)"
                        + " but commands.bounds.setpoint.supply allows 30–85: values outside are refused at every cycle");
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
                .endsWith("devices[39].driver: no driver 'iec62056' in this distribution; its devices (this one first) wait for it");
    }

    @Test
    void helpGoesToStandardOutputAndABadFolderIsOneLine() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: heathub check [-h] [--config=DIR]");
        assertThat(run("--config", work.resolve("nowhere").toString())).isEqualTo(2);
        assertThat(errLines()).containsExactly("heathub check: site folder '" + work.resolve("nowhere") + "' not found");
    }
}
