package io.heathub.billing.alarm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.hub.ReadingSink;
import io.heathub.api.journal.JournalException;
import io.heathub.billing.alarm.Alarm;
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
 * Live alarms on the site versions of core's real site owner, with a fake ReadingSink that, like core's
 * pipeline, hands accepted readings back to the listeners.
 */
class LiveAlarmsTest {
    private static final Instant T0 = Instant.parse("2025-01-06T00:00:00Z");
    private static final String SITE = """
            site: { id: demo, zone: Asia/Shanghai }
            households:
              - { household: h-101, areaM2: 90, meter: heat-101, roomSensor: panel-001, tariff: two-part }
            health: { stuckAfter: 2h, meterDefaults: { pollInterval: 15m } }
            alarms: { responseTimes: { 1: 1h, 2: 4h }, defaultClass: 1, clearAfter: 30m }
            """;

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(T0);
    private final List<Reading> journaled = new ArrayList<>();
    private int refuseNext;
    private TestSite site;
    private LiveAlarms alarms;

    private final ReadingSink sink = readings -> {
        if (refuseNext > 0) {
            refuseNext--;
            throw new JournalException("journal full");
        }
        journaled.addAll(readings);
        alarms.accepted(readings);
        return readings;
    };

    private LiveAlarms start() {
        return start(SITE, Duration.ofMinutes(5));
    }

    private LiveAlarms start(String yaml, Duration checkInterval) {
        site = TestSite.of(dir, yaml, new HouseholdsSection(), new HealthSection(), new AlarmsSection());
        alarms = new LiveAlarms(site.service(), sink, clock, checkInterval, Duration.ofHours(24), 100_000);
        return alarms;
    }

    @AfterEach
    void close() {
        if (alarms != null) {
            alarms.close();
        }
        if (site != null) {
            site.close();
        }
    }

    /** heat-101 every 15 minutes from {@code from} to {@code to} inclusive: the counter at {@code kWh(i)}, flow 0.5. */
    private void meter(Instant from, Instant to, java.util.function.IntFunction<String> kWh) {
        int i = 0;
        for (Instant t = from; !t.isAfter(to); t = t.plus(Duration.ofMinutes(15)), i++) {
            alarms.accepted(List.of(
                    Reading.good("heat-101", "heat.energy", new BigDecimal(kWh.apply(i)), Unit.KWH, t),
                    Reading.good("heat-101", "flow", new BigDecimal("0.5"), Unit.CUBIC_METRE_PER_HOUR, t),
                    Reading.good("panel-001", "temp.room", new BigDecimal("20"), Unit.CELSIUS, t)));
        }
    }

    private List<Reading> alarmReadings() {
        return journaled.stream().filter(r -> r.point().equals("alarm.stuckCounter")).toList();
    }

    @Test
    void aStuckCounterRaisesAnAlarmReadingAndClearsWhenTheCounterMovesAgain() {
        start();
        meter(T0, T0.plus(Duration.ofHours(3)), i -> "1000");
        clock.set(T0.plus(Duration.ofHours(3)));
        alarms.check();

        assertThat(alarmReadings()).hasSize(1);
        Reading raised = alarmReadings().get(0);
        assertThat(raised.device()).isEqualTo("heat-101");
        assertThat(raised.value()).isEqualByComparingTo("1");
        assertThat(raised.unit()).isEqualTo(Unit.NONE);
        assertThat(raised.quality()).isEqualTo(Quality.GOOD);
        assertThat(raised.time()).isEqualTo(T0.plus(Duration.ofHours(3)));
        assertThat(raised.reason()).startsWith("RAISED class 1 respond within 1h: heat.energy stayed at 1000 kWh for 3h ");
        assertThat(alarms.open()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("stuckCounter:heat-101");
            assertThat(a.dueBy()).isEqualTo(T0.plus(Duration.ofHours(4)));
        });

