package io.heathub.billing.kpi.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.calendar.section.CalendarSection;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.billing.export.ExportStore;
import io.heathub.billing.export.runtime.ReadingExportComponent;
import io.heathub.billing.fixtures.TestSite;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.billing.kpi.KpiService;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Energy figures over export files written by the real export (ReadingExportComponent → ExportWriter → ReadingsCsv),
 * on the site versions of core's real site owner.
 */
class HubKpisTest {
    static final String SITE = """
            site: { id: demo, zone: Asia/Shanghai }
            kpi:
              sites:
                - id: sub-1
                  kind: substation
                  heatedAreaM2: 2000
                  counters:
                    - { device: hm-1, point: heat.energy, quantity: heat }
                    - { device: em-1, point: electric.energy, quantity: electricity }
                    - { device: wm-1, point: volume, quantity: water }
                - id: boiler-1
                  kind: source
                  heatedAreaM2: 50000
                  counters: [{ device: coal-1, point: fuel.coal, quantity: fuel }]
            """;

    @TempDir
    Path dir;

    private TestSite site;
    private Path siteFile;
    private Path exportDir;
    private HubKpis kpis;

    private static Reading good(String device, String point, String value, Unit unit, String utc) {
        return Reading.good(device, point, new BigDecimal(value), unit, Instant.parse(utc));
    }

    /**
     * 2025-W02 is Mon 6 – Sun 12 January 2025: cuts at 00:00 Asia/Shanghai = 16:00Z of 5 and 12 January.
     * 2024-W02 is Mon 8 – Sun 14 January 2024: cuts at 16:00Z of 7 and 14 January.
     */
    static List<Reading> twoWinters() {
        return List.of(
                good("hm-1", "heat.energy", "120000", Unit.KWH, "2025-01-05T16:00:00Z"),
                good("hm-1", "heat.energy", "128400", Unit.KWH, "2025-01-12T16:00:00Z"),
                good("hm-1", "flow", "3.2", Unit.CUBIC_METRE_PER_HOUR, "2025-01-08T00:00:00Z"),
                good("em-1", "electric.energy", "5000", Unit.KWH, "2025-01-05T12:00:00Z"),
                good("em-1", "electric.energy", "5016", Unit.KWH, "2025-01-05T20:00:00Z"),
                good("em-1", "electric.energy", "5568", Unit.KWH, "2025-01-12T16:00:00Z"),
                good("wm-1", "volume", "310.5", Unit.CUBIC_METRE, "2025-01-05T16:00:00Z"),
                good("wm-1", "volume", "318.5", Unit.CUBIC_METRE, "2025-01-12T16:00:00Z"),
                good("coal-1", "fuel.coal", "700000", Unit.NONE, "2025-01-05T16:00:00Z"),
                good("coal-1", "fuel.coal", "790000", Unit.NONE, "2025-01-12T16:00:00Z"),
                good("hm-1", "heat.energy", "60000", Unit.KWH, "2024-01-07T16:00:00Z"),
                good("hm-1", "heat.energy", "69600", Unit.KWH, "2024-01-14T16:00:00Z"),
                good("em-1", "electric.energy", "1000", Unit.KWH, "2024-01-07T16:00:00Z"),
                good("em-1", "electric.energy", "1500", Unit.KWH, "2024-01-14T16:00:00Z"),
                good("wm-1", "volume", "200", Unit.CUBIC_METRE, "2024-01-07T16:00:00Z"));
    }

