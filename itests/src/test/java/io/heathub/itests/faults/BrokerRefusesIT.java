package io.heathub.itests.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store and forward, fault (c): the broker is up but refuses the hub's readings, either by its
 * ACL (QoS 1 PUBACK 0x87, not authorized) or because its {@code max_packet_size} is smaller than
 * any readings message (the MQTT 5 client or the broker rejects the packet). Nothing may count as
 * delivered: the uplink's cursor stays at 0 and the backlog grows with the journal, the
 * subscriber receives nothing; after the broker configuration is fixed and the broker restarted,
 * every journaled reading arrives once by identity.
 */
class BrokerRefusesIT {

    enum Refusal {
        ACL("acl_file %s/acl-deny-readings.acl", "acl_file %s/acl-allow.acl", "PUBACK reason code 0x87"),
        PACKET_SIZE("max_packet_size 180", "", "failing");

        final String refusing;
        final String fixed;
        final String logged;

        Refusal(String refusing, String fixed, String logged) {
            this.refusing = refusing;
            this.fixed = fixed;
            this.logged = logged;
        }
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void nothingCountsAsDeliveredWhileTheBrokerRefuses(Refusal refusal, @TempDir Path work) throws Exception {
        Duration refusing = Soak.phase(Duration.ofSeconds(10));
        try (Broker broker = new Broker(work)) {
            copyResource("acl-deny-readings.acl", broker.dir());
            copyResource("acl-allow.acl", broker.dir());
            broker.configure(refusal.refusing.formatted(broker.dir())).start();
            try (KeyedSubscriber subscriber = new KeyedSubscriber(broker.port(), "heathub/+/readings");
                 FaultHub hub = new FaultHub(work, broker.url()).start()) {
                hub.waitFigures("the hub journals readings", hub::tail, f -> f.head() >= 100,
                        FaultHub.START);
                E2eHelpers.until(Duration.ofSeconds(30), "the uplink reports the refusal", hub::tail,
                        () -> hub.log().contains("failing, readings stay in the journal"));
                long started = System.nanoTime();
                FaultHub.Figures last = null;
                while (System.nanoTime() - started < refusing.toNanos()) {
                    Thread.sleep(1000);
                    assertThat(hub.alive()).as("hub alive while refused\n" + hub.tail()).isTrue();
                    // backlog == head: the cursor never moved (retried until one answer is consistent)
                    last = hub.waitFigures("cursor still at 0", f -> f.cursor() == 0, Duration.ofSeconds(10));
                }
                System.out.printf("broker refusing (%s) %d s: journal head %d, mqtt backlog %d, subscriber %d readings%n",
                        refusal, refusing.toSeconds(), last.head(), last.backlog(), subscriber.raw());
                assertThat(last.backlog()).as("backlog grows with the journal").isEqualTo(last.head())
                        .isGreaterThanOrEqualTo(300);
                assertThat(subscriber.raw()).as("the broker delivered none of the refused readings").isZero();
                assertThat(hub.log()).as("the refusal is in the hub log").contains(refusal.logged);

                broker.stop();
                broker.configure(refusal.fixed.formatted(broker.dir())).start();
                long refusedHead = last.head();
                FaultHub.Figures drained = hub.waitFigures("delivered after the broker was fixed", hub::tail,
                        f -> f.cursor() >= refusedHead, Soak.deadline(Duration.ofSeconds(90)));
                System.out.printf("broker fixed: cursor %d passed the refused head %d%n", drained.cursor(), refusedHead);

                hub.stop();
                JournalDump journal = JournalDump.of(hub.journalDir(), work);
                E2eHelpers.until(Duration.ofSeconds(30), "subscriber has every acknowledged reading",
                        () -> subscriber.hasAll(journal.keysUpTo(journal.mqttCursor())));
                System.out.println("broker refusing (" + refusal + ")" + ": uplink failures logged " + hub.uplinkFailures());
                Identity.assertDelivered("broker refusing (" + refusal + ")", journal, journal.mqttCursor(), subscriber);
                assertThat(journal.mqttCursor()).isGreaterThanOrEqualTo(refusedHead);
            }
        }
    }

    private static void copyResource(String name, Path dir) throws IOException {
        try (InputStream in = BrokerRefusesIT.class.getResourceAsStream("/faults/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource faults/" + name);
            }
            Files.copy(in, dir.resolve(name));
        }
    }
}
