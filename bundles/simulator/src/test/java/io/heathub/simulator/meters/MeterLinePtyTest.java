package io.heathub.simulator.meters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.driver.mbus.MbusTelegram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mixed line on one end of a socat pty pair; the test is the master on the other end. */
class MeterLinePtyTest extends MeterLineScenarios {
    @TempDir
    Path directory;

    private final List<Process> socats = new ArrayList<>();

    /** Starts socat and waits for both links; returns {simulator end, master end}. */
    Path[] ptyPair() throws IOException, InterruptedException {
        Path a = directory.resolve("meters");
        Path b = directory.resolve("hub");
        Process socat = new ProcessBuilder("/usr/bin/socat", "-d", "-d", "pty,raw,echo=0,link=" + a,
                "pty,raw,echo=0,link=" + b).redirectErrorStream(true).redirectOutput(directory.resolve("socat.log").toFile())
                .start();
        socats.add(socat);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("socat did not create the pty pair: " + Files.readString(directory.resolve("socat.log")));
            }
            Thread.sleep(20);
        }
        return new Path[] {a, b};
    }

    @Override
    Served serve(MeterLine line) throws Exception {
        Path[] pair = ptyPair();
        PtyMeterLine pty = PtyMeterLine.start(line, pair[0]);
        return new Served(Master.pty(pair[1]), pty);
    }

    @AfterEach
    void stopSocat() throws Exception {
        closeLine(); // before socat goes, so the line does not see the pty vanish
        for (Process socat : socats) {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingPtyIsNamed() {
        MeterLine line = new MeterLine(List.of(), MeterLine.Timing.fast());
        Path missing = directory.resolve("no-such-pty");
        assertThatThrownBy(() -> PtyMeterLine.start(line, missing)).isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void closingThePtyLineEndsItsThreadAndAnotherLineCanServeThePty() throws Exception {
        Path[] pair = ptyPair();
        MeterLine line = new MeterLine(MeterPopulation.DEMO.build(1, clock.environment()), MeterLine.Timing.fast());
        PtyMeterLine first = PtyMeterLine.start(line, pair[0]);
        first.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("meter-line-pty-meters") && t.isAlive());
        try (PtyMeterLine second = PtyMeterLine.start(line, pair[0]); Master master = Master.pty(pair[1])) {
            MbusTelegram telegram = Decoded.mbus(master.exchange(Decoded.mbusShort(0x7B, 2)));
            assertThat(telegram.identification()).isEqualTo("71000002");
        }
    }
}
