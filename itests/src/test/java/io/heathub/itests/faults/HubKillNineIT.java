package io.heathub.itests.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.journal.JournalEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Store and forward, fault (b): the broker is down, a backlog builds in the journal, the hub is
 * killed with {@code kill -9}; the broker comes back and the hub is restarted on the same data
 * folder. What the journal held at the kill (read offline from a copy of the file right after
 * the kill) must survive the restart unchanged and reach the subscriber, once by identity after
 * de-duplication, and the subscriber must hold nothing that was never journaled. Killed either
 * with the broker still down, or right after the broker came back, as soon as the subscriber saw
 * the first reading of the backlog (the uplink is then forwarding: a batch published but not yet
 * committed is sent again after the restart — the raw duplicates the identity removes).
 */
class HubKillNineIT {

    enum Moment { BROKER_DOWN, WHILE_DRAINING }

    @ParameterizedTest
    @EnumSource(Moment.class)
    void aBacklogJournaledBeforeKillNineArrivesAfterRestart(Moment moment, @TempDir Path work) throws Exception {
        Duration backlogPhase = Soak.phase(Duration.ofSeconds(10));
        try (Broker broker = new Broker(work).start();
             KeyedSubscriber subscriber = new KeyedSubscriber(broker.port(), "heathub/+/readings");
             FaultHub hub = new FaultHub(work, broker.url()).start()) {
            E2eHelpers.until(FaultHub.START, "the hub forwards readings", () -> subscriber.problems() + "\n" + hub.tail(),
                    () -> subscriber.distinctCount() >= 100);

            broker.stop();
            FaultHub.Figures atStop = hub.waitFigures("health", f -> true, Duration.ofSeconds(10));
            FaultHub.Figures beforeKill = hub.waitFigures("a backlog builds while the broker is down",
                    f -> f.head() >= atStop.head() + 300, Soak.deadline(Duration.ofSeconds(40)));
            Thread.sleep(Math.max(0, backlogPhase.toMillis() - 3000));
            beforeKill = hub.waitFigures("health before the kill", f -> true, Duration.ofSeconds(10));
            long deliveredBeforeKill = subscriber.distinctCount();
            if (moment == Moment.WHILE_DRAINING) {
                long raw = subscriber.raw();
                broker.start();
                E2eHelpers.until(Duration.ofSeconds(60), "the uplink forwards the backlog", hub::tail,
                        () -> subscriber.raw() > raw);
            }

            hub.kill9();
            JournalDump atKill = JournalDump.of(hub.journalDir(), work);
            System.out.printf("kill -9 (%s): health said head %d / mqtt backlog %d just before; "
                            + "the journal file holds head %d, %d entries, mqtt cursor %d; subscriber had %d%n",
                    moment, beforeKill.head(), beforeKill.backlog(), atKill.head(), atKill.entries().size(),
                    atKill.mqttCursor(), deliveredBeforeKill);
            assertThat(atKill.head()).as("every append the hub reported before the kill is in the file")
                    .isGreaterThanOrEqualTo(beforeKill.head());
            if (moment == Moment.BROKER_DOWN) {
                assertThat(atKill.head() - atKill.mqttCursor()).as("a backlog was left behind by the kill")
                        .isGreaterThanOrEqualTo(300);
            }
            assertThat(atKill.entries()).as("positions 1..head all present").hasSize((int) atKill.head());
            atKill.byKey(); // no identity journaled twice

            if (moment == Moment.BROKER_DOWN) {
                broker.start();
            }
            hub.start();
            FaultHub.Figures drained = hub.waitFigures("the restarted hub forwards the killed hub's backlog", hub::tail,
                    f -> f.cursor() >= atKill.head(), Soak.deadline(FaultHub.START));
            System.out.printf("restarted: cursor %d passed the head at the kill %d (head now %d)%n",
                    drained.cursor(), atKill.head(), drained.head());

            hub.stop();
            JournalDump atEnd = JournalDump.of(hub.journalDir(), work);
            List<JournalEntry> survived = atEnd.entries().subList(0, atKill.entries().size());
            assertThat(survived).as("the journal after the restart starts with exactly what it held at the kill")
                    .isEqualTo(atKill.entries());
            E2eHelpers.until(Duration.ofSeconds(30), "subscriber has every reading journaled before the kill",
                    () -> subscriber.hasAll(atEnd.keysUpTo(atEnd.mqttCursor())));
            System.out.println("kill -9 (" + moment + ")" + ": uplink failures logged " + hub.uplinkFailures());
            Identity.assertDelivered("kill -9 (" + moment + ")", atEnd, atEnd.mqttCursor(), subscriber);
            assertThat(subscriber.distinct().keySet()).as("everything journaled before the kill arrived")
                    .containsAll(atKill.keysUpTo(atKill.head()));
        }
    }
}
