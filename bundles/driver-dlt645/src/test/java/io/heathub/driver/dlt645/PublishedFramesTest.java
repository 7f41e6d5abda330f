package io.heathub.driver.dlt645;

import static io.heathub.testkit.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The frames published in docs (docs/protocols.md §3.7) and the standard's fixed frames. */
class PublishedFramesTest {
    private static final MeterAddress METER = new MeterAddress("000000000161");
    private static final Instant NOW = Instant.parse("2026-01-15T08:00:00Z");

    @Test
    void theDecodeToolFindsTheDecoderByServiceLoader() {
        assertThat(java.util.ServiceLoader.load(io.heathub.api.driver.FrameDecoder.class))
                .anySatisfy(d -> assertThat(d).isInstanceOf(Dlt645FrameDecoder.class)
                        .extracting(io.heathub.api.driver.FrameDecoder::protocol).isEqualTo("dlt645"));
    }

    @Test
    void theForwardActiveEnergyRequestIsByteExact() {
        assertThat(hex(Dlt645Codec.readRequest(METER, DataItem.FORWARD_ACTIVE_ENERGY, 0)))
                .isEqualTo("68 61 01 00 00 00 00 68 11 04 33 33 34 33 14 16");
        assertThat(hex(Dlt645Codec.readRequest(METER, DataItem.FORWARD_ACTIVE_ENERGY, 4)))
                .isEqualTo("FE FE FE FE 68 61 01 00 00 00 00 68 11 04 33 33 34 33 14 16");
    }

    @Test
    void thePublishedReplyIs026KilowattHoursOfMeter000000000161() throws Exception {
        List<Reading> readings = new Dlt645FrameDecoder().decode(
                hex("68 61 01 00 00 00 00 68 91 08 33 33 34 33 59 33 33 33 8A 16"), Map.of(), NOW);
        assertThat(readings).singleElement().satisfies(r -> {
            assertThat(r.device()).isEqualTo("000000000161");
            assertThat(r.point()).isEqualTo("electric.energy");
            assertThat(r.value()).isEqualTo(new BigDecimal("0.26"));
            assertThat(r.unit()).isEqualTo(Unit.KWH);
            assertThat(r.time()).isEqualTo(NOW);
            assertThat(r.quality()).isEqualTo(Quality.GOOD);
        });
    }

    @Test
    void thePublishedReplyIsWhatTheEncoderProduces() {
        assertThat(hex(Dlt645Codec.readReply(METER, DataItem.FORWARD_ACTIVE_ENERGY, new BigDecimal("0.26"), 0)))
                .isEqualTo("68 61 01 00 00 00 00 68 91 08 33 33 34 33 59 33 33 33 8A 16");
    }

    @Test
    void anyNumberOfWakeUpBytesIsSkipped() throws Exception {
        byte[] reply = hex("FE FE FE FE FE FE FE 68 61 01 00 00 00 00 68 91 08 33 33 34 33 59 33 33 33 8A 16");
        assertThat(new Dlt645FrameDecoder().decode(reply, Map.of(), NOW)).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(new BigDecimal("0.26")));
        assertThat(Dlt645Codec.frameLength(reply, reply.length)).isEqualTo(reply.length);
        assertThat(Dlt645Codec.frameLength(reply, 16)).isEqualTo(-1);
    }

    @Test
    void anErrorReplyIsANakNamingTheErrorBits() {
        byte[] reply = hex("68 61 01 00 00 00 00 68 D1 01 35 39 16");
        assertThat(Dlt645Codec.errorReply(METER, 0x02, 0)).isEqualTo(reply);
        assertThatThrownBy(() -> new Dlt645FrameDecoder().decode(reply, Map.of(), NOW))
                .isInstanceOfSatisfying(FrameException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NAK);
                    assertThat(e.offset()).isEqualTo(10);
                })
                .hasMessage("byte 10: meter 000000000161 answered with an error (C D1, error byte 02): no data requested");
    }

    @Test
    void everyErrorBitHasItsName() {
        assertThat(Dlt645Codec.errorNames(0x01)).isEqualTo("other error");
        assertThat(Dlt645Codec.errorNames(0x04)).isEqualTo("password error or unauthorised");
        assertThat(Dlt645Codec.errorNames(0x08)).isEqualTo("baud rate cannot be changed");
        assertThat(Dlt645Codec.errorNames(0x10)).isEqualTo("year time zone count exceeded");
        assertThat(Dlt645Codec.errorNames(0x20)).isEqualTo("day period count exceeded");
        assertThat(Dlt645Codec.errorNames(0x40)).isEqualTo("rate count exceeded");
        assertThat(Dlt645Codec.errorNames(0x06)).isEqualTo("no data requested, password error or unauthorised");
        assertThat(Dlt645Codec.errorNames(0x00)).isEqualTo("no error bit set");
    }

    @Test
    void theReadAddressRequestIsTheStandardFrame() {
        assertThat(hex(Dlt645Codec.readAddressRequest(0))).isEqualTo("68 AA AA AA AA AA AA 68 13 00 DF 16");
    }

    @Test
    void aReadAddressReplyGivesTheMetersAddress() throws Exception {
        byte[] reply = hex("FE FE 68 61 01 00 00 00 00 68 93 06 94 34 33 33 33 33 5F 16");
        assertThat(Dlt645Codec.readAddressReply(METER, 2)).isEqualTo(reply);
        assertThat(Dlt645Codec.decodeReadAddressReply(Dlt645Codec.parse(reply))).isEqualTo(METER);
        assertThat(new Dlt645FrameDecoder().decode(reply, Map.of(), NOW)).isEmpty();
    }

    @Test
    void addressesAreLeastSignificantByteFirstAndAllowWildcardBytes() {
        assertThat(hex(new MeterAddress("123456789012").toWire())).isEqualTo("12 90 78 56 34 12");
        assertThat(hex(new MeterAddress("AAAAAA000161").toWire())).isEqualTo("61 01 00 AA AA AA");
        assertThat(MeterAddress.ofDigits("00000000016")).isEmpty();
        assertThat(MeterAddress.ofDigits("AAAAAAAAAAAA")).isEmpty();
        assertThat(MeterAddress.ofDigits(" 000000000161 ")).contains(METER);
    }
}
