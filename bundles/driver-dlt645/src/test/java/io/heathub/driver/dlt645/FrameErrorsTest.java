package io.heathub.driver.dlt645;

import static io.heathub.testkit.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import java.time.Instant;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Every defect is a FrameException with the offset of the offending byte in the bytes as given. */
class FrameErrorsTest {
    private static final String GOOD = "68 61 01 00 00 00 00 68 91 08 33 33 34 33 59 33 33 33 8A 16";

    @Test
    void truncatedFrames() {
        assertFails("68 61 01 00 00 00 00 68 91 08 33 33 34 33 59 33 33 33 8A", Kind.MALFORMED, 18)
                .hasMessageContaining("truncated: L=8 needs 20 bytes, got 19");
        assertFails("FE FE 68 61 01 00", Kind.MALFORMED, 5).hasMessageContaining("truncated");
        assertFails("", Kind.MALFORMED, -1).hasMessage("empty frame");
        assertFails("FE FE FE", Kind.MALFORMED, 2).hasMessageContaining("only wake-up bytes");
    }

    @Test
    void aWrongChecksum() {
        assertFails("FE FE FE FE 68 61 01 00 00 00 00 68 91 08 33 33 34 33 59 33 33 33 8B 16", Kind.CHECKSUM, 22)
                .hasMessageContaining("checksum is 8B, computed 8A");
    }

    @Test
    void wrongStartAndEndBytes() {
        assertFails("68 61 01 00 00 00 00 68 91 08 33 33 34 33 59 33 33 33 8A 17", Kind.MALFORMED, 19)
                .hasMessageContaining("expected end byte 16, got 17");
        assertFails("FE 69 61 01 00 00 00 00 68 91 08 33 33 34 33 59 33 33 33 8A 16", Kind.MALFORMED, 1)
                .hasMessageContaining("expected start byte 68, got 69");
        assertFails("68 61 01 00 00 00 00 67 91 08 33 33 34 33 59 33 33 33 8A 16", Kind.MALFORMED, 7)
                .hasMessageContaining("second start byte");
        assertFails(GOOD + " 00", Kind.MALFORMED, 20).hasMessageContaining("1 bytes after the end");
    }

    @Test
    void aRequestInsteadOfAReply() {
        assertFails("FE FE 68 61 01 00 00 00 00 68 11 04 33 33 34 33 14 16", Kind.MALFORMED, 10)
                .hasMessageContaining("control code 11 is a request");
    }

    @Test
    void invalidBcdAfterSubtracting33h() throws Exception {
        // 3D - 33 = 0A: the low digit is not a decimal digit
        assertFails("FE FE FE FE 68 61 01 00 00 00 00 68 91 08 33 33 34 33 3D 33 33 33 6E 16", Kind.MALFORMED, 18)
                .hasMessageContaining("electric.energy (DI 00 01 00 00): value byte 0 is 0x0A after subtracting 33h (0x3D on the wire), not BCD");
        // the sign bit of a signed value is not a digit, but 0xA in the rest of the byte is
        byte[] negative = Dlt645Codec.encode(new MeterAddress("000000000161"), 0x91, hex("00 00 03 02 00 00 A0"), 0);
        assertThat(Dlt645Codec.decodeReadReply(Dlt645Codec.parse(negative)).value()).isEqualByComparingTo("-20");
        byte[] power = Dlt645Codec.encode(new MeterAddress("000000000161"), 0x91, hex("00 00 03 02 00 00 FA"), 0);
        assertFails(hex(power), Kind.MALFORMED, 16).hasMessageContaining("electric.power (DI 02 03 00 00): value byte 2 is 0xFA");
        // the address is BCD too
        assertFails("68 6A 01 00 00 00 00 68 91 08 33 33 34 33 59 33 33 33 93 16", Kind.MALFORMED, 1)
                .hasMessageContaining("address byte A0 is 0x6A");
    }

