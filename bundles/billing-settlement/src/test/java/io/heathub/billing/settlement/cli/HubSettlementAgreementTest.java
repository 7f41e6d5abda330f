package io.heathub.billing.settlement.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.calendar.section.CalendarSection;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.billing.export.ExportStore;
import io.heathub.billing.export.runtime.ReadingExportComponent;
import io.heathub.billing.fixtures.TestSite;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.billing.settlement.SettlementService;
import io.heathub.billing.settlement.runtime.HubSettlement;
import io.heathub.billing.settlement.runtime.TariffSection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promise: GET /api/settlement (HubSettlement) and heathub settle on the exported CSV agree line for line. */
class HubSettlementAgreementTest {
    private static final String TARIFF = """
            areaPricePerM2: 24
            basePricePerM2: 7.2
            energyPricePerKWh: 0.188
            chargeCapPerM2: 4
            """;
    private static final String SITE = """
            site: { id: demo, zone: Asia/Shanghai }
            calendar: { season: { from: 11-15, to: 11-17 }, test: none }   # a three-day season
            households:
              - { household: h-101, areaM2: 90, meter: heat-101, roomSensor: panel-001, tariff: two-part }
              - { household: h-102, areaM2: 60, meter: heat-102, roomSensor: panel-002, tariff: area }
              - { id: h-103, areaM2: 100, meter: heat-103, tariff: two-part }
              - { household: h-104, areaM2: 80, tariff: area }
            tariff:
            """ + TARIFF.indent(2);

    @TempDir
    Path dir;

    /** The site as core's owner applies it, with settlement's and the households' readers. */
    private TestSite site(String yaml) {
        return TestSite.of(dir.resolve("site"), yaml, new HouseholdsSection(), new TariffSection(), new CalendarSection());
    }

