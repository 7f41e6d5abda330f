package io.heathub.store;

import java.nio.file.Path;

/**
 * Child process of {@link KillNineTest}: appends batches of numbered readings forever and prints
 * {@code ACK <head>} after every append returned. Position p always holds {@code Readings.numbered(p)}.
 * Arguments: journal file, sync (true/false).
 */
public final class JournalWriterMain {
    private JournalWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        MvJournal journal = MvJournal.open(Path.of(args[0]), new MvJournal.Options(10_000_000, Boolean.parseBoolean(args[1])));
        System.out.println("OPEN " + journal.head());
        System.out.flush();
        while (true) {
            long next = journal.head() + 1;
            journal.append(Readings.batch(next, 100));
            System.out.println("ACK " + journal.head());
            System.out.flush();
        }
    }
}
