package io.heathub.camel.modbus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A virtual null-modem cable: two linked pseudo terminals made by socat, for serial tests without hardware. */
final class PtyPair implements AutoCloseable {
    private final Process socat;
    private final Path a;
    private final Path b;

    PtyPair(Path folder) throws IOException, InterruptedException {
        a = folder.resolve("ttyA");
        b = folder.resolve("ttyB");
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IOException("socat did not create the pty pair " + a + " / " + b);
            }
            Thread.sleep(20);
        }
    }

    /** The end the Modbus master opens. */
    Path masterEnd() {
        return a;
    }

    /** The end the Modbus slave (pymodbus) opens. */
    Path slaveEnd() {
        return b;
    }

    @Override
    public void close() throws InterruptedException {
        socat.destroy();
        if (!socat.waitFor(5, TimeUnit.SECONDS)) {
            socat.destroyForcibly();
        }
    }
}
