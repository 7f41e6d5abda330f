package io.heathub.store;

import java.nio.file.Path;

/**
 * Child process of {@link KillNineTest}: appends batches of numbered readings forever and prints
 * {@code ACK <head>} after every append returned. Position p always holds {@code Readings.numbered(p)}.
 * Arguments: journal file, sync (true/false), and optionally {@code async}: appends are handed to
 * the journal writer ({@link MvJournal#appendAsync}, 8 in flight, as a bus worker does) and
 * {@code ACK <last position of the batch>} is printed when its stage completed, in order.
 */
public final class JournalWriterMain {
    private JournalWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        MvJournal journal = MvJournal.open(Path.of(args[0]), new MvJournal.Options(10_000_000, Boolean.parseBoolean(args[1])));
        System.out.println("OPEN " + journal.head());
        System.out.flush();
        if (args.length > 2 && args[2].equals("async")) {
            handOver(journal);
        }
        while (true) {
            long next = journal.head() + 1;
            journal.append(Readings.batch(next, 100));
            System.out.println("ACK " + journal.head());
            System.out.flush();
        }
    }

    private static void handOver(MvJournal journal) {
        java.util.ArrayDeque<java.util.Map.Entry<Long, java.util.concurrent.CompletableFuture<Void>>> inFlight =
                new java.util.ArrayDeque<>();
        long next = journal.head() + 1;
        while (true) {
            if (inFlight.size() == 8) {
                var oldest = inFlight.removeFirst();
                oldest.getValue().join();
                System.out.println("ACK " + oldest.getKey());
                System.out.flush();
            }
            inFlight.add(java.util.Map.entry(next + 99, journal.appendAsync(Readings.batch(next, 100))));
            next += 100;
        }
    }
}