        // the counter moves again at 3h15: the stretch ended at 3h00, still within a check and a poll of now
        meter(T0.plus(Duration.ofMinutes(195)), T0.plus(Duration.ofMinutes(195)), i -> "1001");
        clock.set(T0.plus(Duration.ofMinutes(195)));
        alarms.check();
        meter(T0.plus(Duration.ofMinutes(210)), T0.plus(Duration.ofMinutes(225)), i -> String.valueOf(1002 + i));
        clock.set(T0.plus(Duration.ofMinutes(225)));
        alarms.check(); // no fresh evidence since 3h15 and clearAfter 30m has passed
        assertThat(alarmReadings()).extracting(r -> r.value().intValue()).containsExactly(1, 1, 0);
        assertThat(alarmReadings().get(2).reason()).startsWith("CLEARED class 1 respond within 1h: ");
        assertThat(alarms.open()).isEmpty();
    }

    @Test
    void aBuildingMeterIsComparedWithItsHouseholdsOverWhatTheLiveWindowHolds() {
        start(SITE.replace("tariff: two-part }", "tariff: two-part, building: A }")
                .replace("\nhealth:", "\nbuildings: [{ id: A, meter: heat-b1 }]\nhealth:"), Duration.ofMinutes(5));
        // the meters' first readings come after the hub started listening, their last before now: the window's
        // own ends have no cut. heat-101 uses 10 kWh a quarter; heat-b1 counts 20 % less (a drifting building meter)
        Instant first = T0.plus(Duration.ofMinutes(7));
        for (int i = 0; i <= 8; i++) {
            Instant t = first.plus(Duration.ofMinutes(15).multipliedBy(i));
            alarms.accepted(List.of(
                    Reading.good("heat-101", "heat.energy", BigDecimal.valueOf(1000 + 10 * i), Unit.KWH, t),
                    Reading.good("heat-101", "flow", new BigDecimal("0.5"), Unit.CUBIC_METRE_PER_HOUR, t),
                    Reading.good("heat-b1", "heat.energy", BigDecimal.valueOf(5000 + 8 * i), Unit.KWH, t.plusSeconds(20))));
        }
        // after the first quarter heat-b1 has counted 8 kWh, below driftMinEnergyKWh (10): not judged yet
        clock.set(first.plus(Duration.ofMinutes(16)));
        alarms.check();
        assertThat(alarms.open()).noneMatch(a -> a.kind().equals("buildingImbalance"));

        clock.set(first.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(3)));
        alarms.check();

        assertThat(alarms.open()).filteredOn(a -> a.kind().equals("buildingImbalance")).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("buildingImbalance:heat-b1");
            assertThat(a.evidence()).contains("building meter heat-b1 measured").contains("households 25.00 % above the building");
        });
    }

    @Test
    void aMeterWhoseClockRunsBehindTheHubStillRaisesItsAlarm() {
        start();
        // the meter stamps its readings 40 min behind the hub: more than a check and a poll (5 + 15 min)
        meter(T0, T0.plus(Duration.ofHours(3)), i -> "1000");
        clock.set(T0.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(40)));
        alarms.check();

        assertThat(alarms.open()).singleElement().satisfies(a -> assertThat(a.id()).isEqualTo("stuckCounter:heat-101"));
    }

    @Test
    void aMeterWhoseClockRunsBehindStillRaisesItsAlarmWhenItAlsoReportsThatClock() {
        start();
        // as above, and each poll carries meter.clock: the meter's time as value, the hub's as time
        meter(T0, T0.plus(Duration.ofHours(3)), i -> "1000");
        for (Instant t = T0; !t.isAfter(T0.plus(Duration.ofHours(3))); t = t.plus(Duration.ofMinutes(15))) {
            Instant hub = t.plus(Duration.ofMinutes(40));
            alarms.accepted(List.of(Reading.good("heat-101", "meter.clock", BigDecimal.valueOf(t.getEpochSecond()),
                    Unit.NONE, hub)));
        }
        clock.set(T0.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(40)));
        alarms.check();

        assertThat(alarms.open()).extracting(Alarm::id)
                .containsExactlyInAnyOrder("stuckCounter:heat-101", "clockDrift:heat-101");
    }

    @Test
    void communicationFailuresWaitForAnHourOfListeningUnlessTheMeterIsSilent() {
        start();
        // the meter's clock is 20 min behind: at +30 min the hub has nothing stamped inside [T0, now) yet
        meter(T0.minus(Duration.ofMinutes(20)), T0.plus(Duration.ofMinutes(10)), i -> String.valueOf(1000 + i));
        clock.set(T0.plus(Duration.ofMinutes(30)));
        alarms.check();
        assertThat(alarms.open()).isEmpty();

        // after an hour the share of missed polls is judged: its readings stopped at +10 min (meter time)
        clock.set(T0.plus(Duration.ofMinutes(90)));
        alarms.check();
        assertThat(alarms.open()).extracting(Alarm::id).containsExactly("communicationFailure:heat-101");
    }

    @Test
    void aMeterSilentForTenPollsAlarmsDuringTheWarmUp() {
        start(SITE.replace("pollInterval: 15m", "pollInterval: 30s"), Duration.ofSeconds(30));
        clock.set(T0.plus(Duration.ofMinutes(4)));
        alarms.check();
        assertThat(alarms.open()).isEmpty(); // 8 polls of silence: maybe a slow start
        clock.set(T0.plus(Duration.ofMinutes(5)));
        alarms.check();
        assertThat(alarms.open()).extracting(Alarm::id).containsExactly("communicationFailure:heat-101");
    }

    @Test
    void overdueThenAcknowledged() {
        start();
        meter(T0, T0.plus(Duration.ofHours(4)), i -> "1000");
        for (int minute = 180; minute <= 240; minute += 5) { // checks every 5 minutes; still stuck at the due time
            clock.set(T0.plus(Duration.ofMinutes(minute)));
            alarms.check();
        }

        List<Reading> readings = alarmReadings();
        assertThat(readings).hasSize(14); // raised at 3h00, updated at 3h05…4h00, overdue at 4h00
        assertThat(readings).filteredOn(r -> r.value().intValue() == 2).singleElement().satisfies(r -> {
            assertThat(r.time()).isEqualTo(T0.plus(Duration.ofHours(4)));
            assertThat(r.reason()).startsWith("OVERDUE class 1 respond within 1h: ");
        });
        // the update noticed in the same check comes 1 ms later, so both keep their own identity downstream
        assertThat(readings.get(13).value()).isEqualByComparingTo("1");
        assertThat(readings.get(13).time()).isEqualTo(T0.plus(Duration.ofHours(4)).plusMillis(1));
        assertThatThrownBy(() -> alarms.acknowledge("stuckCounter:heat-999", "ops-li"))
                .isInstanceOf(IllegalArgumentException.class);

        clock.advance(Duration.ofMinutes(2));
        Alarm acked = alarms.acknowledge("stuckCounter:heat-101", "ops-li");
        assertThat(acked.acknowledgedBy()).isEqualTo("ops-li");
        assertThat(acked.overdue()).isTrue();
        Reading last = alarmReadings().get(alarmReadings().size() - 1);
        assertThat(last.value()).isEqualByComparingTo("3");
        assertThat(last.reason()).startsWith("ACKNOWLEDGED by ops-li class 1 respond within 1h: heat.energy stayed at 1000");
        assertThat(alarms.open()).singleElement().extracting(Alarm::acknowledgedBy).isEqualTo("ops-li");
        assertThat(alarms.openCountByClass(a -> true)).containsEntry(1, 1).containsEntry(2, 0);
    }

    @Test
    void alarmReadingsTheJournalRefusedAreSentAtTheNextCheck() {
        start();
        meter(T0, T0.plus(Duration.ofHours(3)), i -> "1000");
        clock.set(T0.plus(Duration.ofHours(3)));
        refuseNext = 1;
        alarms.check();
        assertThat(alarmReadings()).isEmpty();

        clock.advance(Duration.ofMinutes(5));
        alarms.check();
        // the refused RAISED first, then this check's UPDATED
        assertThat(alarmReadings()).extracting(r -> r.reason().substring(0, r.reason().indexOf(' ')))
                .containsExactly("RAISED", "UPDATED");
    }

    @Test
    void readingsOfOtherDevicesAndOwnAlarmReadingsStayOutOfTheWindow() {
        start();
        alarms.accepted(List.of(
                Reading.good("panel-001", "temp.room", BigDecimal.TEN, Unit.CELSIUS, T0),
                Reading.good("heat-101", "alarm.stuckCounter", BigDecimal.ONE, Unit.NONE, T0),
                Reading.good("heat-101", "heat.energy", BigDecimal.ONE, Unit.KWH, T0)));
        clock.advance(Duration.ofMinutes(1));
        alarms.check();
        assertThat(alarms.watchedReadings()).isEqualTo(1);
    }

    @Test
    void aDueDayValueOffTheHubsCutRaisesAnAlarmInTheSitesZone() {
        // heat-101 every 15 min from 15:00Z to 17:00Z (23:00–01:00 in Shanghai): counter 1000 + i, due-day 900 until the
        // poll at 16:00Z = 00:00 of 2025-01-07 in Shanghai, then 950. The cut at 16:00Z is the reading there, 1004:
        // 950 − 1004 = −54 kWh, beyond max(1, 0.5 % × 1004 = 5.02)
        Instant start = Instant.parse("2025-01-06T15:00:00Z");
        clock.set(start);
        start();
        for (int i = 0; i <= 8; i++) {
            Instant t = start.plus(Duration.ofMinutes(15L * i));
            alarms.accepted(List.of(
                    Reading.good("heat-101", "heat.energy", BigDecimal.valueOf(1000 + i), Unit.KWH, t),
                    Reading.good("heat-101", "heat.energy.dueDay", BigDecimal.valueOf(i <= 4 ? 900 : 950), Unit.KWH, t),
                    Reading.good("heat-101", "flow", new BigDecimal("0.5"), Unit.CUBIC_METRE_PER_HOUR, t)));
        }
        assertThat(alarms.watchedReadings()).isEqualTo(27); // the .dueDay points are kept with the others
        clock.set(start.plus(Duration.ofHours(2)));
        alarms.check();

        assertThat(journaled).filteredOn(r -> r.point().equals("alarm.dueDayMismatch")).singleElement().satisfies(r -> {
            assertThat(r.device()).isEqualTo("heat-101");
            assertThat(r.value()).isEqualByComparingTo("1");
            assertThat(r.reason()).startsWith("RAISED class 1 respond within 1h: meter heat-101: heat.energy.dueDay froze"
                    + " 950 kWh at 2025-01-06T16:00:00Z (00:00 of 2025-01-07, Asia/Shanghai) but the hub's heat.energy cut"
                    + " there is 1004.000 kWh: difference -54.000 kWh (-5.38 % of the cut)");
        });
        assertThat(journaled).noneMatch(r -> r.point().equals("alarm.communicationFailure"));
    }

    @Test
    void aNewSiteVersionBringsItsMetersAndItsAlarmClasses() {
        start();
        meter(T0, T0.plus(Duration.ofHours(3)), i -> "1000");
        site.write(SITE.replace("heat-101", "heat-109")
                .replace("defaultClass: 1", "defaultClass: 2, kindClasses: { stuckCounter: 2 }"));
        assertThat(site.current().version()).isEqualTo(2);
        // heat-101 is no longer a household meter: its readings stay out, heat-109's come in
        alarms.accepted(List.of(Reading.good("heat-101", "heat.energy", BigDecimal.ONE, Unit.KWH, T0.plus(Duration.ofHours(3)))));
        for (int i = 0; i <= 12; i++) {
            alarms.accepted(List.of(Reading.good("heat-109", "heat.energy", new BigDecimal("7"), Unit.KWH,
                            T0.plus(Duration.ofMinutes(15L * i))),
                    Reading.good("heat-109", "flow", new BigDecimal("0.5"), Unit.CUBIC_METRE_PER_HOUR, T0.plus(Duration.ofMinutes(15L * i)))));
        }
        clock.set(T0.plus(Duration.ofHours(3)));
        alarms.check();

        assertThat(alarms.open()).extracting(Alarm::id).contains("stuckCounter:heat-109");
        assertThat(alarms.open()).filteredOn(a -> a.id().equals("stuckCounter:heat-109")).singleElement()
                .satisfies(a -> assertThat(a.faultClass()).isEqualTo(2));
        assertThat(alarms.openCountByClass(a -> true)).containsOnlyKeys(1, 2);
    }

    @Test
    void noCheckRunsBeforeAVersionWithItsSectionsArrives() {
        site = TestSite.of(dir, SITE, new HouseholdsSection()); // the alarms' own readers not registered yet
        alarms = new LiveAlarms(site.service(), sink, clock, Duration.ofMinutes(5), Duration.ofHours(24), 100_000);
        meter(T0, T0.plus(Duration.ofHours(3)), i -> "1000");
        clock.set(T0.plus(Duration.ofHours(3)));
        alarms.check();
        assertThat(alarms.watchedReadings()).isZero();
        assertThat(journaled).isEmpty();
    }
}
