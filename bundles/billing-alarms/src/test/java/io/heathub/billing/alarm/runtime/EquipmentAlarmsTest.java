package io.heathub.billing.alarm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.hub.ReadingSink;
import io.heathub.billing.alarm.Alarm;
import io.heathub.billing.alarm.Condition;
import io.heathub.billing.fixtures.TestSite;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.testkit.SettableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Equipment alarms from any point on core's real site owner: the rules' alarms raised, kept, cleared,
 * acknowledged and journaled as {@code alarm.<kind>} readings through a sink that, like core's
 * pipeline, hands accepted readings back to the listeners.
 */
class EquipmentAlarmsTest {
    private static final Instant T0 = Instant.parse("2025-11-20T00:00:00Z");
    private static final String RULES = AlarmRulesTest.DEVICES + """
            alarms:
              responseTimes: { 1: 1h, 2: 4h, 3: 8h }
              clearAfter: 30m
              rules:
                - { kind: driveTrip, device: pump-1, point: pump.status, bit: 3, class: 2, text: drive tripped }
                - { kind: supplyTooHot, device: plc-1, point: temp.supply, above: 90, hysteresis: 2, for: 1m }
                - { kind: outdoorSensorStale, device: plc-1, point: temp.outdoor, staleAfter: 5m }
                - { kind: communicationLost, devices: [plc-1, pump-1], silentFor: 2m, class: 3 }
            """;

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(T0);
    private final List<Reading> journaled = new ArrayList<>();
    private TestSite site;
    private LiveAlarms live;
    private EquipmentAlarms equipment;

    private final ReadingSink sink = readings -> {
        journaled.addAll(readings);
        live.accepted(readings);
        equipment.accepted(readings);
        return readings;
    };

    private void start(String yaml) {
        site = TestSite.of(dir, yaml, new HouseholdsSection(), new HealthSection(), new AlarmsSection());
        startAlarms();
    }

