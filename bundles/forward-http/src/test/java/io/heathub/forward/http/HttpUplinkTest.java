package io.heathub.forward.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.store.MvJournal;
import io.heathub.wire.ReadingJson;
import io.heathub.testkit.Waits;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uplink with a real journal, a real Camel context and a real HTTP server (the JDK's). */
class HttpUplinkTest {
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    @TempDir
    Path dir;

    private final ReadingJson json = new ReadingJson();
    private final List<Reading> received = new CopyOnWriteArrayList<>();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile IntSupplier answer = () -> 200;
    private HttpServer server;
    private MvJournal journal;
    private DefaultCamelContext camel;
    private HttpUplink uplink;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/readings", exchange -> {
            requests.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = answer.getAsInt();
            if (status == 200) {
                try {
                    received.addAll(json.readArray(body));
                } catch (Exception e) {
                    status = 400;
                }
                keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            byte[] reply = (status == 200 ? "ok" : "{\"error\":\"status " + status + "\"}").getBytes();
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
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
        server.stop(0);
    }

    private void startUplink(int batchSize) throws Exception {
        HttpUplinkSettings settings = new HttpUplinkSettings(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/readings",
                Map.of("Authorization", "Bearer test-token"), batchSize, Duration.ofSeconds(2),
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(400), "");
        uplink = new HttpUplink(journal, camel, settings, () -> java.util.Optional.of("site-test"));
    }

    private List<Reading> append(int count) throws Exception {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            readings.add(Reading.good("meter-" + (i % 7), "heat.energy", BigDecimal.valueOf(i), Unit.KWH,
                    T0.plusSeconds(sequence++)));
        }
        journal.append(readings);
        return readings;
    }

    private int sequence;

    @Test
    void everyReadingArrivesOnceInBatchesWithHeaders() throws Exception {
        List<Reading> sent = append(1234);
        startUplink(500);
        // The server takes a batch before it answers; the cursor moves when the answer is in.
        await(() -> journal.backlog(HttpUplink.CURSOR) == 0);
        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(keys).hasSize(3).allSatisfy(k -> assertThat(k).matches("http-\\d+-\\d+"));
        assertThat(authorizations).containsOnly("Bearer test-token");
    }

    @Test
    void serverErrorsAndOutagesAreRetriedWithoutLossOrDuplicates() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        answer = () -> calls.incrementAndGet() <= 3 ? 503 : 200; // down for three attempts
        List<Reading> first = append(300);
        startUplink(100);
        // Stop only after the last answer reached the hub: a lost answer is a resend by design
        // (at least once on the wire; receivers drop repeats by reading identity).
        await(() -> journal.backlog(HttpUplink.CURSOR) == 0);
        assertThat(received).hasSize(300);
        server.stop(0); // backend gone entirely: connection refused
        List<Reading> second = append(50);
        Thread.sleep(600);
        assertThat(journal.backlog(HttpUplink.CURSOR)).isEqualTo(50);
        int port = server.getAddress().getPort();
        restartServerOn(port);
        await(() -> journal.backlog(HttpUplink.CURSOR) == 0);
        List<Reading> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(received).containsExactlyElementsOf(all); // in order, each once
    }

    private void restartServerOn(int port) throws IOException {
        HttpServer old = server;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/readings", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            try {
                received.addAll(json.readArray(body));
            } catch (Exception e) {
                throw new IOException(e);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        assertThat(old).isNotSameAs(server);
    }

    @Test
    void aReadingTheServerRefusesIsSetAsideWithTheAnswerAndTheUplinkMovesOn() throws Exception {
        List<Reading> batches = append(20);
        Reading refused = batches.get(13);
        // 422 for any request that holds the refused reading: a record the server will never take
        answer = () -> 200;
        server.removeContext("/readings");
        server.createContext("/readings", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            List<Reading> readings;
            try {
                readings = json.readArray(body);
            } catch (Exception e) {
                throw new IOException(e);
            }
            int status = readings.contains(refused) ? 422 : 200;
            if (status == 200) {
                received.addAll(readings);
            }
            byte[] reply = (status == 200 ? "ok" : "{\"error\":\"status " + status + "\"}").getBytes();
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        startUplink(10);
        await(() -> journal.backlog(HttpUplink.CURSOR) == 0);
        List<Reading> others = new ArrayList<>(batches);
        others.remove(refused);
        assertThat(received).containsExactlyElementsOf(others); // in order, each once
        assertThat(journal.deadLetters(HttpUplink.CURSOR, 0, 10)).singleElement().satisfies(d -> {
            assertThat(d.reading()).isEqualTo(refused);
            assertThat(d.reason()).contains("HTTP 422", "{\"error\":\"status 422\"}");
        });
        assertThat(dir.resolve("rejected")).doesNotExist();
    }

    private static void await(BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(20), "the condition", condition);
    }
}
