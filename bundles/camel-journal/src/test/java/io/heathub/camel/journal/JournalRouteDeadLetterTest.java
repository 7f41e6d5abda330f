package io.heathub.camel.journal;

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
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code journal:} route to a real HTTP server through camel-http, on a real MVStore journal,
 * with bad entries planted between good ones (appended directly, as if the door had let them in).
 */
class JournalRouteDeadLetterTest {
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    @TempDir
    Path dir;

    private final ReadingJson json = new ReadingJson();
    private MvJournal journal;
    private DefaultCamelContext camel;
    private HttpBackend backend;
    private LogCapture log;
    private final ReadingSeries series = new ReadingSeries(T0, 5);

    @BeforeEach
    void start() throws Exception {
        log = LogCapture.of(JournalEndpoint.class);
        journal = MvJournal.open(dir.resolve("journal.mv"), new MvJournal.Options(1_000_000, false));
        camel = new DefaultCamelContext();
        camel.addComponent("journal", new JournalComponent(journal, () -> Optional.of("site-a")));
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        camel.stop();
        journal.close();
        if (backend != null) {
            backend.close();
        }
        log.close();
    }

    private List<Reading> good(int count) {
        return series.next(count);
    }

    private void route(String options) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler()); // the journal support judges and logs failures
                from("journal:historian?batchSize=40&delay=20&firstBackoff=50&maxBackoff=200" + options)
                        .routeId("historian")
                        .to(backend.url("/readings") + "?httpMethod=POST");
            }
        });
    }

    /** Readings the backend accepted, by identity with their copy count. */
    private Map<String, Integer> delivered() throws Exception {
        List<Reading> received = new ArrayList<>();
        for (HttpBackend.Request r : backend.delivered()) {
            received.addAll(json.readArray(r.body()));
        }
        return ReadingSeries.copiesByIdentity(received);
    }

    @Test
    void badEntriesBetweenGoodOnesAreSetAsideAndEveryGoodReadingArrivesOnce() throws Exception {
        // The backend refuses (422) any request holding a reading of device "refused": a record it
        // understood and will never take.
        backend = HttpBackend.start((path, body) ->
                new String(body, StandardCharsets.UTF_8).contains("\"device\":\"refused\"") ? 422 : 200);
        List<Reading> goods = new ArrayList<>();
        List<Reading> batch = new ArrayList<>(good(57));
        goods.addAll(batch);
        batch.add(UnsendableReadings.hugeValue("heat-bad", T0));            // position 58
        List<Reading> more = good(30);
        goods.addAll(more);
        batch.addAll(more);
        batch.add(UnsendableReadings.farFuture("heat-far"));                 // position 89
        Reading refused = Reading.good("refused", "heat.energy", BigDecimal.TEN, Unit.KWH, T0);
        batch.add(refused);                                                  // position 90
        List<Reading> last = good(45);
        goods.addAll(last);
        batch.addAll(last);
        journal.append(batch);
        route("");

        await(() -> journal.backlog("historian") == 0);
        Map<String, Integer> copies = delivered();
        assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(goods.stream().map(Reading::key).toList());
        assertThat(copies.values()).as("each good reading exactly once").containsOnly(1);
        assertThat(backend.delivered()).allSatisfy(r ->
                assertThat(r.text()).startsWith("[{\"hub\":\"site-a\",\"device\":"));

        List<DeadLetter> letters = letters();
        assertThat(letters).extracting(DeadLetter::position).containsExactly(58L, 89L, 90L);
        assertThat(letters.get(0).reason()).contains("cannot be written").contains("digits written plain");
        assertThat(letters.get(1).reason()).contains("cannot be written").contains("overflow");
        assertThat(letters.get(2).reason()).contains("refused by the backend").contains("HTTP 422");
        assertThat(letters.get(2).reading()).isEqualTo(refused);
        assertThat(journal.status().deadLetters()).containsEntry("historian", 3L);
        assertThat(log.lines()).filteredOn(l -> l.contains("set aside as a dead letter")).hasSize(3)
                .allSatisfy(l -> assertThat(l).startsWith("WARNING").contains("journal:historian route"));

        // The backend takes it now: an operator asks for a re-send; it is delivered and removed.
        backend.answer((path, body) -> 200);
        assertThat(journal.requestResend("historian", 90)).isTrue();
        await(() -> letters().size() == 2);
        assertThat(delivered()).containsEntry(refused.key(), 1);
        assertThat(letters()).extracting(DeadLetter::position).containsExactly(58L, 89L);
    }

    @Test
    void credentialsRefusedAreRetriedWithAnAlarmNothingSetAside() throws Exception {
        backend = HttpBackend.start((path, body) -> 401);
        List<Reading> goods = good(30);
        journal.append(goods);
        route("");
        await(() -> backend.count() >= 3);
        assertThat(journal.backlog("historian")).isEqualTo(30);
        assertThat(letters()).isEmpty();
        assertThat(journal.status().alarms()).singleElement().asString()
                .contains("uplink 'historian'").contains("HTTP 401").contains("credentials");
        assertThat(log.lines()).filteredOn(l -> l.contains("failing")).singleElement().asString()
                .startsWith("WARNING").contains("HTTP 401");

        backend.answer((path, body) -> 200);
        await(() -> journal.backlog("historian") == 0);
        await(() -> journal.status().alarms().isEmpty()); // cleared right after the delivery is committed
        assertThat(delivered().keySet()).containsExactlyInAnyOrderElementsOf(goods.stream().map(Reading::key).toList());
        assertThat(log.lines()).anyMatch(l -> l.startsWith("INFO") && l.contains("delivering again"));
    }

    @Test
    void aBackendRefusingEverythingDoesNotDrainTheJournalIntoDeadLetters() throws Exception {
        backend = HttpBackend.start((path, body) -> 400);
        journal.append(good(200));
        route("");
        await(() -> journal.status().alarms().stream().anyMatch(a -> a.contains("refused 20 readings in a row")));
        Thread.sleep(300);
        assertThat(letters()).hasSize(UplinkDelivery.MAX_REFUSED_IN_ROW);
        assertThat(journal.backlog("historian")).isEqualTo(200 - UplinkDelivery.MAX_REFUSED_IN_ROW);
    }

    @Test
    void theHubIdOptionOverridesTheSiteId() throws Exception {
        backend = HttpBackend.start((path, body) -> 200);
        journal.append(good(3));
        route("&hubId=hub-17");
        await(() -> journal.backlog("historian") == 0);
        assertThat(backend.delivered()).singleElement().satisfies(r ->
                assertThat(r.text()).startsWith("[{\"hub\":\"hub-17\","));
    }

    private List<DeadLetter> letters() {
        try {
            return journal.deadLetters("historian", 0, 1000);
        } catch (io.heathub.api.journal.JournalException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(30), "the condition", condition);
    }
}
