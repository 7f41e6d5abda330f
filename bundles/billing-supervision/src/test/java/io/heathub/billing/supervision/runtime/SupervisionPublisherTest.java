package io.heathub.billing.supervision.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.billing.alarm.Alarm;
import io.heathub.billing.alarm.AlarmStatus;
import io.heathub.billing.alarm.Condition;
import io.heathub.billing.fixtures.TestSite;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.billing.records.Complaint;
import io.heathub.billing.records.Complaints;
import io.heathub.billing.supervision.SupervisionStatus;
import io.heathub.calendar.section.CalendarSection;
import io.heathub.testkit.SettableClock;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feed built on schedule, on the site versions of core's real site owner, and sent through a real Camel context to a file: endpoint. */
class SupervisionPublisherTest {
    private static final Instant T0 = Instant.parse("2025-01-06T00:00:00Z");

    @TempDir
    Path dir;

    private DefaultCamelContext camel;
    private ProducerTemplate producer;
    private TestSite site;

    @BeforeEach
    void startCamel() {
        camel = new DefaultCamelContext();
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() throws Exception {
        producer.close();
        camel.stop();
        if (site != null) {
            site.close();
        }
    }

    /** The publisher on {@code yaml} as core's site owner applies it (no alarms bundle: the default classes). */
    private SupervisionPublisher publisher(String yaml, String dataDir, AlarmStatus live, SettableClock clock, int max) {
        site = TestSite.of(dir.resolve("site"), yaml, new HouseholdsSection(), new SupervisionSection());
        return new SupervisionPublisher(site.service(), producer, dataDir, () -> live, clock, max);
    }

    private String site(String endpoint) {
        return """
                site: { id: demo, zone: Asia/Shanghai }
                households:
                  - { household: h-101, areaM2: 90, meter: heat-101, roomSensor: panel-001, tariff: two-part }
                  - { household: h-102, areaM2: 60, roomSensor: panel-002, tariff: area }
                supervision:
                  interval: 1h
                  delay: 5m
                  endpoint: "%s"
                  outdoorSensors: [plc-1]
                  substations: [{ id: sub-1, meter: heat-sub }]
                """.formatted(endpoint);
    }

    /** Live alarms with fixed counts per class (for the filter's verdict on one alarm), recording what is held. */
    private static final class FixedAlarms implements AlarmStatus {
        private final int stuckCounters;
        final List<String> held = new ArrayList<>();

        FixedAlarms(int stuckCounters) {
            this.stuckCounters = stuckCounters;
        }

        @Override
        public List<Alarm> open() {
            return List.of();
        }

        @Override
        public Alarm acknowledge(String alarmId, String operator) {
            throw new IllegalArgumentException(alarmId);
        }

        @Override
        public Map<Integer, Integer> openCountByClass(Predicate<Alarm> filter) {
            Alarm alarm = new Alarm("stuckCounter:heat-101", "stuckCounter", "heat-101", 1, "e", 1, T0, T0, T0, false,
                    null, null, null);
            Map<Integer, Integer> counts = new TreeMap<>(Map.of(1, 0, 2, 0, 3, 0));
            counts.put(1, filter.test(alarm) ? stuckCounters : 0);
            return counts;
        }

        @Override
        public void hold(String source, Collection<Condition> conditions) {
            held.add(source + ": " + conditions.stream().map(c -> c.alarmId() + " " + c.evidence()).toList());
        }
    }

    /** Two open class-1 alarms, no complaints. */
    private final AlarmStatus alarms = new FixedAlarms(2);

    @Test
    void sendsEachWholePeriodOnceToTheEndpoint() throws Exception {
        SettableClock clock = new SettableClock(T0); // started on a period boundary: the first period is whole
        Path out = dir.resolve("feed");
        SupervisionPublisher publisher = publisher(site("file:" + out.toString().replace('\\', '/')), dir.toString(),
                alarms, clock, 10_000);
        publisher.accepted(List.of(
                Reading.good("plc-1", "temp.outdoor", new BigDecimal("-10"), Unit.CELSIUS, T0.plus(Duration.ofMinutes(10))),
                Reading.good("plc-1", "temp.outdoor", new BigDecimal("-8.5"), Unit.CELSIUS, T0.plus(Duration.ofMinutes(40))),
                Reading.good("plc-1", "temp.supply", new BigDecimal("60"), Unit.CELSIUS, T0.plus(Duration.ofMinutes(40))),
                Reading.good("heat-sub", "heat.energy", new BigDecimal("1000"), Unit.KWH, T0),
                Reading.good("heat-sub", "heat.energy", new BigDecimal("1550"), Unit.KWH, T0.plus(Duration.ofHours(1))),
                Reading.good("panel-001", "temp.room", new BigDecimal("20"), Unit.CELSIUS, T0.plus(Duration.ofMinutes(30))),
                Reading.good("panel-002", "temp.room", new BigDecimal("17"), Unit.CELSIUS, T0.plus(Duration.ofMinutes(30)))));

        clock.set(T0.plus(Duration.ofMinutes(64)));
        assertThat(publisher.publishDue()).as("not before the delay has passed").isFalse();
        assertThat(publisher.latest()).isEmpty();

        clock.set(T0.plus(Duration.ofMinutes(65)));
        assertThat(publisher.publishDue()).isTrue();
        assertThat(publisher.publishDue()).as("once per period").isFalse();

        SupervisionStatus.Latest latest = publisher.latest().orElseThrow();
        assertThat(latest.sendError()).isNull();
        assertThat(latest.json()).isEqualTo("{\"site\":\"demo\",\"from\":\"2025-01-06T00:00:00Z\",\"to\":\"2025-01-06T01:00:00Z\","
                + "\"outdoor\":{\"count\":2,\"meanC\":-9.25,\"minC\":-10.00,\"maxC\":-8.50},\"sources\":[],"
                + "\"substations\":[{\"id\":\"sub-1\",\"meter\":\"heat-sub\",\"heatKWh\":550.000,\"heatGJ\":1.980,\"estimated\":false}],"
                + "\"indoor\":{\"rooms\":2,\"meanC\":18.50,\"minC\":17.00,\"p10C\":17.00,\"belowC\":18,\"shareBelowPercent\":50.0},"
                + "\"openAlarms\":{\"1\":2,\"2\":0,\"3\":0},\"openComplaints\":{\"1\":0,\"2\":0,\"3\":0}}");
        Path file = out.resolve("supervision-20250106T000000Z.json");
        assertThat(file).exists();
        assertThat(Files.readString(file)).isEqualTo(latest.json());
    }

    @Test
    void theRecordedComplaintsOpenAtThePeriodsEndAreCounted() {
        SettableClock clock = new SettableClock(T0);
        site = TestSite.of(dir.resolve("site"), site("file:" + dir.resolve("feed").toString().replace('\\', '/')), new HouseholdsSection(), new SupervisionSection());
        // h-101's complaint is open at 01:00; h-102's was resolved at 00:50; a third comes at 01:10
        Instant made = T0.plus(Duration.ofMinutes(20));
        List<Complaint> recorded = List.of(
                new Complaint("c-000001", "h-101", "tooCold", "", made, made, "rest:x", made.plusSeconds(3600), null, null, null),
                new Complaint("c-000002", "h-102", "noise", "", made, made, "rest:x", made.plusSeconds(3600),
                        T0.plus(Duration.ofMinutes(50)), "ops-li", "talked to the neighbour"),
                new Complaint("c-000003", "h-102", "noHeat", "", T0.plus(Duration.ofMinutes(70)), made, "rest:x",
                        made.plusSeconds(7200), null, null, null));
        Complaints complaints = new Complaints() {
            @Override
            public List<Complaint> between(Instant from, Instant to, Optional<String> household) {
                return recorded.stream().filter(c -> !c.time().isBefore(from) && c.time().isBefore(to)).toList();
            }

            @Override
            public List<Complaint> openAt(Instant at) {
                return recorded.stream().filter(c -> c.openAt(at)).toList();
            }
        };
        SupervisionPublisher publisher = new SupervisionPublisher(site.service(), producer, dir.toString(), () -> alarms,
                () -> complaints, clock, 10_000);
        String json = publisher.publish(T0, T0.plus(Duration.ofHours(1)));
        // no alarms: section read here: every category in the default class 1
        assertThat(json).endsWith("\"openAlarms\":{\"1\":2,\"2\":0,\"3\":0},\"openComplaints\":{\"1\":1,\"2\":0,\"3\":0}}");
    }

    @Test
    void roomsNotWarmByTheTestPeriodsEndAreReportedPerBuildingAndAlarmedUntilWarm() {
        // test period 8–14 Nov: the rooms must be warm by 14 Nov 24:00 Shanghai = 16:00Z
        Instant deadline = Instant.parse("2024-11-14T16:00:00Z");
        SettableClock clock = new SettableClock(deadline.minus(Duration.ofHours(2)));
        site = TestSite.of(dir.resolve("site"), """
                site: { id: demo, zone: Asia/Shanghai }
                calendar: { season: { from: 11-15, to: 03-15 }, test: { from: 11-08, to: 11-14 } }
                households:
                  - { household: h-101, areaM2: 90, roomSensor: panel-001, tariff: area, building: b-1 }
                  - { household: h-102, areaM2: 60, roomSensor: panel-002, tariff: area, building: b-1 }
                  - { household: h-201, areaM2: 70, roomSensor: panel-003, tariff: area, building: b-2 }
                  - { household: h-202, areaM2: 70, tariff: area, building: b-2 }
                supervision: { interval: 1h, delay: 5m, endpoint: "file:%s" }
                """.formatted(dir.resolve("feed").toString().replace('\\', '/')),
                new HouseholdsSection(), new SupervisionSection(), new CalendarSection());
        FixedAlarms live = new FixedAlarms(0);
        List<String> held = live.held;
        SupervisionPublisher publisher = new SupervisionPublisher(site.service(), producer, dir.toString(), () -> live,
                () -> null, clock, 10_000);
        Instant hour = deadline.minus(Duration.ofHours(1));
        clock.set(deadline); // readings arrive after they were measured
        publisher.accepted(List.of(
                Reading.good("panel-001", "temp.room", new BigDecimal("19.0"), Unit.CELSIUS, hour.plus(Duration.ofMinutes(30))),
                Reading.good("panel-002", "temp.room", new BigDecimal("18.4"), Unit.CELSIUS, hour.plus(Duration.ofMinutes(10))),
                Reading.good("panel-002", "temp.room", new BigDecimal("17.5"), Unit.CELSIUS, hour.plus(Duration.ofMinutes(40))),
                Reading.good("panel-003", "temp.room", new BigDecimal("18.0"), Unit.CELSIUS, hour.plus(Duration.ofMinutes(50)))));

        // the hour before the deadline has no judgement; the hour ending at it judges every building:
        // b-1: h-102's last reading 17.5 < 18 → not met; b-2: h-201 exactly 18.0 → met (h-202 has no room sensor)
        assertThat(publisher.publish(hour.minus(Duration.ofHours(1)), hour)).doesNotContain("warmRooms");
        assertThat(publisher.publish(hour, deadline)).endsWith("\"warmRooms\":["
                + "{\"building\":\"b-1\",\"at\":\"2024-11-14T16:00:00Z\",\"rooms\":2,\"met\":false,\"below\":[\"h-102 17.5\"],\"silent\":[]},"
                + "{\"building\":\"b-2\",\"at\":\"2024-11-14T16:00:00Z\",\"rooms\":1,\"met\":true,\"below\":[],\"silent\":[]}]}");
        assertThat(held).containsExactly("obligations: [roomsBelowMinimum:b-1 1 of 2 rooms below 18 °C (h-102 17.5)"
                + " at 2024-11-14T16:00:00Z]");

        // the next hour: h-102 warm, h-101 silent → still not met, judged at the period's end
        clock.set(deadline.plus(Duration.ofMinutes(20)));
        publisher.accepted(List.of(Reading.good("panel-002", "temp.room", new BigDecimal("18.2"), Unit.CELSIUS,
                deadline.plus(Duration.ofMinutes(20)))));
        assertThat(publisher.publish(deadline, deadline.plus(Duration.ofHours(1)))).contains("\"warmRooms\":[{\"building\":\"b-1\","
                + "\"at\":\"2024-11-14T17:00:00Z\",\"rooms\":2,\"met\":false,\"below\":[],\"silent\":[\"h-101\"]}]");
        // then both warm: met, the alarm released, and no judgement after that
        clock.set(deadline.plus(Duration.ofMinutes(80)));
        publisher.accepted(List.of(
                Reading.good("panel-001", "temp.room", new BigDecimal("20.1"), Unit.CELSIUS, deadline.plus(Duration.ofMinutes(70))),
                Reading.good("panel-002", "temp.room", new BigDecimal("18.6"), Unit.CELSIUS, deadline.plus(Duration.ofMinutes(80)))));
        assertThat(publisher.publish(deadline.plus(Duration.ofHours(1)), deadline.plus(Duration.ofHours(2))))
                .contains("{\"building\":\"b-1\",\"at\":\"2024-11-14T18:00:00Z\",\"rooms\":2,\"met\":true,");
        assertThat(held).last().isEqualTo("obligations: []");
        assertThat(publisher.publish(deadline.plus(Duration.ofHours(2)), deadline.plus(Duration.ofHours(3))))
                .doesNotContain("warmRooms");
    }

    /** Zibo's warm-rooms deadline of the 2024 test period: 14 Nov 24:00 Shanghai. */
    private static final Instant WARM_ROOMS_DEADLINE = Instant.parse("2024-11-14T16:00:00Z");

    /**
     * A publisher two hours before {@link #WARM_ROOMS_DEADLINE} on Zibo's calendar, with {@code households}
     * (YAML list items) and {@code heatUseRate} (a YAML mapping) in the site, holding its conditions in {@code live};
     * each room's one reading {@code temps} (panel → °C) half an hour before the deadline.
     */
    private SupervisionPublisher warmRoomsPublisher(String households, String heatUseRate, FixedAlarms live,
                                                    Map<String, String> temps) {
        site = TestSite.of(dir.resolve("site"), """
                site: { id: demo, zone: Asia/Shanghai }
                calendar: { season: { from: 11-15, to: 03-15 }, test: { from: 11-08, to: 11-14 } }
                households:
                %s
                supervision:
                  endpoint: "file:%s"
                  heatUseRate: %s
                """.formatted(households.strip().indent(2).stripTrailing(),
                        dir.resolve("feed").toString().replace('\\', '/'), heatUseRate),
                new HouseholdsSection(), new SupervisionSection(), new CalendarSection());
        SupervisionPublisher publisher = new SupervisionPublisher(site.service(), producer, dir.toString(), () -> live,
                () -> null, new SettableClock(WARM_ROOMS_DEADLINE.minus(Duration.ofHours(2))), 10_000);
        Instant at = WARM_ROOMS_DEADLINE.minus(Duration.ofMinutes(30));
        publisher.accepted(temps.entrySet().stream()
                .map(t -> Reading.good(t.getKey(), "temp.room", new BigDecimal(t.getValue()), Unit.CELSIUS, at)).toList());
        return publisher;
    }

    @Test
    void eachBuildingIsJudgedAgainstTheMinimumItsHeatUseRateGives() {
        // community 85 % (≥ 30 %): b-1 at 55 % owes the agreed 17 °C, b-2 at exactly 70 % the statutory 18 °C,
        // b-3 at 29 % is the company's choice (the agreed 17 °C, as it heats), b-4 has no rate (statutory)
        FixedAlarms live = new FixedAlarms(0);
        SupervisionPublisher publisher = warmRoomsPublisher("""
                - { household: h-101, areaM2: 90, roomSensor: panel-001, tariff: area, building: b-1 }
                - { household: h-102, areaM2: 60, roomSensor: panel-002, tariff: area, building: b-1 }
                - { household: h-201, areaM2: 70, roomSensor: panel-003, tariff: area, building: b-2 }
                - { household: h-301, areaM2: 70, roomSensor: panel-004, tariff: area, building: b-3 }
                - { household: h-401, areaM2: 70, roomSensor: panel-005, tariff: area, building: b-4 }
                """, "{ communityPercent: 85, buildings: { b-1: 55, b-2: 70, b-3: 29 }, agreedMinimumC: 17 }", live,
                Map.of("panel-001", "19.0", "panel-002", "17.5", "panel-003", "17.9", "panel-004", "16.9", "panel-005", "18.0"));

        // 17.5 ≥ 17 (b-1 met); 17.9 < 18 (b-2 not); 16.9 < 17 (b-3 not); 18.0 ≥ 18 (b-4 met)
        assertThat(publisher.publish(WARM_ROOMS_DEADLINE.minus(Duration.ofHours(1)), WARM_ROOMS_DEADLINE)).contains(
                "{\"building\":\"b-1\",\"at\":\"2024-11-14T16:00:00Z\",\"rooms\":2,\"met\":true,",
                "{\"building\":\"b-2\",\"at\":\"2024-11-14T16:00:00Z\",\"rooms\":1,\"met\":false,\"below\":[\"h-201 17.9\"]",
                "{\"building\":\"b-3\",\"at\":\"2024-11-14T16:00:00Z\",\"rooms\":1,\"met\":false,\"below\":[\"h-301 16.9\"]",
                "{\"building\":\"b-4\",\"at\":\"2024-11-14T16:00:00Z\",\"rooms\":1,\"met\":true,");
        assertThat(live.held).containsExactly("obligations: ["
                + "roomsBelowMinimum:b-2 1 of 1 rooms below 18 °C (h-201 17.9) at 2024-11-14T16:00:00Z"
                + " (community 85 %, building b-2 70 % (≥ 70 %): the statutory minimum), "
                + "roomsBelowMinimum:b-3 1 of 1 rooms below 17 °C (h-301 16.9) at 2024-11-14T16:00:00Z"
                + " (community 85 %, building b-3 29 % (below 30 %): the company decides whether to heat; if it does,"
                + " the agreed temperature 17 °C)]");
    }

    @Test
    void withoutAnAgreedTemperatureTheBuildingsUnderAnAgreementAreNotJudged() {
        FixedAlarms live = new FixedAlarms(0);
        SupervisionPublisher publisher = warmRoomsPublisher("""
                - { household: h-101, areaM2: 90, roomSensor: panel-001, tariff: area, building: b-1 }
                - { household: h-201, areaM2: 70, roomSensor: panel-003, tariff: area, building: b-2 }
                """, "{ communityPercent: 25, buildings: { b-2: 95 } }", live,
                Map.of("panel-001", "12.0", "panel-003", "12.0"));
        // community 25 % < 30 %: outside the regulation's conditions for every building, even b-2 at 95 %;
        // as agreed, and no agreed temperature is given: nothing is judged (the feed has no warmRooms), nothing alarmed,
        // though both rooms are at 12 °C
        String feed = publisher.publish(WARM_ROOMS_DEADLINE.minus(Duration.ofHours(1)), WARM_ROOMS_DEADLINE);
        assertThat(feed).contains("\"minC\":12.00").doesNotContain("warmRooms");
        assertThat(live.held).containsExactly("obligations: []");
    }

    @Test
    void aFailedSendIsKeptAsTheLatestWithItsError() {
        SettableClock clock = new SettableClock(T0);
        SupervisionPublisher publisher = publisher(site("nosuchscheme:nowhere"), dir.toString(), null, clock, 10_000);
        String json = publisher.publish(T0, T0.plus(Duration.ofHours(1)));

        SupervisionStatus.Latest latest = publisher.latest().orElseThrow();
        assertThat(latest.json()).isEqualTo(json).contains("\"openAlarms\":{\"1\":0,\"2\":0,\"3\":0}");
        assertThat(latest.sendError()).contains("nosuchscheme");
    }

    @Test
    void theDefaultEndpointIsAFolderUnderTheDataDirectory() {
        SupervisionPublisher publisher = publisher("site: { id: x }", "/var/lib/heathub", null, new SettableClock(T0), 10);
        assertThat(publisher.endpoint(publisher.sections().orElseThrow().supervision()))
                .isEqualTo("file:/var/lib/heathub/supervision");
    }

    @Test
    void aPeriodThatBeganBeforeTheStartIsNotSentAndANewVersionsDevicesAreWatched() {
        SettableClock clock = new SettableClock(T0.plus(Duration.ofMinutes(10)));
        SupervisionPublisher publisher = publisher(site("nosuchscheme:nowhere"), dir.toString(), null, clock, 10_000);
        clock.set(T0.plus(Duration.ofMinutes(65)));
        assertThat(publisher.publishDue()).as("00:00–01:00 began before the start at 00:10").isFalse();

        site.write(site("nosuchscheme:nowhere").replace("outdoorSensors: [plc-1]", "outdoorSensors: [plc-2]"));
        publisher.accepted(List.of(
                Reading.good("plc-1", "temp.outdoor", new BigDecimal("-3"), Unit.CELSIUS, T0.plus(Duration.ofMinutes(70))),
                Reading.good("plc-2", "temp.outdoor", new BigDecimal("-7"), Unit.CELSIUS, T0.plus(Duration.ofMinutes(70)))));
        clock.set(T0.plus(Duration.ofMinutes(125)));
        assertThat(publisher.publishDue()).isTrue();
        assertThat(publisher.latest().orElseThrow().json()).contains("\"from\":\"2025-01-06T01:00:00Z\"")
                .contains("\"outdoor\":{\"count\":1,\"meanC\":-7.00");
    }
}
