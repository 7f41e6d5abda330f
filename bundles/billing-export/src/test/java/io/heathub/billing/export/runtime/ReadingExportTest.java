package io.heathub.billing.export.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.billing.input.Problems;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingExportTest {
    @TempDir
    Path dir;

    private static Reading reading(String device, String point, String value, Unit unit, String time, Quality q) {
        return new Reading(device, point, new BigDecimal(value), unit, Instant.parse(time), q, q == Quality.GOOD ? "" : "why");
    }

    @Test
    void writesOneFilePerUtcDayWithExactRows() throws IOException {
        ReadingExportComponent export = new ReadingExportComponent(dir, ReadingExportComponent.DEFAULT_POINTS);
        export.accepted(List.of(
                reading("heat-101", "heat.energy", "1000.50", Unit.KWH, "2024-11-14T23:59:30Z", Quality.GOOD),
                reading("panel-001", "temp.room", "19.5", Unit.CELSIUS, "2024-11-15T00:00:10.250Z", Quality.SUSPECT),
                reading("plc-1", "valve.opening", "40", Unit.PERCENT, "2024-11-15T00:00:10Z", Quality.GOOD),
                reading("meter \"a\",b", "flow", "0.35", Unit.CUBIC_METRE_PER_HOUR, "2024-11-15T01:00:00Z", Quality.BAD)));
        export.close();

        assertThat(Files.readString(dir.resolve("readings-2024-11-14.csv"))).isEqualTo("""
                device,point,time,value,unit,quality
                heat-101,heat.energy,2024-11-14T23:59:30Z,1000.50,kWh,good
                """);
        // valve.opening is not exported; a device id with a quote and a comma is quoted (RFC 4180)
        assertThat(Files.readString(dir.resolve("readings-2024-11-15.csv"))).isEqualTo("""
                device,point,time,value,unit,quality
                panel-001,temp.room,2024-11-15T00:00:10.250Z,19.5,°C,suspect
                "meter ""a"",b",flow,2024-11-15T01:00:00Z,0.35,m³/h,bad
                """);
        assertThat(export.days()).containsExactly(LocalDate.parse("2024-11-14"), LocalDate.parse("2024-11-15"));
    }

    @Test
    void appendsAfterRestartAndDropsALineCutShortByACrash() throws IOException {
        ReadingExportComponent first = new ReadingExportComponent(dir, "heat.energy");
        first.accepted(List.of(reading("heat-101", "heat.energy", "1", Unit.KWH, "2024-11-15T08:00:00Z", Quality.GOOD)));
        first.close();
        Path file = dir.resolve("readings-2024-11-15.csv");
        Files.writeString(file, "heat-101,heat.ener", java.nio.file.StandardOpenOption.APPEND); // power cut mid-write

        ReadingExportComponent second = new ReadingExportComponent(dir, "heat.energy");
        second.accepted(List.of(reading("heat-101", "heat.energy", "2", Unit.KWH, "2024-11-15T08:01:00Z", Quality.GOOD)));
        second.close();

        assertThat(Files.readString(file)).isEqualTo("""
                device,point,time,value,unit,quality
                heat-101,heat.energy,2024-11-15T08:00:00Z,1,kWh,good
                heat-101,heat.energy,2024-11-15T08:01:00Z,2,kWh,good
                """);
    }

    @Test
    void starExportsEveryPointAndTheStoreStreamsARangeWithOneHeader() throws IOException {
        ReadingExportComponent export = new ReadingExportComponent(dir, "*");
        export.accepted(List.of(
                reading("plc-1", "valve.opening", "40", Unit.PERCENT, "2024-11-14T10:00:00Z", Quality.GOOD),
                reading("heat-101", "alarm.stuckCounter", "1", Unit.NONE, "2024-11-15T10:00:00Z", Quality.GOOD),
                reading("heat-101", "heat.energy", "7", Unit.KWH, "2024-11-16T10:00:00Z", Quality.GOOD)));
        // a line still being written when the range is streamed is left out
        Files.writeString(dir.resolve("readings-2024-11-16.csv"), "heat-101,heat.en", java.nio.file.StandardOpenOption.APPEND);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        export.writeCsv(LocalDate.parse("2024-11-15"), LocalDate.parse("2024-11-20"), out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                device,point,time,value,unit,quality
                heat-101,alarm.stuckCounter,2024-11-15T10:00:00Z,1,,good
                heat-101,heat.energy,2024-11-16T10:00:00Z,7,kWh,good
                """);
        export.close();
    }

    @Test
    void billingReadsTheExportBackWithTheSettleReader() throws IOException {
        ReadingExportComponent export = new ReadingExportComponent(dir, ReadingExportComponent.DEFAULT_POINTS);
        Reading energy = reading("heat-101", "heat.energy", "1000.125", Unit.KWH, "2024-11-15T00:00:00Z", Quality.GOOD);
        Reading room = reading("panel-001", "temp.room", "18.4", Unit.CELSIUS, "2024-11-15T03:00:00Z", Quality.ESTIMATED);
        export.accepted(List.of(energy, room,
                reading("heat-101", "flow", "0.3", Unit.CUBIC_METRE_PER_HOUR, "2024-11-15T00:00:00Z", Quality.GOOD)));
        export.close();

        Problems problems = new Problems(10);
        List<Reading> back = export.store().readBilling(LocalDate.parse("2024-11-01"), LocalDate.parse("2024-11-30"),
                Set.of("heat-101", "panel-001")::contains, problems);
        assertThat(problems.lines()).isEmpty();
        // the reason has no column; everything else comes back as written
        assertThat(back).containsExactly(energy, new Reading("panel-001", "temp.room", new BigDecimal("18.4"),
                Unit.CELSIUS, Instant.parse("2024-11-15T03:00:00Z"), Quality.ESTIMATED, ""));
    }

    @Test
    void pointsOtherFeaturesAskForAreExportedAndOneFailingAskerStopsNothing() throws IOException {
        java.util.concurrent.atomic.AtomicReference<Set<String>> asked = new java.util.concurrent.atomic.AtomicReference<>(Set.of("fuel.mass"));
        ReadingExportComponent export = new ReadingExportComponent(dir, "heat.energy", List.of(asked::get, () -> {
            throw new IllegalStateException("site.yaml unreadable");
        }));
        export.accepted(List.of(reading("coal-1", "fuel.mass", "12", Unit.NONE, "2024-11-20T00:00:00Z", Quality.GOOD),
                reading("m1", "heat.energy", "5", Unit.KWH, "2024-11-20T00:00:00Z", Quality.GOOD),
                reading("m1", "flow", "0.5", Unit.CUBIC_METRE_PER_HOUR, "2024-11-20T00:00:00Z", Quality.GOOD)));
        asked.set(Set.of());
        export.accepted(List.of(reading("coal-1", "fuel.mass", "13", Unit.NONE, "2024-11-20T01:00:00Z", Quality.GOOD)));
        export.close();
        assertThat(Files.readString(dir.resolve("readings-2024-11-20.csv"))).isEqualTo("""
                device,point,time,value,unit,quality
                coal-1,fuel.mass,2024-11-20T00:00:00Z,12,,good
                m1,heat.energy,2024-11-20T00:00:00Z,5,kWh,good
                """);
    }

    @Test
    void keepsTheNewestKeepDaysFilesAndAReadingDatedYearsAheadDeletesOnlyOne() throws IOException {
        ReadingExportComponent export = new ReadingExportComponent(dir, "heat.energy", List.of(), java.time.Duration.ZERO, 3);
        for (int day = 1; day <= 5; day++) {
            export.accepted(List.of(reading("m1", "heat.energy", Integer.toString(day), Unit.KWH,
                    "2024-11-0" + day + "T12:00:00Z", Quality.GOOD)));
        }
        assertThat(export.days()).containsExactly(LocalDate.parse("2024-11-03"), LocalDate.parse("2024-11-04"),
                LocalDate.parse("2024-11-05"));
        // a meter or a hub clock in 2099: one more file, one old one goes, the recent days stay
        export.accepted(List.of(reading("m1", "heat.energy", "6", Unit.KWH, "2099-01-01T00:00:00Z", Quality.SUSPECT)));
        export.accepted(List.of(reading("m1", "heat.energy", "7", Unit.KWH, "2024-11-05T13:00:00Z", Quality.GOOD)));
        export.close();
        assertThat(export.days()).containsExactly(LocalDate.parse("2024-11-04"), LocalDate.parse("2024-11-05"),
                LocalDate.parse("2099-01-01"));
        assertThat(Files.readAllLines(dir.resolve("readings-2024-11-05.csv"))).hasSize(3);
    }

    @Test
    void badSyncOrRetentionSettingsAreRefusedNamingThePid() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReadingExportComponent.syncInterval(-1))
                .hasMessageContaining("io.heathub.billing.export").hasMessageContaining("syncSeconds");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReadingExportComponent.keepDays(-5))
                .hasMessageContaining("keepDays");
        assertThat(ReadingExportComponent.syncInterval(0)).isZero();
    }
}
