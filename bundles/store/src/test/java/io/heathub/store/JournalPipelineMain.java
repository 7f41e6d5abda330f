package io.heathub.store;

import io.heathub.api.Reading;
import io.heathub.api.journal.JournalEntry;
import java.nio.file.Path;
import java.util.List;

/**
 * Child process of {@link KillNineReaderTest}: one thread appends numbered batches forever
 * ({@code ACK <head>} after each append returned), another forwards from cursor {@code uplink}
 * like an uplink does: it hands a batch to its "backend" (prints {@code GOT <position> <key>} per
 * entry to stdout and flushes), and only then commits the cursor ({@code COMMIT <position>} after
 * the commit returned). The forwarder is deliberately slower, so there is always a backlog.
 * Arguments: journal file, sync (true/false).
 */
public final class JournalPipelineMain {
    static final String CURSOR = "uplink";
    static final int FORWARD_BATCH = 100;

    private JournalPipelineMain() {
    }

    /** A reading's identity: (device, point, time). */
    static String key(Reading r) {
        return r.device() + "|" + r.point() + "|" + r.time();
    }

    public static void main(String[] args) throws Exception {
        MvJournal journal = MvJournal.open(Path.of(args[0]), new MvJournal.Options(10_000_000, Boolean.parseBoolean(args[1])));
        System.out.println("OPEN " + journal.head());
        System.out.flush();
        Thread forwarder = new Thread(() -> {
            try {
                while (true) {
                    List<JournalEntry> batch = journal.read(CURSOR, FORWARD_BATCH);
                    if (batch.isEmpty()) {
                        Thread.sleep(5); // nothing to forward yet: a test child, not a driver
                        continue;
                    }
                    StringBuilder delivered = new StringBuilder();
                    for (JournalEntry e : batch) {
                        delivered.append("GOT ").append(e.position()).append(' ').append(key(e.reading())).append('\n');
                    }
                    System.out.print(delivered);
                    System.out.flush(); // the backend has it
                    long last = batch.get(batch.size() - 1).position();
                    journal.commit(CURSOR, last);
                    System.out.println("COMMIT " + last);
                    System.out.flush();
                    Thread.sleep(3); // slower than the writer: the kill lands mid-backlog
                }
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(2);
            }
        }, "forwarder");
        forwarder.start();
        while (true) {
            long next = journal.head() + 1;
            journal.append(Readings.batch(next, 100));
            System.out.println("ACK " + journal.head());
            System.out.flush();
        }
    }
}
