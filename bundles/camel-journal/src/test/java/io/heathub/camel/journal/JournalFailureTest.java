package io.heathub.camel.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import io.heathub.store.MvJournal;
import io.heathub.testkit.LogCapture;
import io.heathub.testkit.ReadingSeries;
import io.heathub.testkit.Waits;
import io.heathub.wire.ReadingJson;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal itself failing (a commit on a full disk) is an outage like the backend's: back-off, one WARNING. */
class JournalFailureTest {
    @TempDir
    Path dir;

    /** The real journal whose commits fail while {@code full} is set, as on a full disk. */
    record FullDiskJournal(MvJournal real, AtomicBoolean full, AtomicInteger commitsRefused) implements Journal {
        @Override
        public void append(List<Reading> readings) throws JournalException {
            real.append(readings);
        }

        @Override
        public List<JournalEntry> read(String cursor, int max) throws JournalException {
            return real.read(cursor, max);
        }

        @Override
        public void commit(String cursor, long position) throws JournalException {
            if (full.get()) {
                commitsRefused.incrementAndGet();
                throw new JournalException("No space left on device (test)");
            }
            real.commit(cursor, position);
        }

        @Override
        public long head() {
            return real.head();
        }

        @Override
        public long backlog(String cursor) {
            return real.backlog(cursor);
        }
    }

    @Test
    void aFailingCommitBacksOffWithOneWarningAndDeliversOnceTheJournalWritesAgain() throws Exception {
        AtomicBoolean full = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        ReadingJson json = new ReadingJson();
        List<Reading> received = new CopyOnWriteArrayList<>();
        try (MvJournal real = MvJournal.open(dir.resolve("journal.mv"), new MvJournal.Options(1_000_000, false));
             LogCapture log = LogCapture.of(JournalEndpoint.class)) {
            FullDiskJournal journal = new FullDiskJournal(real, full, refused);
            List<Reading> sent = new ReadingSeries(Instant.parse("2026-11-23T08:00:00Z"), 3).next(30);
            real.append(sent);
            DefaultCamelContext camel = new DefaultCamelContext();
            camel.addComponent("journal", new JournalComponent(journal, () -> Optional.of("site-a")));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    errorHandler(noErrorHandler());
                    from("journal:historian?delay=10&firstBackoff=400&maxBackoff=400")
                            .process(e -> received.addAll(json.readArray(e.getIn().getBody(byte[].class))));
                }
            });
            camel.start();
            try {
                Thread.sleep(1500);
                // polled every 10 ms, but after each failed commit it waits 400 ms: a handful of attempts
                assertThat(refused.get()).isBetween(2, 6);
                assertThat(log.lines()).filteredOn(l -> l.contains("failing")).singleElement().asString()
                        .startsWith("WARNING").contains("the journal failed").contains("No space left on device");
                full.set(false);
                Waits.until(Duration.ofSeconds(10), "delivered", () -> real.backlog("historian") == 0);
                assertThat(received).containsAll(sent); // sent again after each refused commit: at least once
                assertThat(log.lines()).anyMatch(l -> l.startsWith("INFO") && l.contains("delivering again"));
            } finally {
                camel.stop();
            }
        }
    }
}
