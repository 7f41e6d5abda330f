package io.heathub.driver.modbus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A virtual serial line: {@code socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B}. Bytes
 * written to one end come out of the other, through the kernel's tty layer.
 */
final class SocatPtyPair implements AutoCloseable {
    private final Process process;
    private final Path a;
    private final Path b;

    SocatPtyPair(Path directory) throws IOException, InterruptedException {
        a = directory.resolve("ttyA");
        b = directory.resolve("ttyB");
        process = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(directory.resolve("socat.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IOException("socat did not create " + a + " and " + b + ": "
                        + Files.readString(directory.resolve("socat.log")));
            }
            Thread.sleep(20);
        }
    }

    /** The end the device (pymodbus) listens on. */
    Path deviceEnd() {
        return a;
    }

    /** The end the hub talks through. */
    Path hubEnd() {
        return b;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
