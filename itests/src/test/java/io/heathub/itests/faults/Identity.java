package io.heathub.itests.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The one verdict of every fault test: journal versus subscriber, by identity. */
final class Identity {
    private Identity() {
    }

    /**
     * Every reading the journal holds up to {@code deliveredUpTo} (the uplink's committed position:
     * acknowledged by the broker) reached the subscriber, equal to what was journaled; the
     * subscriber holds nothing the journal does not (none invented, none altered); every message's
     * {@code heathub-keys} matched its payload. Prints the raw duplicates.
     */
    static void assertDelivered(String test, JournalDump journal, long deliveredUpTo, KeyedSubscriber subscriber) {
        Map<String, Reading> journaled = journal.byKey(); // also: no identity journaled twice
        List<String> mustHave = journal.keysUpTo(deliveredUpTo);
        Map<String, Reading> received = subscriber.distinct();

        List<String> missing = new ArrayList<>();
        for (String key : mustHave) {
            if (!received.containsKey(key)) {
                missing.add(key);
            }
        }
        List<String> invented = new ArrayList<>();
        List<String> altered = new ArrayList<>();
        for (Map.Entry<String, Reading> e : received.entrySet()) {
            Reading j = journaled.get(e.getKey());
            if (j == null) {
                invented.add(e.getKey());
            } else if (!same(j, e.getValue())) {
                altered.add(e.getKey() + ": journal " + j + " / received " + e.getValue());
            }
        }
        System.out.printf("%s: journal head %d, %d entries, mqtt cursor %d; subscriber %d distinct, %d raw, "
                        + "%d duplicates (%d identities repeated), %d messages%n", test, journal.head(),
                journal.entries().size(), journal.mqttCursor(), subscriber.distinctCount(), subscriber.raw(),
                subscriber.duplicates(), subscriber.repeated().size(), subscriber.messages());
        assertThat(subscriber.problems()).as("messages whose heathub-keys/topic/payload disagree").isEmpty();
        assertThat(missing).as("journaled and acknowledged (position <= %d) but never received", deliveredUpTo)
                .isEmpty();
        assertThat(invented).as("received but never journaled").isEmpty();
        assertThat(altered).as("received differently from the journal").isEmpty();
    }

    private static boolean same(Reading a, Reading b) {
        return a.device().equals(b.device()) && a.point().equals(b.point()) && a.time().equals(b.time())
                && a.value().compareTo(b.value()) == 0 && a.unit() == b.unit() && a.quality() == b.quality()
                && a.reason().equals(b.reason());
    }
}
