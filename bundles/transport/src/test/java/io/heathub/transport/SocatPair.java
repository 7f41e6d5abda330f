package io.heathub.transport;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A real virtual null-modem cable: {@code socat} joining two ptys, reachable through the symlinks
 * {@link #linkEnd()} (for the link under test) and {@link #peerEnd()} (for the test's peer).
 * Stopping and starting it again with the same paths is an adapter unplugged and plugged back.
 */
final class SocatPair implements AutoCloseable {
    private static final Path SOCAT = Path.of("/usr/bin/socat");

    private final Path linkEnd;
    private final Path peerEnd;
    private final Path dir;
    private Process process;
    private int starts;

    SocatPair(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        this.linkEnd = dir.resolve("ttyLINK");
        this.peerEnd = dir.resolve("ttyPEER");
        start();
    }

    static boolean installed() {
        return Files.isExecutable(SOCAT);
    }

    Path linkEnd() {
        return linkEnd;
    }

    Path peerEnd() {
        return peerEnd;
    }

    /** Starts socat and waits until both ends exist and it is moving data. */
    void start() throws IOException, InterruptedException {
        Path log = dir.resolve("socat-" + (++starts) + ".log");
        process = new ProcessBuilder(SOCAT.toString(), "-d", "-d",
                "pty,raw,echo=0,link=" + linkEnd, "pty,raw,echo=0,link=" + peerEnd)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(Files.exists(linkEnd) && Files.exists(peerEnd) && logged(log, "starting data transfer loop"))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("socat did not come up: " + Files.readString(log));
            }
            Thread.sleep(10);
        }
    }

    /** Stops socat (SIGTERM: it removes its links, as a vanished USB device node does). */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((Files.exists(linkEnd) || Files.exists(peerEnd)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** The far end of the cable, opened with plain file streams (not jSerialComm). */
    Peer peer() throws IOException {
        return new Peer(peerEnd.toFile());
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static boolean logged(Path log, String text) throws IOException {
        return Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
    }

    /** The test's side of the cable. Reads poll {@code available()} so they never block past a deadline. */
    static final class Peer implements AutoCloseable {
        private final FileInputStream in;
        private final FileOutputStream out;

        Peer(File tty) throws IOException {
            out = new FileOutputStream(tty);
            in = new FileInputStream(tty);
        }

        void write(int... bytes) throws IOException {
            byte[] b = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                b[i] = (byte) bytes[i];
            }
            write(b);
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Exactly {@code count} bytes, or an AssertionError with what came. */
        byte[] read(int count, long timeoutMillis) throws IOException {
            byte[] got = new byte[count];
            int length = 0;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (length < count) {
                int waiting = in.available();
                if (waiting > 0) {
                    length += in.read(got, length, Math.min(waiting, count - length));
                } else if (System.nanoTime() > deadline) {
                    throw new AssertionError("peer expected " + count + " bytes within " + timeoutMillis + " ms, got "
                            + Arrays.toString(Arrays.copyOf(got, length)));
                } else {
                    pause(2);
                }
            }
            return got;
        }

        /** A length-prefixed frame (length byte, then that many bytes), length byte included. */
        byte[] readLengthPrefixed(long timeoutMillis) throws IOException {
            byte[] head = read(1, timeoutMillis);
            byte[] body = read(head[0] & 0xFF, timeoutMillis);
            byte[] frame = new byte[1 + body.length];
            frame[0] = head[0];
            System.arraycopy(body, 0, frame, 1, body.length);
            return frame;
        }

        @Override
        public void close() throws IOException {
            try (in; out) {
                // both closed
            }
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