    private static SettlementService settlement(TestSite site, Path exportDir) {
        return new HubSettlement(new AppliedSite(site.service()), new ExportStore(exportDir), 31, exportDir.resolveSibling("records"),
                java.time.Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), java.time.ZoneOffset.UTC));
    }

    @Test
    void restSettlementEqualsTheCliOnTheExportedCsv() throws Exception {
        Path exportDir = dir.resolve("export");
        ReadingExportComponent export = writeExport(exportDir);

        SettlementService.Answer answer;
        try (TestSite site = site(SITE)) {
            answer = settlement(site, exportDir).settle("2024-11-15/2024-11-17");
        }

        Path readings = dir.resolve("readings.csv");
        try (OutputStream out = Files.newOutputStream(readings)) {
            export.writeCsv(LocalDate.MIN, LocalDate.MAX, out); // the whole export, as GET /api/export/readings.csv gives it
        }
        Path households = Files.writeString(dir.resolve("households.csv"), """
                household,area_m2,meter,room_sensor,tariff
                h-101,90,heat-101,panel-001,two-part
                h-102,60,heat-102,panel-002,area
                h-103,100,heat-103,,two-part
                h-104,80,,,area
                """);
        Path tariff = Files.writeString(dir.resolve("tariff.yaml"), TARIFF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Settle(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[] {"--tariff", tariff.toString(), "--households", households.toString(),
                        "--readings", readings.toString(), "--season", "2024-11-15/2024-11-17", "--zone", "Asia/Shanghai"});

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> cli = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(answer.lines()).isEqualTo(cli);
        // and the lines say something: 3 days × 48 half hours = 144 kWh; 90 × 7.2 + 144 × 0.188 = 675.07
        assertThat(answer.lines()).hasSize(4);
        assertThat(answer.lines().get(0)).startsWith("{\"household\":\"h-101\",\"heatKWh\":144.000,\"estimated\":false,"
                + "\"prepaid\":2160.00,\"twoPart\":675.07,\"refund\":1484.93,\"charge\":0.00,");
        assertThat(answer.lines().get(2)).contains("\"household\":\"h-103\"").contains("\"error\":\"no season cut");
        assertThat(answer.warnings()).isEqualTo(err.toString(StandardCharsets.UTF_8).lines()
                .map(l -> l.replaceFirst("^settle: warning: ", "")).toList());
    }

    /** Three and a half days of half-hourly readings, exported by the real export component. */
    private static ReadingExportComponent writeExport(Path exportDir) {
        ReadingExportComponent export = new ReadingExportComponent(exportDir, ReadingExportComponent.DEFAULT_POINTS);
        Instant t0 = Instant.parse("2024-11-14T12:00:00Z");
        for (int half = 0; half <= 2 * 84; half++) {
            Instant t = t0.plus(Duration.ofMinutes(30L * half));
            List<Reading> batch = new ArrayList<>();
            // heat-101: 1 kWh every half hour; heat-102 flat (no heat); heat-103 starts after the season opened
            batch.add(Reading.good("heat-101", "heat.energy", BigDecimal.valueOf(1000 + half), Unit.KWH, t));
            batch.add(Reading.good("heat-102", "heat.energy", new BigDecimal("500.5"), Unit.KWH, t));
            if (t.isAfter(Instant.parse("2024-11-15T08:00:00Z"))) {
                batch.add(Reading.good("heat-103", "heat.energy", BigDecimal.valueOf(2000 + half), Unit.KWH, t));
            }
            batch.add(Reading.good("panel-001", "temp.room", new BigDecimal(half % 12 < 6 ? "17.2" : "19.0"), Unit.CELSIUS, t));
            batch.add(new Reading("panel-002", "temp.room", new BigDecimal("15.0"), Unit.CELSIUS, t, Quality.SUSPECT, "odd"));
            batch.add(Reading.good("heat-101", "flow", new BigDecimal("0.4"), Unit.CUBIC_METRE_PER_HOUR, t));
            export.accepted(batch);
        }
        export.close();
        return export;
    }

    @Test
    void dailyCutsAreTheFrozenReadingsSettlementUses() throws Exception {
        Path exportDir = dir.resolve("export");
        writeExport(exportDir);
        TestSite site = site(SITE);
        SettlementService rest = settlement(site, exportDir);

        List<String> cuts = rest.dailyCuts(LocalDate.of(2024, 11, 15), LocalDate.of(2024, 11, 16));
        site.close();

        // 00:00 Asia/Shanghai = 16:00Z the day before: half-hour 8 (1008) and 56 (1056) of heat-101 fall on
        // the cut; heat-102 never moves; heat-103 starts after 2024-11-15T08:00Z, so the 15th has no cut
        // and the 16th is its reading at 15T16:00Z (half-hour 56 → 2056); h-104 has no meter.
        assertThat(cuts).containsExactly(
                "{\"household\":\"h-101\",\"meter\":\"heat-101\",\"day\":\"2024-11-15\",\"at\":\"2024-11-14T16:00:00Z\",\"kWh\":1008.000,\"estimated\":false}",
                "{\"household\":\"h-101\",\"meter\":\"heat-101\",\"day\":\"2024-11-16\",\"at\":\"2024-11-15T16:00:00Z\",\"kWh\":1056.000,\"estimated\":false}",
                "{\"household\":\"h-102\",\"meter\":\"heat-102\",\"day\":\"2024-11-15\",\"at\":\"2024-11-14T16:00:00Z\",\"kWh\":500.500,\"estimated\":false}",
                "{\"household\":\"h-102\",\"meter\":\"heat-102\",\"day\":\"2024-11-16\",\"at\":\"2024-11-15T16:00:00Z\",\"kWh\":500.500,\"estimated\":false}",
                "{\"household\":\"h-103\",\"meter\":\"heat-103\",\"day\":\"2024-11-15\",\"at\":\"2024-11-14T16:00:00Z\",\"kWh\":null,\"estimated\":null,"
                        + "\"why\":\"meter heat-103 has no good heat.energy reading before the cut at 2024-11-15T00:00+08:00 (first one at 2024-11-15T16:30+08:00)\"}",
                "{\"household\":\"h-103\",\"meter\":\"heat-103\",\"day\":\"2024-11-16\",\"at\":\"2024-11-15T16:00:00Z\",\"kWh\":2056.000,\"estimated\":false}");
        assertThatThrownBy(() -> rest.dailyCuts(LocalDate.of(2024, 11, 16), LocalDate.of(2024, 11, 15)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the first");
        assertThatThrownBy(() -> rest.dailyCuts(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 6, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 400 days");
    }

    @Test
    void siteProblemsAreReportedWithTheirLocationWhileTheEditIsBroken() {
        String broken = SITE.replace("areaM2: 60", "areaM2: -60").replace("energyPricePerKWh: 0.188", "energyPricePerKWh: cheap");
        try (TestSite site = site(SITE)) {
            SettlementService rest = settlement(site, dir.resolve("export"));
            site.write(broken);
            String file = site.file("site.yaml").toString();
            // the last good version still runs, but a settlement from it would hide the broken edit
            assertThat(site.current().version()).isEqualTo(1);
            assertThatThrownBy(() -> rest.settle("2024-11-15/2024-11-17"))
                    .isInstanceOfSatisfying(SettlementService.SettlementException.class, e -> assertThat(e.problems())
                            .anySatisfy(p -> assertThat(p).startsWith(file + ":5:").contains("area must be positive"))
                            .anySatisfy(p -> assertThat(p).startsWith(file + ":11:").contains("energyPricePerKWh")));
            assertThatThrownBy(() -> rest.dailyCuts(LocalDate.of(2024, 11, 15), LocalDate.of(2024, 11, 16)))
                    .isInstanceOfSatisfying(SettlementService.SettlementException.class, e -> assertThat(e.problems())
                            .singleElement().asString().startsWith(file + ":5:").contains("area must be positive"));
        }
    }

    @Test
    void aMalformedSeasonIsRefused() {
        try (TestSite site = site(SITE)) {
            SettlementService rest = settlement(site, dir.resolve("export"));
            assertThatThrownBy(() -> rest.settle("2024-11-15")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
