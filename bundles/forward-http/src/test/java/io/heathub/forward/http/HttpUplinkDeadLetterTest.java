package io.heathub.forward.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.journal.DeadLetter;
import io.heathub.store.MvJournal;
import io.heathub.testkit.LogCapture;
import io.heathub.testkit.ReadingSeries;
import io.heathub.testkit.UnsendableReadings;
import io.heathub.testkit.Waits;
import io.heathub.testkit.peers.HttpBackend;
import io.heathub.wire.ReadingJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad entries planted between good ones in a real journal (bypassing the door), a real HTTP
 * server, camel-http: every good reading arrives once, the bad ones are dead letters; and the
 * answers that mean "the uplink is wrong" (401, 403, 404) are retried with an alarm, never set aside.
 */
class HttpUplinkDeadLetterTest {
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    @TempDir
    Path dir;

    private final ReadingJson json = new ReadingJson();
    private MvJournal journal;
    private DefaultCamelContext camel;
    private HttpBackend backend;
    private HttpUplink uplink;
    private LogCapture log;
    private final ReadingSeries series = new ReadingSeries(T0, 3);

    @BeforeEach
    void start() throws Exception {
        log = LogCapture.of(HttpUplink.class);
        journal = MvJournal.open(dir.resolve("journal.mv"), new MvJournal.Options(1_000_000, false));
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (uplink != null) {
            uplink.close();
        }
        camel.stop();
        journal.close();
        backend.close();
        log.close();
    }

    private void startUplink(int batchSize) throws Exception {
        uplink = new HttpUplink(journal, camel, new HttpUplinkSettings(backend.url("/readings"),
                Map.of("Authorization", "Bearer t"), batchSize, Duration.ofSeconds(2), Duration.ofMillis(50),
                Duration.ofMillis(100), Duration.ofMillis(400), ""), () -> Optional.of("site-a"));
    }

    private List<Reading> good(int count) {
        return series.next(count);
    }

    private Map<String, Integer> delivered() throws Exception {
        List<Reading> received = new ArrayList<>();
        for (HttpBackend.Request r : backend.delivered()) {
            received.addAll(json.readArray(r.body()));
        }
        return ReadingSeries.copiesByIdentity(received);
    }

    @Test
    void badEntriesBetweenGoodOnesAreSetAsideAndEveryGoodReadingArrivesOnce() throws Exception {
        backend = HttpBackend.start((path, body) ->
                new String(body, StandardCharsets.UTF_8).contains("\"device\":\"refused\"") ? 400 : 200);
        List<Reading> goods = new ArrayList<>();
        List<Reading> planted = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            List<Reading> some = good(33);
            goods.addAll(some);
            planted.addAll(some);
            planted.add(switch (round) {
                case 0 -> UnsendableReadings.hugeValue("heat-101", T0.minusSeconds(5));
                case 1 -> UnsendableReadings.farFuture("heat-102");
                default -> Reading.good("refused", "heat.energy", BigDecimal.ONE, Unit.KWH, T0);
            });
        }
        goods.addAll(good(7));
        planted.addAll(goods.subList(goods.size() - 7, goods.size()));
        journal.append(planted);
        startUplink(25);

        await(() -> journal.backlog(HttpUplink.CURSOR) == 0);
        Map<String, Integer> copies = delivered();
        assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(goods.stream().map(Reading::key).toList());
        assertThat(copies.values()).as("each good reading exactly once").containsOnly(1);
        assertThat(backend.delivered()).allSatisfy(r -> {
            assertThat(r.header(HttpUplink.HUB_HEADER)).isEqualTo("site-a");
            assertThat(r.header("Authorization")).isEqualTo("Bearer t");
            assertThat(r.header("Idempotency-Key")).matches("http-\\d+-\\d+");
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(r.text()).startsWith("[{\"hub\":\"site-a\",");
        });
        List<DeadLetter> letters = journal.deadLetters(HttpUplink.CURSOR, 0, 10);
        assertThat(letters).extracting(DeadLetter::position).containsExactly(34L, 68L, 102L);
        assertThat(letters.get(0).reason()).contains("digits written plain");
        assertThat(letters.get(1).reason()).contains("overflow");
        assertThat(letters.get(2).reason()).contains("HTTP 400");
        assertThat(journal.status().deadLetters()).containsEntry(HttpUplink.CURSOR, 3L);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404})
    void aBackendRefusingTheUplinkIsRetriedWithAnAlarmAndNothingIsSetAside(int status) throws Exception {
        backend = HttpBackend.start((path, body) -> status);
        List<Reading> goods = good(60);
        journal.append(goods);
        startUplink(25);
        await(() -> backend.count() >= 3); // retried with back-off
        assertThat(journal.backlog(HttpUplink.CURSOR)).isEqualTo(60);
        assertThat(journal.deadLetters(HttpUplink.CURSOR, 0, 10)).isEmpty();
        assertThat(journal.status().alarms()).singleElement().asString()
                .contains("uplink 'http'").contains("HTTP " + status).contains("check its URL and credentials");
        assertThat(log.lines()).filteredOn(l -> l.contains("failing")).singleElement().asString()
                .startsWith("WARNING").contains("HTTP " + status);
        assertThat(dir.resolve("rejected")).doesNotExist();

        backend.answer((path, body) -> 200); // credentials fixed on the backend
        await(() -> journal.backlog(HttpUplink.CURSOR) == 0);
        await(() -> journal.status().alarms().isEmpty()); // cleared right after the delivery is committed
        assertThat(delivered().keySet()).containsExactlyInAnyOrderElementsOf(goods.stream().map(Reading::key).toList());
    }

    private void await(BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(30), "the condition", () -> "backlog " + journal.backlog(HttpUplink.CURSOR)
                + ", requests " + backend.count() + "\nlog " + log.lines(), condition);
    }
}