    /** The figures of {@link #twoWinters()} for 2025-W02, every site; worked out in {@link #aHandComputedWeek()}. */
    static final String WEEK_2 = "{\"period\":\"2025-W02\",\"from\":\"2025-01-05T16:00:00Z\",\"to\":\"2025-01-12T16:00:00Z\","
            + "\"zone\":\"Asia/Shanghai\",\"season\":\"2024-11-15/2025-03-15\",\"lastSeasonPeriod\":\"2024-W02\",\"sites\":["
            + "{\"id\":\"sub-1\",\"kind\":\"substation\",\"heatedAreaM2\":2000,\"quantities\":{"
            + "\"heat\":{\"unit\":\"kWh\",\"total\":8400.000,\"totalGJ\":30.240,\"perM2\":4.200000,\"estimated\":false,"
            + "\"targetPerM2\":null,\"withinTarget\":null,"
            + "\"lastSeason\":{\"total\":9600.000,\"totalGJ\":34.560,\"perM2\":4.800000,\"estimated\":false,\"problems\":[]},"
            + "\"changePercent\":-12.50,\"problems\":[]},"
            + "\"electricity\":{\"unit\":\"kWh\",\"total\":560.000,\"perM2\":0.280000,\"estimated\":true,"
            + "\"targetPerM2\":0.289256,\"withinTarget\":true,"
            + "\"lastSeason\":{\"total\":500.000,\"perM2\":0.250000,\"estimated\":false,\"problems\":[]},"
            + "\"changePercent\":12.00,\"problems\":[]},"
            + "\"water\":{\"unit\":\"m³\",\"total\":8.000,\"perM2\":0.004000,\"estimated\":false,"
            + "\"targetPerM2\":0.002893,\"withinTarget\":false,"
            + "\"lastSeason\":{\"total\":null,\"perM2\":null,\"estimated\":null,"
            + "\"problems\":[\"wm-1/volume: no cut at 2024-01-14T16:00:00Z: no good reading on each side within 3d\"]},"
            + "\"changePercent\":null,\"problems\":[]}}},"
            + "{\"id\":\"boiler-1\",\"kind\":\"source\",\"heatedAreaM2\":50000,\"quantities\":{"
            + "\"fuel\":{\"unit\":\"kg\",\"total\":90000.000,\"perM2\":1.800000,\"estimated\":false,"
            + "\"targetPerM2\":1.851240,\"withinTarget\":true,"
            + "\"lastSeason\":{\"total\":null,\"perM2\":null,\"estimated\":null,"
            + "\"problems\":[\"coal-1/fuel.coal: no cut at 2024-01-07T16:00:00Z: no good reading on each side within 3d\"]},"
            + "\"changePercent\":null,\"problems\":[]}}}],"
            + "\"complaints\":null,\"problems\":[]}";

    @BeforeEach
    void exportTwoWinters() throws IOException {
        site = TestSite.of(dir.resolve("site"), SITE, new KpiSection(), new CalendarSection());
        siteFile = site.file("site.yaml");
        exportDir = dir.resolve("export");
        // default points plus the kpi counters' points: fuel.coal is in no default list
        ReadingExportComponent export = new ReadingExportComponent(exportDir, ReadingExportComponent.DEFAULT_POINTS,
                List.of(new KpiCounterPoints(site.service())));
        export.accepted(twoWinters());
        export.close();
        kpis = new HubKpis(new AppliedSite(site.service()), new ExportStore(exportDir));
    }

    @AfterEach
    void closeSite() {
        site.close();
    }

    @Test
    void aHandComputedWeek() throws Exception {
        // sub-1, 2000 m², season 2024-11-15/2025-03-15 = 121 days, a week = 7 of them:
        // heat 128400 − 120000 = 8400 kWh = 8400 × 0.0036 = 30.24 GJ, / 2000 = 4.2 kWh/m² (no heat target);
        //   2024-W02: 69600 − 60000 = 9600 kWh → 4.8; change (4.2 − 4.8) / 4.8 = −12.50 %
        // electricity: the opening cut is interpolated between 5000 (4 h before) and 5016 (4 h after) = 5008,
        //   estimated; 5568 − 5008 = 560 kWh → 0.28 ≤ 5 × 7 / 121 = 0.2892561… → 0.289256;
        //   2024-W02: 1500 − 1000 = 500 → 0.25; change (0.28 − 0.25) / 0.25 = +12.00 %
        // water 318.5 − 310.5 = 8 m³ → 0.004 > 0.05 × 7 / 121 = 0.0028925… → 0.002893;
        //   2024-W02 has no reading after 7 January: unknown, said why, no change
        // boiler-1, 50000 m²: coal 790000 − 700000 = 90000 kg → 1.8 ≤ 32 × 7 / 121 = 1.8512396… → 1.851240
        assertThat(kpis.week(2025, 2, Optional.empty())).isEqualTo(WEEK_2);
    }

