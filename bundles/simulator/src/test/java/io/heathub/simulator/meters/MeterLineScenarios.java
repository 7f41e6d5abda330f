package io.heathub.simulator.meters;

import static io.heathub.simulator.meters.Decoded.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Points;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import io.heathub.driver.cjt188.Cjt188Codec;
import io.heathub.driver.dlt645.DataItem;
import io.heathub.driver.dlt645.Dlt645Codec;
import io.heathub.driver.dlt645.MeterAddress;
import io.heathub.testkit.SettableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A mixed line (CJ/T 188 heat after/before and water, two M-Bus, one DL/T 645) exercised through a
 * real transport; subclasses provide the transport (TCP, socat pty).
 */
@Timeout(30) // a blocked read must fail the test, not hang the build
abstract class MeterLineScenarios {
    static final Duration SILENCE = Duration.ofMillis(300);

    final SettableClock clock = WinterMorning.clock();
    private AutoCloseable served;
    private Master master;

    /** Serves {@code line} and returns the master's end, remembering what to close. */
    abstract Served serve(MeterLine line) throws Exception;

    /** A served line: the master's end and what to close afterwards. */
    record Served(Master master, AutoCloseable server) {
    }

    Master open(MeterLine.Timing timing) throws Exception {
        MeterEnvironment environment = WinterMorning.environment(clock);
        List<SimulatedMeter> meters = List.of(
                new Cjt188Meter("20100000000001", 0x20, Cjt188Meter.UnitPosition.AFTER, Cjt188Meter.EnergyUnit.KWH, 1,
                        Faults.NONE, environment),
                new Cjt188Meter("20200000000001", 0x20, Cjt188Meter.UnitPosition.BEFORE, Cjt188Meter.EnergyUnit.KWH, 2,
                        Faults.NONE, environment),
                new Cjt188Meter("10100000000001", 0x10, Cjt188Meter.UnitPosition.AFTER, Cjt188Meter.EnergyUnit.KWH, 3,
                        Faults.NONE, environment),
                new MbusMeter(1, "71000001", "HHS", 1, MbusMeter.MEDIUM_HEAT, MbusMeter.EnergyUnit.KWH, 4, Faults.NONE,
                        environment),
                new MbusMeter(2, "71000002", "HHS", 1, MbusMeter.MEDIUM_HEAT, MbusMeter.EnergyUnit.WH, 5, Faults.NONE,
                        environment),
                new Dlt645Meter("640000000001", 6, Faults.NONE, environment));
        Served s = serve(new MeterLine(meters, timing));
        served = s.server();
        master = s.master();
        return master;
    }

    @AfterEach
    void closeLine() throws Exception {
        if (master != null) {
            master.close();
            master = null;
        }
        if (served != null) {
            served.close();
            served = null;
        }
    }

    @Test
    void everyProtocolIsAnsweredAndCountersAdvanceBetweenReads() throws Exception {
        Master line = open(MeterLine.Timing.fast());
        byte[] heatAfter = Cjt188Codec.readCurrentData(4, 0x20, "20100000000001", 1);
        byte[] heatBefore = Cjt188Codec.readCurrentData(2, 0x20, "20200000000001", 2);
        byte[] water = Cjt188Codec.readCurrentData(0, 0x10, "10100000000001", 3);
        byte[] mbus = Decoded.mbusShort(0x7B, 1);
        byte[] dlt = Dlt645Codec.readRequest(new MeterAddress("640000000001"), DataItem.FORWARD_ACTIVE_ENERGY, 4);

        BigDecimal[] first = {
            Decoded.cjt188(line.exchange(heatAfter), "after").get(Points.HEAT_ENERGY),
            Decoded.cjt188(line.exchange(heatBefore), "before").get(Points.HEAT_ENERGY),
            Decoded.cjt188(line.exchange(water), "after").get(Points.VOLUME),
            Decoded.byPoint(Decoded.mbus(line.exchange(mbus)).readings()).get(Points.HEAT_ENERGY),
            Decoded.dlt645(line.exchange(dlt)).get(Points.ELECTRIC_ENERGY)};
        clock.advance(Duration.ofHours(6));
        BigDecimal[] later = {
            Decoded.cjt188(line.exchange(heatAfter), "after").get(Points.HEAT_ENERGY),
            Decoded.cjt188(line.exchange(heatBefore), "before").get(Points.HEAT_ENERGY),
            Decoded.cjt188(line.exchange(water), "after").get(Points.VOLUME),
            Decoded.byPoint(Decoded.mbus(line.exchange(mbus)).readings()).get(Points.HEAT_ENERGY),
            Decoded.dlt645(line.exchange(dlt)).get(Points.ELECTRIC_ENERGY)};
        for (int i = 0; i < first.length; i++) {
            assertThat(later[i]).as("counter %d", i).isGreaterThan(first[i]);
        }
    }

