package io.heathub.billing.settlement.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettleTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path tariff;

    @BeforeEach
    void beijingTariff() throws IOException {
        tariff = write("tariff.yaml", """
                areaPricePerM2: 24
                basePricePerM2: 12
                energyPricePerKWh: 0.16
                policy: refundAndCharge
                """);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private int settle(String... args) {
        return new Settle(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private List<String> stdout() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private List<String> stderr() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static final String HOUSEHOLDS = """
            household,area_m2,meter,room_sensor,tariff
            h1,90,m1,r1,two-part
            "2-1, 501",60,m2,,area
            h3,80,m3,,two-part
            """;

    // Season 15–17 Nov 2024 in Asia/Shanghai: cuts at 14 Nov 16:00Z and 17 Nov 16:00Z (3 days).
    private static final String READINGS = """
            device,point,time,value,unit,quality
            m1,heat.energy,2024-11-14T16:00:00Z,1000,kWh,GOOD
            m1,heat.energy,2024-11-15T16:00:00Z,1050,kWh,GOOD
            m1,flow,2024-11-15T16:00:00Z,0.5,furlongs,GOOD
            m1,heat.energy,2024-11-16T16:00:00Z,1100,kWh,good
            m1,heat.energy,2024-11-17T16:00:00Z,1150,kWh,GOOD
            r1,temp.room,2024-11-15T02:00:00Z,17.0,°C,GOOD
            r1,temp.room,2024-11-16T02:00:00Z,20,°C,GOOD
            r1,temp.room,2024-11-16T03:00:00Z,4,°C,SUSPECT
            m2,heat.energy,2024-11-14T15:00:00Z,500,kWh,GOOD
            m2,heat.energy,2024-11-14T16:00:00Z,9999,kWh,BAD
            m2,heat.energy,2024-11-14T17:00:00Z,502,kWh,GOOD
            m2,heat.energy,2024-11-17T16:00:00Z,600,kWh,GOOD
            m3,heat.energy,2024-11-16T00:00:00Z,10,kWh,GOOD
            m3,heat.energy,2024-11-18T00:00:00Z,20,kWh,GOOD
            """;

    @Test
    void settlesEveryHouseholdInInputOrder() throws IOException {
        Path households = write("households.csv", HOUSEHOLDS);
        Path readings = write("readings.csv", READINGS);

        int status = settle("--tariff", tariff.toString(), "--households", households.toString(),
                "--readings", readings.toString(), "--season", "2024-11-15/2024-11-17");

        assertThat(status).isZero();
        // h1: 1150 − 1000 = 150 kWh; 90 × 12 + 150 × 0.16 = 1080 + 24 = 1104 vs 90 × 24 = 2160 → refund 1056.
        //     rooms: 15th 17.0 → cool (20 %), 16th 20 (the SUSPECT 4 ignored) → none, 17th no data → unknown;
        //     day fee 90 × 12 / 3 = 360 → 20 % × 360 = 72.
        // "2-1, 501" (area, 60 m²): start cut between 500 at 15:00Z and 502 at 17:00Z (the BAD 9999 ignored)
        //     = 501, estimated; end 600 → 99 kWh; pays 60 × 24 = 1440, no refund, no charge.
        // h3: first good reading after the season opened → error, no amounts.
        assertThat(stdout()).containsExactly(
                "{\"household\":\"h1\",\"heatKWh\":150.000,\"estimated\":false,\"prepaid\":2160.00,\"twoPart\":1104.00,"
                        + "\"refund\":1056.00,\"charge\":0.00,\"coldDays\":{\"none\":1,\"cool\":1,\"cold\":0,\"freezing\":0,"
                        + "\"noHeat\":0,\"unknown\":1},\"coldRoomRefund\":72.00}",
                "{\"household\":\"2-1, 501\",\"heatKWh\":99.000,\"estimated\":true,\"prepaid\":1440.00,\"twoPart\":null,"
                        + "\"refund\":0.00,\"charge\":0.00,\"coldDays\":{\"none\":0,\"cool\":0,\"cold\":0,\"freezing\":0,"
                        + "\"noHeat\":0,\"unknown\":3},\"coldRoomRefund\":0.00}",
                "{\"household\":\"h3\",\"heatKWh\":null,\"estimated\":null,\"prepaid\":null,\"twoPart\":null,"
                        + "\"refund\":null,\"charge\":null,\"coldDays\":{\"none\":0,\"cool\":0,\"cold\":0,\"freezing\":0,"
                        + "\"noHeat\":0,\"unknown\":3},\"coldRoomRefund\":null,\"error\":\"no season cut: meter m3 has no good "
                        + "heat.energy reading before the cut at 2024-11-15T00:00+08:00 (first one at 2024-11-16T08:00+08:00)\"}");
        assertThat(stderr()).singleElement().asString()
                .startsWith("settle: warning: household h3: meter m3: 2 of 3 days have no cut at one end (first 2024-11-15)");
    }

    @Test
    void aSiteFileAndAnExportFolderGiveTheSameLinesAsTheFiles() throws IOException {
        Path households = write("households.csv", HOUSEHOLDS);
        Path readings = write("readings.csv", READINGS);
        settle("--tariff", tariff.toString(), "--households", households.toString(),
                "--readings", readings.toString(), "--season", "2024-11-15/2024-11-17");
        List<String> fromFiles = stdout();
        out.reset();
        err.reset();
        // the same households and tariff in a site.yaml, the readings split over two day files of a folder
        Path site = write("site.yaml", """
                site: { id: s, zone: Asia/Shanghai }
                households: households.csv
                tariff: { areaPricePerM2: 24, basePricePerM2: 12, energyPricePerKWh: 0.16 }
                """);
        Path export = Files.createDirectories(dir.resolve("export"));
        List<String> rows = READINGS.lines().skip(1).toList();
        String header = "device,point,time,value,unit,quality\n";
        Files.writeString(export.resolve("readings-2024-11-14.csv"), header + String.join("\n", rows.subList(0, 7)) + "\n");
        Files.writeString(export.resolve("readings-2024-11-16.csv"), header + String.join("\n", rows.subList(7, rows.size())) + "\n");
        Files.writeString(export.resolve("notes.txt"), "not a CSV: ignored");

        int status = settle("--site", site.toString(), "--readings", export.toString(), "--season", "2024-11-15/2024-11-17");

        assertThat(status).isZero();
        assertThat(stdout()).hasSize(3).isEqualTo(fromFiles);
    }

    @Test
    void siteProblemsAndAnEmptyFolderAreReportedNotSettled() throws IOException {
        Path site = write("site.yaml", """
                households:
                  - { household: h1, areaM2: -5, meter: m1, tariff: two-part }
                tarif: { areaPricePerM2: 24 }
                """);
        Path export = Files.createDirectories(dir.resolve("empty"));

        int status = settle("--site", site.toString(), "--readings", export.toString(), "--season", "2024-11-15/2024-11-17");

        // the site is read as the hub reads it: every problem of it, located, a typo with the nearest key
        assertThat(status).isEqualTo(2);
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).containsExactly(
                site + ":2:30: households[0].areaM2: area must be positive, got -5",
                site + ":3:8: tarif: unknown section 'tarif' (did you mean 'tariff'?)",
                export + ": no .csv files in this directory");
        err.reset();
        Files.writeString(site, "households:\n  - { household: h1, areaM2: 5, meter: m1, tariff: two-part }\n");
        assertThat(settle("--site", site.toString(), "--readings", export.toString(), "--season", "2024-11-15/2024-11-17"))
                .isEqualTo(2);
        assertThat(stderr()).containsExactly(
                site + ": no tariff: section (or give --tariff FILE.yaml)",
                export + ": no .csv files in this directory");
        err.reset();
        assertThat(settle("--readings", export.toString(), "--season", "2024-11-15/2024-11-17")).isEqualTo(2);
        assertThat(stderr().get(0)).isEqualTo("settle: --tariff is required (or --site SITE.yaml)");
    }

    @Test
    void elasticPeriodsFromTheHouseholdsFileAreBilledOnTop() throws IOException {
        Path households = write("households.csv", """
                household,area_m2,meter,room_sensor,tariff,elastic
                h1,90,m1,,two-part,2024-11-10/2024-11-11
                """);
        // elastic 10–11 Nov in Asia/Shanghai: 9 Nov 16:00Z → 11 Nov 16:00Z, 940 → 1000 = 60 kWh × 0.16 = 9.60
        Path readings = write("readings.csv", """
                device,point,time,value,unit,quality
                m1,heat.energy,2024-11-09T16:00:00Z,940,kWh,GOOD
                m1,heat.energy,2024-11-11T16:00:00Z,1000,kWh,GOOD
                m1,heat.energy,2024-11-14T16:00:00Z,1000,kWh,GOOD
                m1,heat.energy,2024-11-17T16:00:00Z,1150,kWh,GOOD
                """);

        int status = settle("--tariff", tariff.toString(), "--households", households.toString(),
                "--readings", readings.toString(), "--season", "2024-11-15/2024-11-17");

        assertThat(status).isZero();
        assertThat(stdout()).singleElement().asString().contains("\"heatKWh\":150.000")
                .contains("\"elasticKWh\":60.000").contains("\"elasticCharge\":9.60");
    }

    @Test
    void theZoneOptionMovesTheCuts() throws IOException {
        Path households = write("households.csv", "household,area_m2,meter,room_sensor,tariff\nh1,90,m1,,two-part\n");
        // UTC midnights: 1020 at 15 Nov 00:00Z and 1170 at 18 Nov 00:00Z; the Shanghai midnights are interpolated
        Path readings = write("readings.csv", """
                device,point,time,value,unit,quality
                m1,heat.energy,2024-11-14T16:00:00Z,1000,kWh,GOOD
                m1,heat.energy,2024-11-15T00:00:00Z,1020,kWh,GOOD
                m1,heat.energy,2024-11-17T16:00:00Z,1150,kWh,GOOD
                m1,heat.energy,2024-11-18T00:00:00Z,1170,kWh,GOOD
                """);

        int status = settle("--tariff", tariff.toString(), "--households", households.toString(),
                "--readings", readings.toString(), "--season", "2024-11-15/2024-11-17", "--zone", "UTC");

        assertThat(status).isZero();
        // UTC: 1170 − 1020 = 150 kWh, both exact; same bill as h1 above (1104, refund 1056)
        assertThat(stdout()).singleElement().asString()
                .startsWith("{\"household\":\"h1\",\"heatKWh\":150.000,\"estimated\":false,\"prepaid\":2160.00,\"twoPart\":1104.00,\"refund\":1056.00,");
    }

    @Test
    void badRowsAreAllReportedWithFileLineAndColumn() throws IOException {
        Path households = write("households.csv", """
                household,area_m2,meter,room_sensor,tariff
                h1,ninety,m1,r1,two-part
                h2,60,m2,,flat
                h3,80,,,two-part
                h1,50,m4,,area
                """);
        Path readings = write("readings.csv", """
                device,point,time,value,unit,quality
                m1,heat.energy,2024-11-15 00:00,1000,kWh,GOOD
                m1,heat.energy,2024-11-15T00:00:00Z,1000,MWh,GOOD
                r1,temp.room,2024-11-15T00:00:00Z,19.5,°C,OK
                r1,temp.room,2024-11-15T00:00:00Z,19.5
                m1,heat.energy,2024-11-15T01:00:00Z,1e,kWh,GOOD
                """);

        int status = settle("--tariff", tariff.toString(), "--households", households.toString(),
                "--readings", readings.toString(), "--season", "2024-11-15/2024-11-17");

        assertThat(status).isEqualTo(2);
        assertThat(stdout()).isEmpty();
        String h = households.toString();
        String r = readings.toString();
        assertThat(stderr()).containsExactly(
                h + ":2:4: area_m2: expected a number of m², got \"ninety\"",
                h + ":3:11: tariff: unknown tariff \"flat\"; expected two-part or area",
                h + ":4:7: meter: a two-part household needs a meter",
                h + ":5:1: household: household \"h1\" is listed twice (first on line 2)",
                r + ":2:16: time: expected an ISO-8601 time with offset, e.g. 2024-11-15T00:00:00Z, got \"2024-11-15 00:00\"",
                r + ":3:42: unit: unit \"MWh\" does not match point heat.energy (expected kWh)",
                r + ":4:43: quality: expected good, estimated, suspect or bad, got \"OK\"",
                r + ":5:39: unit: missing: the row has 4 of 6 columns",
                r + ":6:37: value: expected a number, got \"1e\"");
    }

    @Test
    void moreThanTwentyProblemsAreCounted() throws IOException {
        Path households = write("households.csv", "household,area_m2,meter,room_sensor,tariff\nh1,90,m1,,two-part\n");
        StringBuilder readings = new StringBuilder("device,point,time,value,unit,quality\n");
        for (int i = 0; i < 25; i++) {
            readings.append("m1,heat.energy,2024-11-15T00:00:00Z,").append(i).append(",GJ,GOOD\n");
        }
        Path file = write("readings.csv", readings.toString());

        int status = settle("--tariff", tariff.toString(), "--households", households.toString(),
                "--readings", file.toString(), "--season", "2024-11-15/2024-11-17");

        // 25 bad units: 20 printed, then the count of the other 5; "m1,heat.energy,2024-11-15T00:00:00Z,0," is 38 chars → column 39
        assertThat(status).isEqualTo(2);
        List<String> lines = stderr();
        assertThat(lines).hasSize(21);
        assertThat(lines.get(0)).isEqualTo(file + ":2:39: unit: unit \"GJ\" does not match point heat.energy (expected kWh)");
        assertThat(lines.get(20)).isEqualTo("... and 5 more problems");
    }

    @Test
    void aBrokenTariffAndAMissingFileAreReportedTogether() throws IOException {
        Path badTariff = write("bad.yaml", "areaPricePerM2: 24\nbasePricePerM2: 12\nenergyPricePerKWh: 0.16\npolicy: maybe\n");
        Path households = write("households.csv", "household,area_m2,meter,room_sensor,tariff\n");
        Path missing = dir.resolve("nope.csv");

        int status = settle("--tariff", badTariff.toString(), "--households", households.toString(),
                "--readings", missing.toString(), "--season", "2024-11-15/2024-11-17");

        assertThat(status).isEqualTo(2);
        assertThat(stderr()).containsExactly(
                badTariff + ":4:9: policy: unknown policy \"maybe\"; expected refundAndCharge or refundOnly",
                missing + ": cannot read: no such file");
    }

    @Test
    void aHeaderWithAWrongColumnIsRefused() throws IOException {
        Path households = write("households.csv", "household,area,meter,room_sensor,tariff\nh1,90,m1,,two-part\n");
        Path readings = write("readings.csv", "device,point,time,value,unit,quality\n");

        int status = settle("--tariff", tariff.toString(), "--households", households.toString(),
                "--readings", readings.toString(), "--season", "2024-11-15/2024-11-17");

        assertThat(status).isEqualTo(2);
        assertThat(stderr()).containsExactly(
                households + ":1:11: area: unknown column; expected the header household,area_m2,meter,room_sensor,tariff"
                        + " (optional: building,zone,elastic)",
                households + ":1:1: area_m2: missing from the header; expected household,area_m2,meter,room_sensor,tariff");
    }

    @Test
    void badArgumentsExitWith2AndSayWhy() {
        List<String> firstLines = new ArrayList<>();
        assertThat(settle("--tariff", "t.yaml", "--households", "h.csv", "--readings", "r.csv")).isEqualTo(2);
        firstLines.add(stderr().get(0));
        err.reset();
        assertThat(settle("--tariff", "t.yaml", "--households", "h.csv", "--readings", "r.csv", "--season", "2024-11-15")).isEqualTo(2);
        firstLines.add(stderr().get(0));
        err.reset();
        assertThat(settle("--tariff", "t.yaml", "--households", "h.csv", "--readings", "r.csv", "--season",
                "2024-11-15/2025-03-15", "--zone", "Mars/Olympus")).isEqualTo(2);
        firstLines.add(stderr().get(0));

        assertThat(firstLines).containsExactly(
                "settle: --season is required",
                "settle: expected START/END with ISO dates, e.g. 2024-11-15/2025-03-15, got \"2024-11-15\"",
                "settle: unknown time zone \"Mars/Olympus\" (e.g. Asia/Shanghai, UTC)");
    }
}
