package io.heathub.camel.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.store.MvJournal;
import io.heathub.wire.ReadingJson;
import io.heathub.testkit.Waits;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component on a real MVStore journal and a real Camel context. */
class JournalComponentTest {
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    @TempDir
    Path dir;

    private final ReadingJson json = new ReadingJson();
    private MvJournal journal;
    private DefaultCamelContext camel;

    @BeforeEach
    void start() throws Exception {
        journal = MvJournal.open(dir.resolve("journal.mv"), new MvJournal.Options(1_000_000, false));
        camel = new DefaultCamelContext();
        camel.addComponent("journal", new JournalComponent(journal, () -> java.util.Optional.of("test-hub")));
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        camel.stop();
        journal.close();
    }

    private List<Reading> append(int count) throws Exception {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            readings.add(Reading.good("m-" + (i % 3), "heat.energy", BigDecimal.valueOf(i), Unit.KWH, T0.plusSeconds(i)));
        }
        journal.append(readings);
        return readings;
    }

    @Test
    void batchesArriveInOrderAndTheCursorMovesOnlyAfterSuccess() throws Exception {
        List<Reading> sent = append(250);
        List<Reading> received = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("journal:historian?batchSize=100&delay=20").process(e -> {
                    if (attempts.incrementAndGet() == 2) {
                        throw new IllegalStateException("historian down (test)");
                    }
                    received.addAll(json.readArray(e.getIn().getBody(byte[].class)));
                });
            }
        });
        await(() -> journal.backlog("historian") == 0);
        // the second batch failed once and came again: every reading arrived once, in order
        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(attempts.get()).isEqualTo(4);
        assertThat(journal.backlog("mqtt")).isEqualTo(250); // other cursors untouched
    }

    @Test
    void theShippedExampleRouteWritesBatchesToFiles() throws Exception {
        List<Reading> sent = append(30);
        Properties props = new Properties();
        props.setProperty("heathub.data", dir.toString());
        camel.getPropertiesComponent().setInitialProperties(props);
        Path example = Path.of("../../config/route-examples/journal-to-http.yaml").toAbsolutePath().normalize();
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:" + example));
        await(() -> journal.backlog("historian") == 0);
        Path out = dir.resolve("historian");
        List<Reading> written = new ArrayList<>();
        try (var files = Files.list(out)) {
            for (Path f : files.sorted().toList()) {
                written.addAll(json.readArray(Files.readAllBytes(f)));
            }
        }
        assertThat(written).containsExactlyElementsOf(sent);
    }

    @Test
    void badUrisAreRefusedWithTheReason() {
        assertThatThrownBy(() -> camel.getEndpoint("journal:mqtt")).hasStackTraceContaining("belongs to the built-in mqtt uplink");
        assertThatThrownBy(() -> camel.getEndpoint("journal:a b")).hasStackTraceContaining("needs a cursor name");
        assertThatThrownBy(() -> camel.getEndpoint("journal:x?batchSize=0")).hasStackTraceContaining("batchSize must be at least 1");
        assertThatThrownBy(() -> camel.createProducerTemplate().sendBody("journal:x", "y"))
                .hasStackTraceContaining("journal: is read-only");
    }

    private static void await(BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(20), "the condition", condition);
    }
}