    @Test
    void onlyTheAddressedMeterAnswers() throws Exception {
        Master line = open(MeterLine.Timing.fast());
        byte[] reply = line.exchange(Cjt188Codec.readCurrentData(0, 0x20, "20200000000001", 1));
        assertThat(Cjt188Codec.parseReply(reply).address()).isEqualTo("20200000000001");
        assertThat(line.everything(SILENCE)).as("one reply only").isEmpty();
        assertThat(Decoded.mbus(line.exchange(Decoded.mbusShort(0x5B, 2))).identification()).isEqualTo("71000002");
        assertThat(line.everything(SILENCE)).isEmpty();

        for (byte[] nobody : List.of(Cjt188Codec.readCurrentData(0, 0x20, "20100000000099", 1),
                Cjt188Codec.readCurrentData(0, 0x10, "20100000000001", 1), // right address, wrong type
                Decoded.mbusShort(0x7B, 9),
                Dlt645Codec.readRequest(new MeterAddress("640000000099"), DataItem.FREQUENCY, 0))) {
            line.send(nobody);
            assertThat(line.everything(SILENCE)).as(Master.HEX.formatHex(nobody)).isEmpty();
        }
    }

    @Test
    void aWildcardSelectMatchingTwoMbusMetersCollides() throws Exception {
        Master line = open(MeterLine.Timing.fast());
        line.send(Decoded.mbusShort(0x40, 0xFD));
        assertThat(line.everything(SILENCE)).as("nobody selected yet").isEmpty();
        line.send(Decoded.select(hex("FF FF 00 71 FF FF FF FF"))); // 7100xxxx: both meters
        byte[] collision = line.everything(SILENCE);
        assertThat(collision).isNotEmpty();
        assertThat(collision).as("garbled, not one E5").isNotEqualTo(new byte[] {(byte) 0xE5});
        assertThat(collision[0]).isNotEqualTo((byte) 0xE5);
        line.send(Decoded.mbusShort(0x7B, 0xFD));
        byte[] bothReplies = line.everything(SILENCE);
        assertThatThrownBy(() -> Decoded.mbus(bothReplies)).isInstanceOf(FrameException.class);

        // narrowing the mask selects one meter: E5, and it answers at 253
        assertThat(line.exchange(Decoded.select(hex("02 00 00 71 13 21 01 04")))).containsExactly(0xE5);
        assertThat(Decoded.mbus(line.exchange(Decoded.mbusShort(0x5B, 0xFD))).identification()).isEqualTo("71000002");
        line.send(Decoded.select(hex("03 00 00 71 FF FF FF FF")));
        assertThat(line.everything(SILENCE)).as("no meter 71000003").isEmpty();
    }

    @Test
    void cjt188BroadcastReadAddressCollidesWithSeveralMetersOnTheLine() throws Exception {
        Master line = open(MeterLine.Timing.fast());
        line.send(Cjt188Codec.readAddress(4, 0));
        byte[] garbled = line.everything(SILENCE);
        assertThat(garbled).isNotEmpty();
        assertThatThrownBy(() -> Cjt188Codec.parseReply(garbled)).isInstanceOf(FrameException.class);
    }

    @Test
    void dlt645UnknownIdentifierGetsTheErrorReply() throws Exception {
        Master line = open(MeterLine.Timing.fast());
        byte[] reply = line.exchange(Dlt645Codec.encode(new MeterAddress("640000000001"), 0x11,
                new byte[] {0x00, 0x00, 0x05, 0x04}, 4));
        assertThatThrownBy(() -> Decoded.dlt645(reply)).isInstanceOfSatisfying(FrameException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.NAK));
        assertThat(Dlt645Codec.parse(reply).control()).isEqualTo(0xD1);
    }

    @Test
    void echoModeWritesTheRequestBackBeforeTheReply() throws Exception {
        Master line = open(new MeterLine.Timing(0, Duration.ofMillis(5), true));
        byte[] request = Cjt188Codec.readCurrentData(4, 0x10, "10100000000001", 9);
        line.send(request);
        byte[] received = line.everything(SILENCE);
        assertThat(Arrays.copyOf(received, request.length)).isEqualTo(request);
        byte[] reply = Arrays.copyOfRange(received, request.length, received.length);
        Map<String, BigDecimal> readings = Decoded.cjt188(reply, "after");
        assertThat(readings).containsKey(Points.VOLUME);
        // a request nobody answers is still echoed
        byte[] nobody = Decoded.mbusShort(0x7B, 77);
        line.send(nobody);
        assertThat(line.everything(SILENCE)).isEqualTo(nobody);
    }

    @Test
    void at2400BaudAReplyTakesAtLeastTheLineTime() throws Exception {
        MeterLine.Timing timing = new MeterLine.Timing(2400, Duration.ofMillis(10), false);
        Master line = open(timing);
        byte[] request = Cjt188Codec.readCurrentData(4, 0x20, "20100000000001", 1); // 20 bytes
        long minimumNanos = (20 + 63) * 11 * 1_000_000_000L / 2400 + 10_000_000L; // about 390 ms
        line.clear();
        long start = System.nanoTime();
        line.send(request);
        byte[] reply = line.receiveFrame(Duration.ofSeconds(3));
        long elapsed = System.nanoTime() - start;
        assertThat(reply).hasSize(63);
        assertThat(timing.lineTime(20).plus(timing.turnaround()).plus(timing.lineTime(63)).toNanos())
                .isEqualTo(minimumNanos);
        assertThat(elapsed).as("elapsed ns").isGreaterThanOrEqualTo(minimumNanos)
                .isLessThan(minimumNanos + 3_000_000_000L);
    }
}
