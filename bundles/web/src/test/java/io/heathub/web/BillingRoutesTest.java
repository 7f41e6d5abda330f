package io.heathub.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.billing.alarm.Alarm;
import io.heathub.billing.alarm.AlarmBook;
import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.alarm.Condition;
import io.heathub.billing.runtime.ReadingExportComponent;
import io.heathub.billing.runtime.api.AlarmStatus;
import io.heathub.billing.runtime.api.SettlementService;
import io.heathub.billing.runtime.api.SupervisionStatus;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The billing routes of ApiHandler against in-test billing services. */
class BillingRoutesTest {
    private static final Instant T0 = Instant.parse("2025-01-06T08:00:00Z");

    @TempDir
    Path dir;

    private final ApiHandler handler = new ApiHandler(FakeHub::healthy, () -> null, () -> 0);
    private SettlementService settlement;
    private ReadingExportComponent export;
    private AlarmStatus alarms;
    private SupervisionStatus supervision;

    BillingRoutesTest() {
        handler.billing(new ApiHandler.Billing(() -> settlement, () -> export, () -> alarms, () -> supervision));
    }

    private static String text(ApiHandler.Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private ApiHandler.Response get(String path, Map<String, String> query) {
        return handler.getWithQuery(path, query::get);
    }

    /** An alarm book behind the AlarmStatus interface, the way LiveAlarms does it. */
    private static AlarmStatus bookStatus(AlarmBook book) {
        return new AlarmStatus() {
            @Override
            public List<Alarm> open() {
                return book.open();
            }

            @Override
            public Alarm acknowledge(String alarmId, String operator) {
                book.acknowledge(alarmId, operator, T0.plusSeconds(60));
                return book.find(alarmId).orElseThrow();
            }

            @Override
            public Map<Integer, Integer> openCountByClass(Predicate<Alarm> filter) {
                return book.openCountByClass(filter);
            }
        };
    }

    interface Settle {
        SettlementService.Answer settle(String season) throws SettlementService.SettlementException;
    }

    /** A settlement service answering {@code settle} with {@code answer}, and daily cuts of one meter a day. */
    static SettlementService settling(Settle answer) {
        return new SettlementService() {
            @Override
            public Answer settle(String season) throws SettlementException {
                return answer.settle(season);
            }

            @Override
            public List<String> dailyCuts(java.time.LocalDate first, java.time.LocalDate last) {
                if (last.isBefore(first)) {
                    throw new IllegalArgumentException("the last day " + last + " is before the first " + first);
                }
                return first.datesUntil(last.plusDays(1)).map(d -> "{\"meter\":\"m1\",\"day\":\"" + d + "\"}").toList();
            }
        };
    }

    @Test
    void dailyCutsAreOneArrayOverTheDaysAsked() {
        settlement = settling(season -> null);
        ApiHandler.Response ok = get("/cuts", Map.of("from", "2024-11-15", "to", "2024-11-16"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(text(ok)).isEqualTo("[{\"meter\":\"m1\",\"day\":\"2024-11-15\"},{\"meter\":\"m1\",\"day\":\"2024-11-16\"}]");
        assertThat(text(get("/cuts", Map.of("from", "2024-11-15")))).isEqualTo("[{\"meter\":\"m1\",\"day\":\"2024-11-15\"}]");
        assertThat(get("/cuts", Map.of()).status()).isEqualTo(400);
        assertThat(text(get("/cuts", Map.of("from", "15.11.2024")))).contains("ISO dates");
        assertThat(text(get("/cuts", Map.of("from", "2024-11-16", "to", "2024-11-15")))).contains("before the first");
    }

    @Test
    void settlementIsTheCliLinesAsOneArray() {
        settlement = settling(season -> {
            if (!season.contains("/")) {
                throw new IllegalArgumentException("expected START/END, got \"" + season + "\"");
            }
            return new SettlementService.Answer(List.of("{\"household\":\"h1\",\"heatKWh\":150.000}",
                    "{\"household\":\"h2\",\"heatKWh\":null}"), List.of());
        });
        ApiHandler.Response ok = get("/settlement", Map.of("season", "2024-11-15/2025-03-15"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(text(ok)).isEqualTo("[{\"household\":\"h1\",\"heatKWh\":150.000},{\"household\":\"h2\",\"heatKWh\":null}]");

        assertThat(get("/settlement", Map.of()).status()).isEqualTo(400);
        ApiHandler.Response bad = get("/settlement", Map.of("season", "2024-11-15"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(text(bad)).contains("season: expected START/END");
    }

    @Test
    void settlementConfigurationProblemsAre422WithTheirLocations() {
        settlement = settling(season -> {
            throw new SettlementService.SettlementException("cannot settle with this site configuration",
                    List.of("config/site.yaml:120:15: tariff.energyPricePerKWh: expected a number, got \"cheap\""));
        });
        ApiHandler.Response r = get("/settlement", Map.of("season", "2024-11-15/2025-03-15"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(text(r)).contains("\"problems\":[\"config/site.yaml:120:15: tariff.energyPricePerKWh: expected a number");
    }

    @Test
    void billingRoutesAnswer503WithoutTheBillingBundle() {
        assertThat(get("/settlement", Map.of("season", "2024-11-15/2025-03-15")).status()).isEqualTo(503);
        assertThat(get("/alarms", Map.of()).status()).isEqualTo(503);
        assertThat(get("/supervision", Map.of()).status()).isEqualTo(503);
        assertThat(handler.post("/alarms/ack", "{\"id\":\"a\",\"by\":\"b\"}".getBytes(), "rest:test").status()).isEqualTo(503);
        assertThat(handler.exportReadings(null, null).error().status()).isEqualTo(503);
    }

    @Test
    void alarmsListTheOpenOnesAndAckTakesOneOn() {
        AlarmBook book = new AlarmBook(AlarmConfig.defaults());
        book.observe(T0, List.of(new Condition("stuckCounter", "heat-101", "heat.energy stayed at 1000 kWh")));
        alarms = bookStatus(book);

        ApiHandler.Response list = get("/alarms", Map.of());
        assertThat(list.status()).isEqualTo(200);
        assertThat(text(list)).isEqualTo("[{\"id\":\"stuckCounter:heat-101\",\"kind\":\"stuckCounter\",\"subject\":\"heat-101\","
                + "\"faultClass\":1,\"evidence\":\"heat.energy stayed at 1000 kWh\",\"count\":1,"
                + "\"raisedAt\":\"2025-01-06T08:00:00Z\",\"lastSeen\":\"2025-01-06T08:00:00Z\",\"dueBy\":\"2025-01-06T09:00:00Z\","
                + "\"overdue\":false,\"acknowledgedAt\":null,\"acknowledgedBy\":null,\"clearedAt\":null}]");

        ApiHandler.Response ack = handler.post("/alarms/ack",
                "{\"id\":\"stuckCounter:heat-101\",\"by\":\"ops-li\"}".getBytes(StandardCharsets.UTF_8), "rest:10.0.0.7");
        assertThat(ack.status()).isEqualTo(200);
        assertThat(text(ack)).contains("\"acknowledgedAt\":\"2025-01-06T08:01:00Z\",\"acknowledgedBy\":\"ops-li\"");
        assertThat(book.open().get(0).acknowledgedBy()).isEqualTo("ops-li");

        assertThat(handler.post("/alarms/ack", "{\"id\":\"nope\",\"by\":\"ops-li\"}".getBytes(), "rest:x").status()).isEqualTo(404);
        assertThat(handler.post("/alarms/ack", "{\"id\":\"stuckCounter:heat-101\"}".getBytes(), "rest:x").status()).isEqualTo(400);
        assertThat(handler.post("/alarms/ack", "{\"id\":".getBytes(), "rest:x").status()).isEqualTo(400);
    }

    @Test
    void supervisionIsTheLatestFeedOr404BeforeTheFirst() {
        supervision = Optional::empty;
        assertThat(get("/supervision", Map.of()).status()).isEqualTo(404);
        String json = "{\"site\":\"demo\",\"from\":\"2025-01-06T00:00:00Z\"}";
        supervision = () -> Optional.of(new SupervisionStatus.Latest(T0, json, "file:data/supervision", null));
        ApiHandler.Response r = get("/supervision", Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r)).isEqualTo(json);
    }

    @Test
    void exportStreamsTheRangeAsCsv() throws Exception {
        export = new ReadingExportComponent(dir, "*");
        export.accepted(List.of(Reading.good("heat-101", "heat.energy", new BigDecimal("1000.5"), Unit.KWH, T0),
                Reading.good("heat-101", "heat.energy", new BigDecimal("1001"), Unit.KWH, T0.plusSeconds(86_400))));
        export.close();

        ApiHandler.Download one = handler.exportReadings("2025-01-06", "2025-01-06");
        assertThat(one.error()).isNull();
        assertThat(one.contentType()).isEqualTo("text/csv; charset=utf-8");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        one.body().writeTo(out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                device,point,time,value,unit,quality
                heat-101,heat.energy,2025-01-06T08:00:00Z,1000.5,kWh,good
                """);

        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ApiHandler.Download everything = handler.exportReadings(null, null);
        assertThat(everything.fileName()).isEqualTo("readings-2025-01-06_2025-01-07.csv");
        everything.body().writeTo(all);
        assertThat(all.toString(StandardCharsets.UTF_8).lines()).hasSize(3);

        assertThat(handler.exportReadings("06.01.2025", null).error().status()).isEqualTo(400);
        assertThat(handler.exportReadings("2025-01-07", "2025-01-06").error().status()).isEqualTo(400);
    }
}
