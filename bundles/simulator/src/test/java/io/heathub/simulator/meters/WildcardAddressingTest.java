package io.heathub.simulator.meters;

import static io.heathub.simulator.meters.Decoded.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.driver.cjt188.Cjt188Codec;
import io.heathub.driver.dlt645.DataItem;
import io.heathub.driver.dlt645.Dlt645Codec;
import io.heathub.driver.dlt645.MeterAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which wildcard addresses the simulated meters answer: DL/T 645-2007 §4.2 abbreviated addressing
 * (AA fills the high bytes above the meter's own low bytes), and the CJ/T 188 families with and
 * without partial wildcards. Requests are built with the hub's codecs; several meters reached at
 * once collide on the line.
 */
class WildcardAddressingTest {
    private final MeterEnvironment environment = WinterMorning.environment(WinterMorning.clock());

    @Test
    void dlt645MetersAnswerAbbreviatedAddressesWithTheirRealAddressAndNothingElse() throws Exception {
        Dlt645Meter meter = new Dlt645Meter("640000000161", 3, Faults.NONE, environment);
        for (String reaching : List.of("AAAAAAAAAA61", "AAAAAAAA0161", "AA0000000161", "640000000161", "AAAAAAAAAAAA")) {
            byte[] reply = meter.answer(frame(read(reaching))).orElseThrow(() -> new AssertionError(reaching));
            assertThat(Dlt645Codec.parse(reply).address().text()).as(reaching).isEqualTo("640000000161");
        }
        for (String other : List.of("AAAAAAAAAA62", "AAAAAAAA0261", "999999999999")) {
            assertThat(meter.answer(frame(read(other)))).as(other).isEmpty();
        }
        // AA below a real byte is no wildcard (the hub's codec refuses to build one): 64 AA AA AA 01 61
        byte[] invalid = Dlt645Codec.readRequest(new MeterAddress("640000000161"), DataItem.FORWARD_ACTIVE_ENERGY, 0);
        invalid[3] = (byte) 0xAA; // A2
        invalid[4] = (byte) 0xAA; // A3
        invalid[invalid.length - 2] = checksum(invalid);
        assertThat(meter.answer(frame(invalid))).isEmpty();

        Dlt645Meter strict = new Dlt645Meter("640000000161", false, 3, Faults.NONE, environment);
        assertThat(strict.answer(frame(read("AAAAAAAA0161")))).isEmpty();
        assertThat(strict.answer(frame(read("640000000161")))).isPresent();
        assertThat(strict.answer(frame(Dlt645Codec.readAddressRequest(0)))).isPresent();
    }

    @Test
    void cjt188FamiliesAnswerPartialWildcardsOnlyWhenTheyAcceptThem() throws Exception {
        Cjt188Meter high = meter("20100000000101", Cjt188Meter.AddressWildcards.HIGH);
        Cjt188Meter none = meter("20100000000101", Cjt188Meter.AddressWildcards.NONE);
        byte[] partial = Cjt188Codec.readAddress(0, 5, "AAAAAAAAAA0101");
        assertThat(Cjt188Codec.parse(high.answer(frame(partial)).orElseThrow()).address()).isEqualTo("20100000000101");
        assertThat(none.answer(frame(partial))).isEmpty();
        assertThat(none.answer(frame(Cjt188Codec.readAddress(0, 5)))).as("the broadcast").isPresent();
        assertThat(high.answer(frame(Cjt188Codec.readAddress(0, 5, "AAAAAAAAAA0201")))).isEmpty();
        // a read of current data at a partial wildcard too, type AA or its own
        assertThat(high.answer(frame(Cjt188Codec.readCurrentData(0, 0x20, "AAAAAAAAAAAA01", 6)))).isPresent();
        assertThat(high.answer(frame(Cjt188Codec.readCurrentData(0, 0x10, "AAAAAAAAAAAA01", 6)))).isEmpty();
        // nobody answers an unknown request at a wildcard address with an error reply
        assertThat(high.answer(frame(Cjt188Codec.encode(0, 0x20, "AAAAAAAAAAAA01", 0x09, 0x1234, 7, new byte[0]))))
                .isEmpty();
    }

    @Test
    void severalMetersReachedAtOnceCollideOnTheLine() throws Exception {
        MeterLine line = new MeterLine(List.of(meter("20100000000101", Cjt188Meter.AddressWildcards.HIGH),
                meter("20100000000201", Cjt188Meter.AddressWildcards.HIGH),
                meter("20100000000102", Cjt188Meter.AddressWildcards.HIGH)), MeterLine.Timing.fast());
        byte[] garbled = line.answer(frame(Cjt188Codec.readAddress(0, 1, "AAAAAAAAAAAA01")));
        assertThat(garbled).isNotEmpty();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Cjt188Codec.parse(garbled))).isNotNull();
        byte[] alone = line.answer(frame(Cjt188Codec.readAddress(0, 2, "AAAAAAAAAA0201")));
        assertThat(Cjt188Codec.parse(alone).address()).isEqualTo("20100000000201");
    }

    private Cjt188Meter meter(String address, Cjt188Meter.AddressWildcards wildcards) {
        return new Cjt188Meter(address, Cjt188Meter.TYPE_HEAT, Cjt188Meter.UnitPosition.AFTER, Cjt188Meter.EnergyUnit.KWH,
                wildcards, 5, Faults.NONE, environment);
    }

    private static byte[] read(String address) {
        return Dlt645Codec.readRequest(new MeterAddress(address), DataItem.FORWARD_ACTIVE_ENERGY, 0);
    }

    private static byte checksum(byte[] frame) {
        int sum = 0;
        for (int i = 0; i < frame.length - 2; i++) {
            sum += frame[i] & 0xFF;
        }
        return (byte) sum;
    }
}
