package io.heathub.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import io.heathub.testkit.InMemoryJournal;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Polls handed over through a {@link PollWindow}: nobody sees them before the journal says they
 * are durable, a refusal reaches the poller, the window bounds what is in flight.
 */
class PollWindowTest {
    private static final Instant T = Instant.parse("2026-11-23T00:00:00Z");

    /** A journal whose appends become durable (or are refused) only when the test says so. */
    private static final class HeldJournal implements Journal {
        final InMemoryJournal stored = new InMemoryJournal();
        final Deque<CompletableFuture<Void>> held = new ArrayDeque<>();
        final Deque<List<Reading>> heldReadings = new ArrayDeque<>();

        @Override
        public void append(List<Reading> readings) throws JournalException {
            stored.append(readings);
        }

        @Override
        public CompletableFuture<Void> appendAsync(List<Reading> readings) {
            CompletableFuture<Void> durable = new CompletableFuture<>();
            held.add(durable);
            heldReadings.add(readings);
            return durable;
        }

        void storeOldest() throws JournalException {
            stored.append(heldReadings.removeFirst());
            held.removeFirst().complete(null);
        }

        void refuseOldest() {
            heldReadings.removeFirst();
            held.removeFirst().completeExceptionally(new JournalException("disk full (test)"));
        }

        @Override
        public List<JournalEntry> read(String cursor, int max) {
            return stored.read(cursor, max);
        }

        @Override
        public void commit(String cursor, long position) {
            stored.commit(cursor, position);
        }

        @Override
        public long head() {
            return stored.head();
        }

        @Override
        public long backlog(String cursor) {
            return stored.backlog(cursor);
        }
    }

    private static List<Reading> poll(String device, int value) {
        return List.of(Reading.good(device, "temp.outdoor", BigDecimal.valueOf(value), Unit.CELSIUS, T.plusSeconds(value)));
    }

    @Test
    void readingsAreSeenOnlyOnceDurableAndInTheOrderPolled() throws Exception {
        HeldJournal journal = new HeldJournal();
        ReadingPipeline pipeline = new ReadingPipeline(journal);
        List<Reading> heard = new ArrayList<>();
        pipeline.subscribe(heard::addAll);
        List<JournalException> refused = new ArrayList<>();
        PollWindow window = new PollWindow(pipeline, 8);

        window.submit(poll("m1", 1), refused::add);
        window.submit(poll("m1", 2), refused::add);
        window.finishDone();
        assertThat(pipeline.latest()).as("nothing durable yet").isEmpty();
        assertThat(heard).isEmpty();
        assertThat(window.inFlight()).isEqualTo(2);

        journal.storeOldest();
        window.finishDone();
        assertThat(heard).extracting(Reading::value).containsExactly(BigDecimal.valueOf(1));
        assertThat(pipeline.latest()).extracting(Reading::value).containsExactly(BigDecimal.valueOf(1));

        journal.storeOldest();
        window.finishAll();
        assertThat(heard).extracting(Reading::value).containsExactly(BigDecimal.valueOf(1), BigDecimal.valueOf(2));
        assertThat(refused).isEmpty();
        assertThat(window.inFlight()).isZero();
    }

    @Test
    void aRefusedPollReachesThePollerAndIsNeverPublished() {
        HeldJournal journal = new HeldJournal();
        ReadingPipeline pipeline = new ReadingPipeline(journal);
        List<Reading> heard = new ArrayList<>();
        pipeline.subscribe(heard::addAll);
        List<String> refused = new ArrayList<>();
        PollWindow window = new PollWindow(pipeline, 8);

        window.submit(poll("m1", 1), e -> refused.add("m1: " + e.getMessage()));
        window.submit(poll("m2", 2), e -> refused.add("m2: " + e.getMessage()));
        journal.refuseOldest();
        journal.refuseOldest();
        window.finishAll();

        assertThat(refused).containsExactly("m1: disk full (test)", "m2: disk full (test)");
        assertThat(heard).isEmpty();
        assertThat(pipeline.latest()).isEmpty();
    }

    @Test
    void aFullWindowFinishesTheOldestBeforeTakingMore() throws Exception {
        InMemoryJournal journal = new InMemoryJournal(); // durable at once: the window never waits long
        ReadingPipeline pipeline = new ReadingPipeline(journal);
        PollWindow window = new PollWindow(pipeline, 3);
        List<Long> latencies = new java.util.concurrent.CopyOnWriteArrayList<>();
        PollWindow measured = new PollWindow(pipeline, 3, latencies::add);
        for (int i = 1; i <= 10; i++) {
            window.submit(poll("m1", i), e -> { });
            assertThat(window.inFlight()).isLessThanOrEqualTo(3);
            measured.submit(poll("m2", i), e -> { });
        }
        window.finishAll();
        measured.finishAll();
        assertThat(journal.all()).hasSize(20);
        assertThat(latencies).hasSize(10).allSatisfy(n -> assertThat(n).isNotNegative());
    }

    @Test
    void refusalByTheInMemoryJournalIsReportedToo() {
        InMemoryJournal journal = new InMemoryJournal();
        journal.refuse(true);
        ReadingPipeline pipeline = new ReadingPipeline(journal);
        List<JournalException> refused = new ArrayList<>();
        PollWindow window = new PollWindow(pipeline, 2);
        window.submit(poll("m1", 1), refused::add);
        window.finishAll();
        assertThat(refused).singleElement().extracting(Throwable::getMessage).asString().contains("disk full (test)");
        assertThat(pipeline.latest()).isEmpty();
    }
}
