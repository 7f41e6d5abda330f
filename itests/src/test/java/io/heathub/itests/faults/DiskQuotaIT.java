package io.heathub.itests.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store and forward, fault (d): the journal's file system is full (its folder is a tmpfs of a
 * few MB, filled up by another file). The hub must say that readings are not accepted (log,
 * {@code /api/health}, the devices' last error), keep running and keep forwarding what it holds,
 * and accept readings again once the quota is raised (the tmpfs remounted larger) without a
 * restart. Nothing that was refused may show up at the subscriber; everything journaled does.
 * Needs root for {@code mount}; skipped otherwise. Only the journal folder is on the tmpfs (the
 * bundle cache and logs in the data folder are not: a full disk there is another failure).
 */
class DiskQuotaIT {
    private static final long HEADROOM = 96 * 1024;

    @Test
    void theHubRefusesReadingsWhileTheDiskIsFullAndAcceptsAgainAfterTheQuotaIsRaised(@TempDir Path work)
            throws Exception {
        Duration full = Soak.phase(Duration.ofSeconds(8));
        try (Broker broker = new Broker(work).start();
             KeyedSubscriber subscriber = new KeyedSubscriber(broker.port(), "heathub/+/readings");
             FaultHub hub = new FaultHub(work, broker.url())) {
            Path journalDir = Files.createDirectories(hub.journalDir());
            Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", journalDir.toString()) == 0,
                    "mounting a tmpfs needs root (CAP_SYS_ADMIN); skipped");
            try {
                hub.start();
                E2eHelpers.until(FaultHub.START, "the hub forwards readings", () -> subscriber.problems() + "\n" + hub.tail(),
                        () -> subscriber.distinctCount() >= 100);

                fill(journalDir);
                FaultHub.Figures fullAt = hub.waitFigures("journal not writable after the disk filled", hub::tail,
                        f -> !f.writable() && f.writeFailures() > 0, Soak.deadline(Duration.ofSeconds(60)));
                assertThat(fullAt.json()).as("health while the disk is full").contains("\"status\":\"DEGRADED\"");
                E2eHelpers.until(Duration.ofSeconds(20), "a device reports the refusal",
                        () -> String.valueOf(hub.get("/api/devices")).contains("journal refused readings"));
                long started = System.nanoTime();
                FaultHub.Figures last = fullAt;
                while (System.nanoTime() - started < full.toNanos()) {
                    Thread.sleep(1000);
                    assertThat(hub.alive()).as("hub alive with a full disk\n" + hub.tail()).isTrue();
                    last = hub.waitFigures("health", f -> true, Duration.ofSeconds(10));
                }
                String log = hub.log();
                System.out.printf("disk full %d s: journal head %d -> %d, write failures %d -> %d, writable %s, "
                                + "mqtt backlog %d; %d 'NOT accepted' log lines%n", full.toSeconds(), fullAt.head(),
                        last.head(), fullAt.writeFailures(), last.writeFailures(), last.writable(), last.backlog(),
                        FaultHub.count(log, "readings NOT accepted"));
                assertThat(log).contains("readings NOT accepted, journal refused them").contains("No space left on device");
                assertThat(last.writeFailures()).as("appends keep failing loudly").isGreaterThan(fullAt.writeFailures());

                assertThat(run("mount", "-o", "remount,size=64m", journalDir.toString())).as("remount larger").isZero();
                long fullHead = last.head();
                FaultHub.Figures again = hub.waitFigures("accepting again after the quota was raised", hub::tail,
                        f -> f.writable() && f.head() >= fullHead + 300, Soak.deadline(Duration.ofSeconds(60)));
                FaultHub.Figures drained = hub.waitFigures("forwarded after the quota was raised",
                        f -> f.cursor() >= again.head(), Soak.deadline(Duration.ofSeconds(60)));
                System.out.printf("quota raised: journal writable, head %d -> %d, cursor %d%n", fullHead,
                        again.head(), drained.cursor());
                assertThat(hub.alive()).isTrue();

                hub.stop();
                JournalDump journal = JournalDump.of(journalDir, work);
                E2eHelpers.until(Duration.ofSeconds(30), "subscriber has every acknowledged reading",
                        () -> subscriber.hasAll(journal.keysUpTo(journal.mqttCursor())));
                System.out.println("disk full" + ": uplink failures logged " + hub.uplinkFailures());
                Identity.assertDelivered("disk full", journal, journal.mqttCursor(), subscriber);
                assertThat(journal.status().writeFailures()).as("the reopened copy starts clean").isZero();
            } finally {
                hub.stop();
                if (run("umount", journalDir.toString()) != 0) {
                    run("umount", "-l", journalDir.toString());
                }
            }
        }
    }

    /** Fills the tmpfs with another file until only {@link #HEADROOM} bytes are left. */
    private static void fill(Path dir) throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace() - HEADROOM;
        byte[] block = new byte[64 * 1024];
        java.util.Arrays.fill(block, (byte) 0x5a);
        try (OutputStream out = Files.newOutputStream(dir.resolve("filler.bin"))) {
            for (long written = 0; written < free; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, free - written));
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int code = p.waitFor();
        if (code != 0) {
            System.out.println(String.join(" ", cmd) + " -> " + code + ": " + out.strip());
        }
        return code;
    }
}
