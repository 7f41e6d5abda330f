package io.heathub.itests.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store and forward, fault (a): the broker goes away while the hub keeps polling its simulated
 * substation, then comes back on the same port. The subscriber (persistent session, QoS 1) ends
 * up with every reading the hub journaled and the broker acknowledged, once by identity after
 * de-duplication; nothing it received was not journaled.
 */
class BrokerOutageIT {

    @Test
    void everyJournaledReadingArrivesOnceByIdentityAfterABrokerOutage(@TempDir Path work) throws Exception {
        Duration outage = Soak.phase(Duration.ofSeconds(12));
        try (Broker broker = new Broker(work).start();
             KeyedSubscriber subscriber = new KeyedSubscriber(broker.port(), "heathub/+/readings");
             FaultHub hub = new FaultHub(work, broker.url()).start()) {
            E2eHelpers.until(FaultHub.START, "the hub forwards readings", () -> subscriber.problems() + "\n" + hub.tail(),
                    () -> subscriber.distinctCount() >= 200);

            broker.stop();
            long outageStarted = System.nanoTime();
            // a round already on the wire when the broker stopped may still be acknowledged and committed:
            // the figures to compare with are those after the uplink saw the outage
            E2eHelpers.until(Duration.ofSeconds(30), "the uplink notices the outage", hub::tail,
                    () -> hub.log().contains("failing, readings stay in the journal"));
            FaultHub.Figures atStop = hub.waitFigures("health during the outage", f -> true, Duration.ofSeconds(10));
            long received = subscriber.raw();
            while (System.nanoTime() - outageStarted < outage.toNanos()) {
                Thread.sleep(1000);
                assertThat(hub.alive()).as("hub alive during the outage\n" + hub.tail()).isTrue();
            }
            FaultHub.Figures atEnd = hub.waitFigures("health at the end of the outage", f -> true, Duration.ofSeconds(10));
            System.out.printf("broker outage %d s: journal head %d -> %d, mqtt backlog %d -> %d%n",
                    outage.toSeconds(), atStop.head(), atEnd.head(), atStop.backlog(), atEnd.backlog());
            assertThat(atEnd.head()).as("readings still journaled while the broker is down").isGreaterThan(atStop.head() + 100);
            assertThat(atEnd.cursor()).as("cursor did not move without a broker").isLessThanOrEqualTo(atStop.head());
            assertThat(atEnd.backlog()).as("backlog grew").isGreaterThanOrEqualTo(atEnd.head() - atStop.head());
            assertThat(subscriber.raw()).as("nothing arrives while the broker is down").isEqualTo(received);

            broker.start();
            FaultHub.Figures drained = hub.waitFigures("the outage backlog drained", hub::tail,
                    f -> f.cursor() >= atEnd.head(), Soak.deadline(Duration.ofSeconds(60)));
            System.out.printf("broker back: cursor passed the outage's head %d (now head %d, backlog %d)%n",
                    atEnd.head(), drained.head(), drained.backlog());

            hub.stop();
            JournalDump journal = JournalDump.of(hub.journalDir(), work);
            assertThat(journal.mqttCursor()).isGreaterThanOrEqualTo(atEnd.head());
            E2eHelpers.until(Duration.ofSeconds(30), "subscriber has every acknowledged reading",
                    () -> subscriber.hasAll(journal.keysUpTo(journal.mqttCursor())));
            System.out.println("broker outage" + ": uplink failures logged " + hub.uplinkFailures());
            Identity.assertDelivered("broker outage", journal, journal.mqttCursor(), subscriber);
            String log = hub.log();
            assertThat(FaultHub.count(log, "failing, readings stay in the journal")).as("outage logged once\n" + log)
                    .isEqualTo(1);
            assertThat(log).contains("delivering again after");
        }
    }
}
