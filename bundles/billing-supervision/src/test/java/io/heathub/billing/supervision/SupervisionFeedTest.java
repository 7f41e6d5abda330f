package io.heathub.billing.supervision;

import static io.heathub.billing.fixtures.R.at;
import static io.heathub.billing.fixtures.R.r;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.billing.alarm.AlarmBook;
import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.alarm.Condition;
import io.heathub.billing.records.Complaint;
import io.heathub.billing.supervision.SupervisionSite.HeatMeterRef;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupervisionFeedTest {
    private static final SupervisionSite SITE = new SupervisionSite("demo", List.of("plc-1"),
            List.of(new HeatMeterRef("boiler-1", "hm-src")),
            List.of(new HeatMeterRef("sub-1", "hm-sub"), new HeatMeterRef("sub-2", "hm-none")),
            List.of("p1", "p2", "p3", "p4", "p5"));

    private static Reading outdoor(String time, String c) {
        return r("plc-1", Points.TEMP_OUTDOOR, c, Unit.CELSIUS, time);
    }

    private static Reading room(String panel, String time, String c) {
        return r(panel, Points.TEMP_ROOM, c, Unit.CELSIUS, time);
    }

    private static Reading heat(String meter, String time, String kWh) {
        return r(meter, Points.HEAT_ENERGY, kWh, Unit.KWH, time);
    }

    private static final List<Reading> READINGS = List.of(
            // outdoor in [00:00, 01:00): −8.5, −9, −10 → mean −27.5 / 3 = −9.1666… → −9.17; the 01:00 one is outside
            outdoor("2025-01-06T00:00Z", "-8.5"), outdoor("2025-01-06T00:30Z", "-9.0"),
            outdoor("2025-01-06T00:59Z", "-10"), outdoor("2025-01-06T01:00Z", "-20"),
            // source: 101000 − 100000 = 1000 kWh = 3.6 GJ, both cuts on readings
            heat("hm-src", "2025-01-06T00:00Z", "100000"), heat("hm-src", "2025-01-06T01:00Z", "101000"),
            // substation: cut at 00:00 = 50000 + 400 × 30/60 = 50200 (estimated); 50750 − 50200 = 550 kWh = 1.98 GJ
            heat("hm-sub", "2025-01-05T23:30Z", "50000"), heat("hm-sub", "2025-01-06T00:30Z", "50400"),
            heat("hm-sub", "2025-01-06T01:00Z", "50750"),
            // rooms: p1 (20 + 21) / 2 = 20.5; p2 17; p3 (19 + 19.5) / 2 = 19.25; p4 22; p5 only a BAD reading
            room("p1", "2025-01-06T00:10Z", "20.0"), room("p1", "2025-01-06T00:40Z", "21.0"),
            room("p2", "2025-01-06T00:10Z", "17.0"),
            room("p3", "2025-01-06T00:10Z", "19.0"), room("p3", "2025-01-06T00:40Z", "19.5"),
            room("p4", "2025-01-06T00:10Z", "22"),
            r("p5", Points.TEMP_ROOM, "5", Unit.CELSIUS, "2025-01-06T00:10Z", Quality.BAD));

    private static AlarmBook alarms() {
        AlarmBook book = new AlarmBook(new AlarmConfig(
                Map.of(1, Duration.ofHours(1), 2, Duration.ofHours(4), 3, Duration.ofHours(8)), 1,
                Map.of("supplyBelowReturn", 3), Duration.ofMinutes(30)));
        book.observe(at("2025-01-06T00:50Z"), List.of(new Condition("stuckCounter", "m1", "stuck"),
                new Condition("supplyBelowReturn", "m2", "3 K"), new Condition("complaint", "3-2-501", "cold")));
        return book;
    }

    @Test
    void theFeedOfASmallSiteAsExactJson() {
        SupervisionFeed feed = new SupervisionBuilder(SupervisionConfig.defaults())
                .build(SITE, at("2025-01-06T00:00Z"), at("2025-01-06T01:00Z"), READINGS, alarms());

        // indoor: room means 17, 19.25, 20.5, 22 → mean 78.75 / 4 = 19.6875 → 19.69; min 17;
        // p10 nearest rank ⌈0.10 × 4⌉ = 1st → 17; below 18: 1 of 4 = 25.0 %
        // alarms: stuckCounter class 1, supplyBelowReturn class 3; complaint class 1
        assertThat(new SupervisionJson().write(feed)).isEqualTo("{\"site\":\"demo\","
                + "\"from\":\"2025-01-06T00:00:00Z\",\"to\":\"2025-01-06T01:00:00Z\","
                + "\"outdoor\":{\"count\":3,\"meanC\":-9.17,\"minC\":-10.00,\"maxC\":-8.50},"
                + "\"sources\":[{\"id\":\"boiler-1\",\"meter\":\"hm-src\",\"heatKWh\":1000.000,\"heatGJ\":3.600,\"estimated\":false}],"
                + "\"substations\":[{\"id\":\"sub-1\",\"meter\":\"hm-sub\",\"heatKWh\":550.000,\"heatGJ\":1.980,\"estimated\":true},"
                + "{\"id\":\"sub-2\",\"meter\":\"hm-none\",\"heatKWh\":null,\"heatGJ\":null,\"estimated\":null}],"
                + "\"indoor\":{\"rooms\":4,\"meanC\":19.69,\"minC\":17.00,\"p10C\":17.00,\"belowC\":18,\"shareBelowPercent\":25.0},"
                + "\"openAlarms\":{\"1\":1,\"2\":0,\"3\":1},"
                + "\"openComplaints\":{\"1\":1,\"2\":0,\"3\":0}}");
    }

    @Test
    void recordedComplaintsOpenAtTheEndCountInTheirCategorysClass() {
        AlarmConfig classes = new AlarmConfig(Map.of(1, Duration.ofHours(1), 2, Duration.ofHours(4), 3, Duration.ofHours(8)),
                1, Map.of("noHeat", 2), Duration.ofMinutes(30));
        Instant t = at("2025-01-06T00:20Z");
        List<Complaint> open = List.of(
                new Complaint("c-000001", "3-2-501", "tooCold", "", t, t, "rest:x", t.plusSeconds(3600), null, null, null),
                new Complaint("c-000002", "3-2-502", "noHeat", "", t, t, "rest:x", t.plusSeconds(3600), null, null, null));
        SupervisionFeed feed = new SupervisionBuilder(SupervisionConfig.defaults())
                .build(SITE, at("2025-01-06T00:00Z"), at("2025-01-06T01:00Z"), READINGS, alarms()::openCountByClass,
                        open, classes::classOf);
        // the complaint alarm (class 1) + tooCold (default class 1) = 2 in class 1; noHeat class 2 by kindClasses
        assertThat(feed.openComplaints()).containsExactlyInAnyOrderEntriesOf(Map.of(1, 2, 2, 1, 3, 0));
        assertThat(feed.openAlarms()).containsExactlyInAnyOrderEntriesOf(Map.of(1, 1, 2, 0, 3, 1));
    }

    @Test
    void noReadingsGiveNullFiguresAndZeroCounts() {
        SupervisionFeed feed = new SupervisionBuilder(SupervisionConfig.defaults())
                .build(SITE, at("2025-01-06T00:00Z"), at("2025-01-06T01:00Z"), List.of(),
                        new AlarmBook(AlarmConfig.defaults()));

        assertThat(new SupervisionJson().write(feed)).contains("\"outdoor\":{\"count\":0,\"meanC\":null,\"minC\":null,\"maxC\":null}")
                .contains("\"indoor\":{\"rooms\":0,\"meanC\":null,\"minC\":null,\"p10C\":null,\"belowC\":18,\"shareBelowPercent\":null}")
                .contains("\"openAlarms\":{\"1\":0,\"2\":0,\"3\":0}");
    }

    @Test
    void theLowPercentileAndMinimumAreConfigurable() throws ConfigException {
        // 50th percentile of 4 rooms: ⌈0.5 × 4⌉ = 2nd = 19.25; below 20 °C: 17 and 19.25 → 2 of 4 = 50.0 %
        SupervisionConfig config = SupervisionConfig.read(ConfigNode.parse("supervision.yaml",
                "lowPercentile: 50\nindoorMinimumC: 20\n"));

        SupervisionFeed.Indoor indoor = new SupervisionBuilder(config)
                .build(SITE, at("2025-01-06T00:00Z"), at("2025-01-06T01:00Z"), READINGS, alarms()).indoor();

        assertThat(indoor.percentileC()).isEqualByComparingTo("19.25");
        assertThat(indoor.shareBelowPercent()).isEqualTo(new BigDecimal("50.0"));
        assertThatThrownBy(() -> SupervisionConfig.read(ConfigNode.parse("supervision.yaml", "lowPercentile: 0\n")))
                .hasMessageContaining("supervision.yaml:1:16").hasMessageContaining("1–99");
    }
}
