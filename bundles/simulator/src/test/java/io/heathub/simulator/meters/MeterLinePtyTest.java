package io.heathub.simulator.meters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.driver.mbus.MbusTelegram;
import io.heathub.testkit.peers.SocatPtyPair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mixed line on one end of a socat pty pair; the test is the master on the other end. */
class MeterLinePtyTest extends MeterLineScenarios {
    @TempDir
    Path directory;

    private final List<SocatPtyPair> pairs = new ArrayList<>();

    /** A socat pty pair (the test kit's); returns {simulator end, master end}. */
    Path[] ptyPair() throws IOException, InterruptedException {
        SocatPtyPair pair = new SocatPtyPair(directory.resolve("pty-" + pairs.size()));
        pairs.add(pair);
        return new Path[] {pair.deviceEnd(), pair.hubEnd()};
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
        for (SocatPtyPair pair : pairs) {
            pair.close();
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
        MeterLine line = new MeterLine(MeterPopulation.DEMO.build(1, WinterMorning.environment(clock)), MeterLine.Timing.fast());
        PtyMeterLine first = PtyMeterLine.start(line, pair[0]);
        first.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("meter-line-pty-meters") && t.isAlive());
        try (PtyMeterLine second = PtyMeterLine.start(line, pair[0]); Master master = Master.pty(pair[1])) {
            MbusTelegram telegram = Decoded.mbus(master.exchange(Decoded.mbusShort(0x7B, 2)));
            assertThat(telegram.identification()).isEqualTo("71000002");
        }
    }
}