    @Test
    void theComplaintsOfThePeriodAreCountedBesideTheFigures() throws Exception {
        java.nio.file.Path records = dir.resolve("records");
        // 2025-W02 = 6–12 Jan 2025 in Asia/Shanghai: [2025-01-05T16:00Z, 2025-01-12T16:00Z)
        java.time.Instant opens = java.time.Instant.parse("2025-01-05T16:00:00Z");
        java.time.Instant closes = java.time.Instant.parse("2025-01-12T16:00:00Z");
        try (io.heathub.complaints.ComplaintBook book = io.heathub.complaints.ComplaintBook.open(records, 1000)) {
            java.time.Duration hour = java.time.Duration.ofHours(1);
            // before the week (still open at its end), the week's first instant, two inside, the week's end (next week)
            for (Object[] c : new Object[][] {{"h-1", "noHeat", opens.minusSeconds(1)}, {"h-1", "tooCold", opens},
                    {"h-2", "tooCold", opens.plus(hour)}, {"h-2", "noise", closes.minusSeconds(1)}, {"h-3", "tooCold", closes}}) {
                book.record(new io.heathub.complaints.ComplaintInput((String) c[0], (String) c[1], "",
                        (java.time.Instant) c[2]), hour, "ops", (java.time.Instant) c[2]);
            }
            HubKpis withBook = new HubKpis(new AppliedSite(site.service()), new ExportStore(exportDir), () -> book);
            String week = withBook.week(2025, 2, Optional.empty());
            // made in [opens, closes): 3 (2 tooCold, 1 noise); open at closes: the 4 made before it (none resolved)
            assertThat(week).endsWith("\"complaints\":{\"made\":3,\"byCategory\":{\"noise\":1,\"tooCold\":2},"
                    + "\"openAtEnd\":4},\"problems\":[]}");
            // January 2025: all five
            assertThat(withBook.month(java.time.YearMonth.of(2025, 1), Optional.empty()))
                    .contains("\"complaints\":{\"made\":5,\"byCategory\":{\"noHeat\":1,\"noise\":1,\"tooCold\":3},");
        }
        // without the complaints service: said, not zero
        assertThat(kpis.week(2025, 2, Optional.empty())).contains("\"complaints\":null");
    }

    @Test
    void oneSiteAMonthAndASeason() throws Exception {
        assertThat(kpis.week(2025, 2, Optional.of("boiler-1"))).contains("\"sites\":[{\"id\":\"boiler-1\"")
                .doesNotContain("sub-1");

        // January 2025: no cut at 1 January, so unknown; the target is 5 × 31 / 121 = 1.2809917… → 1.280992
        String january = kpis.month(YearMonth.of(2025, 1), Optional.of("sub-1"));
        assertThat(january).startsWith("{\"period\":\"2025-01\",\"from\":\"2024-12-31T16:00:00Z\",\"to\":\"2025-01-31T16:00:00Z\","
                + "\"zone\":\"Asia/Shanghai\",\"season\":\"2024-11-15/2025-03-15\",\"sites\":[")
                .contains("\"electricity\":{\"unit\":\"kWh\",\"total\":null,\"perM2\":null,\"estimated\":null,"
                        + "\"targetPerM2\":1.280992,\"withinTarget\":null,\"problems\":[\"em-1/electric.energy: no cut at "
                        + "2024-12-31T16:00:00Z: no good reading on each side within 3d\"]}");

        // the days of the season asked for are the season: the whole target, 5 kWh/m²
        String season = kpis.season(LocalDate.of(2024, 11, 15), LocalDate.of(2025, 3, 15), Optional.of("sub-1"));
        assertThat(season).startsWith("{\"period\":\"2024-11-15/2025-03-15\",\"from\":\"2024-11-14T16:00:00Z\"")
                .contains("\"targetPerM2\":5.000000");
    }

