package io.heathub.testkit.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A virtual null-modem cable: {@code socat -d -d pty,raw,echo=0,link=HUB pty,raw,echo=0,link=DEVICE}.
 * Bytes written to one end come out of the other through the kernel's tty layer. The hub (the
 * master under test) opens {@link #hubEnd()}, the device or its stand-in (pymodbus, the
 * simulator, a {@link io.heathub.testkit.line.PtyLink}) opens {@link #deviceEnd()}.
 * {@link #stop()} and {@link #start()} again with the same paths is an adapter unplugged and
 * plugged back in.
 */
public final class SocatPtyPair implements AutoCloseable {
    private static final Path SOCAT = Path.of("/usr/bin/socat");
    private static final long START_SECONDS = 10;

    private final Path dir;
    private final Path hubEnd;
    private final Path deviceEnd;
    private Process process;
    private Path log;
    private int starts;

    /** Makes the pair with its links and logs in {@code dir} and starts it. */
    public SocatPtyPair(Path dir) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        this.hubEnd = dir.resolve("ttyHUB");
        this.deviceEnd = dir.resolve("ttyDEVICE");
        start();
    }

    public static boolean installed() {
        return Files.isExecutable(SOCAT);
    }

    /** The end the hub's link opens. */
    public Path hubEnd() {
        return hubEnd;
    }

    /** The end the device (or the test playing it) opens. */
    public Path deviceEnd() {
        return deviceEnd;
    }

    /** Starts socat and waits until both ends exist and it moves data; fails with socat's log. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("socat is already running for " + hubEnd);
        }
        log = dir.resolve("socat-" + (++starts) + ".log");
        process = new ProcessBuilder(SOCAT.toString(), "-d", "-d",
                "pty,raw,echo=0,link=" + hubEnd, "pty,raw,echo=0,link=" + deviceEnd)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!(Files.exists(hubEnd) && Files.exists(deviceEnd) && log().contains("starting data transfer loop"))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String why = process.isAlive() ? "not up after " + START_SECONDS + " s" : "exited";
                stop();
                throw new IOException("socat did not make the pty pair " + hubEnd + " / " + deviceEnd + " (" + why
                        + "): " + log());
            }
            Thread.sleep(10);
        }
    }

    /** Stops socat (SIGTERM: it removes its links, as a vanished USB device node) and waits for the links to go. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((Files.exists(hubEnd) || Files.exists(deviceEnd)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** socat's log of the current (or last) start. */
    public synchronized String log() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(no socat log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