    /** The alarms on the site, with their book file in the test's folder (kept across a restart). */
    private void startAlarms() {
        try {
            live = new LiveAlarms(site.service(), sink, clock, Duration.ofMinutes(5), Duration.ofHours(24), 10_000,
                    AlarmRecords.open(dir.resolve("alarms/alarm-book.jsonl")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        equipment = new EquipmentAlarms(site.service(), live.desk(), clock);
    }

    /** The hub restarts: the alarms forget everything but their book file. */
    private void restartAlarms() {
        equipment.close();
        live.close();
        startAlarms();
    }

    @AfterEach
    void close() {
        if (equipment != null) {
            equipment.close();
            live.close();
        }
        if (site != null) {
            site.close();
        }
    }

    /** Readings of a poll arriving now. */
    private void poll(Reading... readings) {
        equipment.accepted(List.of(readings));
    }

    private static Reading good(String device, String point, String value) {
        return Reading.good(device, point, new BigDecimal(value), Unit.NONE, T0);
    }

    private void at(Duration after) {
        clock.set(T0.plus(after));
    }

    private List<Reading> readingsOf(String point) {
        return journaled.stream().filter(r -> r.point().equals(point)).toList();
    }

    @Test
    void aDriveFaultBitRaisesTheDrivesAlarmAtOnceAndClearsItWhenTheBitGoes() {
        start(RULES);
        // FC 51 status word (FC profile): 0x0B07 control/drive ready, running, no alarm
        poll(good("pump-1", "pump.status", "2823"), good("plc-1", "temp.outdoor", "-5"));
        equipment.evaluate();
        assertThat(live.open()).isEmpty();

        at(Duration.ofSeconds(10));
        poll(good("pump-1", "pump.status", String.valueOf(0x0B07 | 0x0008)), good("plc-1", "temp.outdoor", "-5"));
        equipment.evaluate();
        Alarm trip = live.open().stream().filter(a -> a.id().equals("driveTrip:pump-1")).findFirst().orElseThrow();
        assertThat(trip.faultClass()).isEqualTo(2);
        assertThat(trip.dueBy()).isEqualTo(T0.plus(Duration.ofSeconds(10)).plus(Duration.ofHours(4)));
        assertThat(trip.evidence()).isEqualTo("drive tripped: pump.status = 2831 (bit 3 set) since 2025-11-20T00:00:10Z");
        assertThat(readingsOf("alarm.driveTrip")).singleElement().satisfies(r -> {
            assertThat(r.device()).isEqualTo("pump-1");
            assertThat(r.value()).isEqualByComparingTo("1");
            assertThat(r.quality()).isEqualTo(Quality.GOOD);
            assertThat(r.reason()).isEqualTo("RAISED class 2 respond within 4h: " + trip.evidence());
        });

        // held past clearAfter (30m): observed again every half of it (an UPDATED reading), never cleared meanwhile
        for (int minutes = 5; minutes <= 40; minutes += 5) {
            at(Duration.ofMinutes(minutes));
            poll(good("pump-1", "pump.status", "2831"), good("plc-1", "temp.outdoor", "-5"));
            equipment.evaluate();
        }
        assertThat(live.open()).extracting(Alarm::id).contains("driveTrip:pump-1");
        assertThat(readingsOf("alarm.driveTrip")).extracting(r -> r.time().toString() + "=" + r.value().intValue())
                .containsExactly("2025-11-20T00:00:10Z=1", "2025-11-20T00:20:00Z=1", "2025-11-20T00:40:00Z=1");

        // the operator takes it on; then the bit goes: cleared at once, not clearAfter later
        live.acknowledge("driveTrip:pump-1", "ops-li");
        at(Duration.ofMinutes(41));
        poll(good("pump-1", "pump.status", "2823"), good("plc-1", "temp.outdoor", "-5"));
        equipment.evaluate();
        assertThat(live.open()).extracting(Alarm::id).doesNotContain("driveTrip:pump-1");
        assertThat(readingsOf("alarm.driveTrip")).extracting(r -> r.value().intValue()).containsExactly(1, 1, 1, 3, 0);
        assertThat(readingsOf("alarm.driveTrip").get(3).reason()).startsWith("ACKNOWLEDGED by ops-li class 2");
    }

    @Test
    void aSuspectStatusWordStillShowsItsBitsABadOneIsNotJudged() {
        start(RULES);
        poll(new Reading("pump-1", "pump.status", new BigDecimal("8"), Unit.NONE, T0, Quality.SUSPECT,
                "value 8 is not a documented state"));
        equipment.evaluate();
        assertThat(live.open()).extracting(Alarm::id).containsExactly("driveTrip:pump-1");
        // a BAD word (and a fractional value) leaves the last judgement standing
        at(Duration.ofSeconds(5));
        poll(new Reading("pump-1", "pump.status", BigDecimal.ZERO, Unit.NONE, T0, Quality.BAD, "NaN"));
        poll(good("pump-1", "pump.status", "0.5"));
        equipment.evaluate();
        assertThat(live.open()).extracting(Alarm::id).containsExactly("driveTrip:pump-1");
    }

    @Test
    void aThresholdHoldsForItsDurationAndClearsOnlyPastItsHysteresis() {
        start(RULES);
        poll(good("plc-1", "temp.supply", "91"), good("plc-1", "temp.outdoor", "-5"));
        equipment.evaluate();
        at(Duration.ofSeconds(59));
        poll(good("plc-1", "temp.supply", "92"), good("plc-1", "temp.outdoor", "-5"));
        equipment.evaluate();
        assertThat(live.open()).isEmpty(); // above 90 for 59 s: not yet a minute

        at(Duration.ofSeconds(60));
        equipment.evaluate();
        assertThat(live.open()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("supplyTooHot:plc-1");
            assertThat(a.faultClass()).isEqualTo(1);
            assertThat(a.evidence()).isEqualTo("temp.supply = 92 (above 90, off at 88) since 2025-11-20T00:00:00Z");
        });
        at(Duration.ofSeconds(65));
        poll(good("plc-1", "temp.supply", "89"), good("plc-1", "temp.outdoor", "-5"));
        equipment.evaluate();
        assertThat(live.open()).extracting(Alarm::id).containsExactly("supplyTooHot:plc-1"); // within the band
        at(Duration.ofSeconds(70));
        poll(good("plc-1", "temp.supply", "88"), good("plc-1", "temp.outdoor", "-5"));
        equipment.evaluate();
        assertThat(live.open()).isEmpty();
        // a SUSPECT value is no temperature to judge
        at(Duration.ofSeconds(75));
        poll(new Reading("plc-1", "temp.supply", new BigDecimal("99"), Unit.CELSIUS, T0, Quality.SUSPECT, "odd"));
        at(Duration.ofMinutes(3));
        equipment.evaluate();
        assertThat(live.open()).extracting(Alarm::id).doesNotContain("supplyTooHot:plc-1");
    }

    @Test
    void staleDataAndALostDeviceRaiseTheirAlarmsAndTheDevicesReturnClearsThem() {
        start(RULES);
        poll(good("plc-1", "temp.outdoor", "-5"), good("pump-1", "pump.status", "2823"));
        // the PLC answers but its outdoor sensor is BAD from now on
        at(Duration.ofMinutes(4));
        poll(new Reading("plc-1", "temp.outdoor", BigDecimal.ZERO, Unit.CELSIUS, T0, Quality.BAD, "NaN"),
                good("pump-1", "pump.status", "2823"));
        equipment.evaluate();
        assertThat(live.open()).isEmpty();
        at(Duration.ofMinutes(5).plusSeconds(1));
        poll(new Reading("plc-1", "temp.outdoor", BigDecimal.ZERO, Unit.CELSIUS, T0, Quality.BAD, "NaN"));
        equipment.evaluate();
        // pump-1 last heard at 4m: silent for 1m01 of its 2m; the outdoor sensor stale for 5m01
        assertThat(live.open()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("outdoorSensorStale:plc-1");
            assertThat(a.evidence()).isEqualTo("no good temp.outdoor reading since 2025-11-20T00:00:00Z (stale after 5m)");
        });

        at(Duration.ofMinutes(6).plusSeconds(1));
        equipment.evaluate();
        assertThat(live.open()).extracting(Alarm::id).containsExactly("communicationLost:pump-1", "outdoorSensorStale:plc-1");
        Alarm lost = live.open().get(0);
        assertThat(lost.faultClass()).isEqualTo(3);
        assertThat(lost.evidence()).isEqualTo("nothing heard from pump-1 since 2025-11-20T00:04:00Z (communication lost after 2m)");
        // its own alarm reading (device pump-1) is not the drive speaking
        assertThat(readingsOf("alarm.communicationLost")).singleElement().satisfies(r -> assertThat(r.device()).isEqualTo("pump-1"));
        at(Duration.ofMinutes(7));
        equipment.evaluate();
        assertThat(live.open()).extracting(Alarm::id).contains("communicationLost:pump-1");

        at(Duration.ofMinutes(8));
        poll(good("pump-1", "pump.status", "2823"), good("plc-1", "temp.outdoor", "-4.5"));
        equipment.evaluate();
        assertThat(live.open()).isEmpty();
        assertThat(readingsOf("alarm.communicationLost")).extracting(r -> r.value().intValue()).containsExactly(1, 0);
        assertThat(readingsOf("alarm.outdoorSensorStale")).extracting(r -> r.value().intValue()).containsExactly(1, 0);
    }

    @Test
    void aDeviceNeverHeardIsSilentFromWhenItsRuleWasApplied() {
        start(RULES);
        at(Duration.ofMinutes(2).plusSeconds(1));
        equipment.evaluate();
        assertThat(live.open()).extracting(Alarm::evidence).contains(
                "nothing heard from plc-1 since watching began at 2025-11-20T00:00:00Z (communication lost after 2m)");
    }

    @Test
    void aNewVersionWithoutTheRuleReleasesItsAlarmAndAnotherFeaturesHeldConditionsStayApart() {
        start(RULES);
        poll(good("pump-1", "pump.status", "8"));
        live.hold("obligations", List.of(new Condition("roomsBelowMinimum", "building-3", "3 of 12 rooms below 18 °C")));
        equipment.evaluate();
        assertThat(live.open()).extracting(Alarm::id).containsExactly("driveTrip:pump-1", "roomsBelowMinimum:building-3");

        site.write(AlarmRulesTest.DEVICES + "alarms: { rules: [] }\n");
        at(Duration.ofSeconds(5));
        equipment.evaluate();
        assertThat(live.open()).extracting(Alarm::id).containsExactly("roomsBelowMinimum:building-3");
        live.hold("obligations", List.of());
        assertThat(live.open()).isEmpty();
        assertThat(readingsOf("alarm.roomsBelowMinimum")).extracting(r -> r.device() + "=" + r.value().intValue())
                .containsExactly("building-3=1", "building-3=0");
    }

    @Test
    void anAcknowledgedAlarmSurvivesARestartWithItsDeadlineAndIsNotRaisedAgain() throws Exception {
        start(RULES);
        poll(good("pump-1", "pump.status", String.valueOf(0x0B07 | 0x0008)), good("plc-1", "temp.outdoor", "-5"));
        equipment.evaluate();
        Alarm raised = live.open().stream().filter(a -> a.id().equals("driveTrip:pump-1")).findFirst().orElseThrow();
        at(Duration.ofMinutes(2));
        live.acknowledge("driveTrip:pump-1", "ops-li");

        at(Duration.ofMinutes(3));
        restartAlarms();
        Alarm restored = live.open().stream().filter(a -> a.id().equals("driveTrip:pump-1")).findFirst().orElseThrow();
        assertThat(restored.raisedAt()).isEqualTo(raised.raisedAt());
        assertThat(restored.dueBy()).isEqualTo(raised.dueBy());
        assertThat(restored.acknowledgedBy()).isEqualTo("ops-li");
        assertThat(restored.acknowledgedAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));

        // the fault is still there after the restart: the same occurrence goes on, acknowledged, never overdue
        for (int minutes = 4; minutes <= 300; minutes += 10) {      // past its 4 h deadline
            at(Duration.ofMinutes(minutes));
            poll(good("pump-1", "pump.status", String.valueOf(0x0B07 | 0x0008)), good("plc-1", "temp.outdoor", "-5"));
            equipment.evaluate();
        }
        assertThat(readingsOf("alarm.driveTrip")).extracting(r -> r.reason().substring(0, r.reason().indexOf(' ')))
                .as("raised once, acknowledged once, no second RAISED and no OVERDUE").doesNotContain("OVERDUE")
                .filteredOn("RAISED"::equals).hasSize(1);
        assertThat(live.open()).filteredOn(a -> a.id().equals("driveTrip:pump-1"))
                .singleElement().satisfies(a -> assertThat(a.acknowledged()).isTrue());

        // cleared: after the next restart it is gone
        at(Duration.ofMinutes(301));
        poll(good("pump-1", "pump.status", "2823"), good("plc-1", "temp.outdoor", "-5"));
        equipment.evaluate();
        restartAlarms();
        assertThat(live.open()).extracting(Alarm::id).doesNotContain("driveTrip:pump-1");
    }

    @Test
    void aDamagedBookLineIsLeftOutAndTheRestRestored() throws Exception {
        java.nio.file.Path book = dir.resolve("alarms/alarm-book.jsonl");
        java.nio.file.Files.createDirectories(book.getParent());
        Alarm kept = new Alarm("driveTrip:pump-1", "driveTrip", "pump-1", 2, "drive tripped", 3, T0.minusSeconds(60),
                T0.minusSeconds(30), T0.plus(Duration.ofHours(4)).minusSeconds(60), false, null, null, null);
        java.nio.file.Files.writeString(book, "{\"id\":\"x\",\"kind\":\"y\",\"class\":\"one\"}\n"
                + AlarmRecords.format(kept) + "\n");
        start(RULES);
        assertThat(live.open()).containsExactly(new Alarm(kept.id(), kept.kind(), kept.subject(), 2, "drive tripped", 3,
                kept.raisedAt(), T0, kept.dueBy(), false, null, null, null));
    }
}