    @Test
    void unreadableExportRowsAreLeftOutAndListed() throws Exception {
        Path day = exportDir.resolve("readings-2025-01-09.csv");
        Files.writeString(day, "device,point,time,value,unit,quality\nem-1,electric.energy,2025-01-09T00:00:00Z,lots,kWh,good\n"
                + "em-1,volume,2025-01-09T00:00:00Z,1,kWh,good\n", StandardOpenOption.CREATE_NEW);

        String week = kpis.week(2025, 2, Optional.of("sub-1"));

        // the bad value is said where it is; em-1/volume is no counter, so its row is not even looked at
        assertThat(week).endsWith("\"problems\":[\"" + day + ":2:43: value: expected a number, got \\\"lots\\\"\"]}")
                .contains("\"electricity\":{\"unit\":\"kWh\",\"total\":560.000");
    }

    @Test
    void aBrokenOrMissingSectionAnUnknownSiteAndAMissingWeekAreRefused() throws IOException {
        assertThatThrownBy(() -> kpis.week(2025, 53, Optional.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("2025 has no ISO week 53");
        assertThatThrownBy(() -> kpis.week(2025, 2, Optional.of("sub-9"))).isInstanceOf(KpiService.UnknownSiteException.class)
                .hasMessage("unknown site \"sub-9\"; the kpi section has sub-1, boiler-1");
        assertThatThrownBy(() -> kpis.season(LocalDate.of(2025, 3, 15), LocalDate.of(2024, 11, 15), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("season ends (2024-11-15) before it starts (2025-03-15)");

        // a broken edit: the last good version still runs, but the figures say what is wrong instead
        site.write(SITE.replace("heatedAreaM2: 2000", "heatedAreaM2: lots"));
        assertThatThrownBy(() -> kpis.week(2025, 2, Optional.empty())).isInstanceOfSatisfying(KpiService.KpiException.class,
                e -> assertThat(e.problems()).containsExactly(siteFile + ":6:21: kpi.sites[0].heatedAreaM2: expected a number, got \"lots\""));

        site.write("site: { id: demo }\n");
        assertThatThrownBy(() -> kpis.month(YearMonth.of(2025, 1), Optional.empty())).isInstanceOfSatisfying(
                KpiService.KpiException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith("site.yaml has no kpi: section with sites"));
    }

    @Test
    void theExportFollowsTheKpiCountersOfEachSiteVersion() throws IOException {
        Path export = dir.resolve("export2");
        ReadingExportComponent component = new ReadingExportComponent(export, "heat.energy",
                List.of(new KpiCounterPoints(site.service())));
        component.accepted(List.of(good("coal-1", "fuel.coal", "1", Unit.NONE, "2025-02-01T00:00:00Z"),
                good("gas-1", "fuel.gas", "2", Unit.NONE, "2025-02-01T00:00:00Z")));

        site.write(SITE.replace("coal-1, point: fuel.coal", "gas-1, point: fuel.gas"));
        component.accepted(List.of(good("coal-1", "fuel.coal", "3", Unit.NONE, "2025-02-01T00:01:00Z"),
                good("gas-1", "fuel.gas", "4", Unit.NONE, "2025-02-01T00:01:00Z")));
        component.close();

        // only heat.energy is configured: fuel.coal while the site version named it, then fuel.gas
        assertThat(Files.readString(export.resolve("readings-2025-02-01.csv"))).isEqualTo("""
                device,point,time,value,unit,quality
                coal-1,fuel.coal,2025-02-01T00:00:00Z,1,,good
                gas-1,fuel.gas,2025-02-01T00:01:00Z,4,,good
                """);
    }
}