    @Test
    void repliesNotSupported() {
        byte[] following = Dlt645Codec.encode(new MeterAddress("000000000161"), 0xB1, hex("00 00 01 00 26 00 00 00"), 0);
        assertFails(hex(following), Kind.MALFORMED, 8).hasMessageContaining("following frames");
        byte[] unknownDi = Dlt645Codec.encode(new MeterAddress("000000000161"), 0x91, hex("00 01 00 04 26 00 00 00"), 0);
        assertFails(hex(unknownDi), Kind.MALFORMED, 10).hasMessageContaining("data identifier 04 00 01 00 is not supported");
        byte[] wrongLength = Dlt645Codec.encode(new MeterAddress("000000000161"), 0x91, hex("00 00 01 00 26 00 00"), 0);
        assertFails(hex(wrongLength), Kind.MALFORMED, 9).hasMessageContaining("L=7, but electric.energy (DI 00 01 00 00) needs 4 + 4");
        byte[] shortRead = Dlt645Codec.encode(new MeterAddress("000000000161"), 0x91, hex("00 00"), 0);
        assertFails(hex(shortRead), Kind.MALFORMED, 9).hasMessageContaining("too short");
        byte[] wildcardReply = Dlt645Codec.encode(new MeterAddress("AAAAAA000161"), 0x91, hex("00 00 01 00 26 00 00 00"), 0);
        assertFails(hex(wildcardReply), Kind.MALFORMED, 4).hasMessageContaining("wildcard");
        byte[] old1997 = Dlt645Codec.encode(new MeterAddress("000000000161"), 0x81, hex("10 90 26 00 00 00"), 0);
        assertFails(hex(old1997), Kind.MALFORMED, 8).hasMessageContaining("DL/T 645-1997");
        byte[] errorWithoutByte = Dlt645Codec.encode(new MeterAddress("000000000161"), 0xD1, new byte[0], 0);
        assertFails(hex(errorWithoutByte), Kind.MALFORMED, 9).hasMessageContaining("without an error byte");
    }

    @Test
    void aReadAddressReplyMustNameOneAddress() {
        byte[] mismatch = Dlt645Codec.encode(new MeterAddress("000000000161"), 0x93, new MeterAddress("000000000162").toWire(), 0);
        assertThatThrownBy(() -> Dlt645Codec.decodeReadAddressReply(Dlt645Codec.parse(mismatch)))
                .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.offset()).isEqualTo(10))
                .hasMessageContaining("names 000000000162 in its data but 000000000161");
        byte[] notBcd = Dlt645Codec.encode(new MeterAddress("000000000161"), 0x93, hex("61 01 00 00 0F 00"), 0);
        assertThatThrownBy(() -> Dlt645Codec.decodeReadAddressReply(Dlt645Codec.parse(notBcd)))
                .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.offset()).isEqualTo(14));
    }

    @Test
    void theBoundaryStopsAtBytesThatCannotStartAFrame() {
        byte[] garbage = hex("FE FE 00 68 61");
        assertThat(Dlt645Codec.frameLength(garbage, garbage.length)).isEqualTo(garbage.length);
        byte[] wrongSecondStart = hex("68 61 01 00 00 00 00 00 91");
        assertThat(Dlt645Codec.frameLength(wrongSecondStart, wrongSecondStart.length)).isEqualTo(9);
        byte[] header = hex("FE 68 61 01 00 00 00 00 68 91 08");
        assertThat(Dlt645Codec.frameLength(header, header.length)).isEqualTo(1 + 12 + 8);
        assertThat(Dlt645Codec.frameLength(header, 10)).isEqualTo(-1);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(String frame, Kind kind, int offset) {
        return assertThatThrownBy(() -> new Dlt645FrameDecoder().decode(hex(frame), Map.of(), Instant.EPOCH))
                .isInstanceOfSatisfying(FrameException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.offset()).isEqualTo(offset);
                });
    }
}
