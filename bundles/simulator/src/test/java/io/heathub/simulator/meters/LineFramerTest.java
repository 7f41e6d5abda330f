package io.heathub.simulator.meters;

import static io.heathub.simulator.meters.Decoded.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.driver.cjt188.Cjt188Codec;
import io.heathub.driver.dlt645.DataItem;
import io.heathub.driver.dlt645.Dlt645Codec;
import io.heathub.driver.dlt645.MeterAddress;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests of three protocols on one byte stream are told apart. */
class LineFramerTest {
    private static final long GAP = 500_000_000L;

    private static List<LineFrame> frames(LineFramer framer) {
        List<LineFrame> out = new ArrayList<>();
        LineFrame frame;
        while ((frame = framer.next()) != null) {
            out.add(frame);
        }
        return out;
    }

    @Test
    void mixedRequestsInOneChunkAndByteByByte() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(Cjt188Codec.readCurrentData(4, 0x20, "20100000000001", 1));
        stream.writeBytes(Decoded.mbusShort(0x7B, 1));
        stream.writeBytes(Dlt645Codec.readRequest(new MeterAddress("640000000001"), DataItem.FREQUENCY, 4));
        stream.writeBytes(Decoded.select(hex("01 00 00 71 FF FF FF FF")));
        stream.writeBytes(hex("68 AA AA AA AA AA AA AA AA 03 03 81 0A 00 49 16"));
        byte[] all = stream.toByteArray();

        LineFramer whole = new LineFramer(GAP);
        whole.accept(all, 0, all.length, 0);
        List<LineFrame> fromChunk = frames(whole);

        LineFramer bytewise = new LineFramer(GAP);
        List<LineFrame> fromBytes = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            bytewise.accept(all, i, 1, i);
            fromBytes.addAll(frames(bytewise));
        }
        for (List<LineFrame> frames : List.of(fromChunk, fromBytes)) {
            assertThat(frames).hasSize(5);
            assertThat(frames.get(0)).isInstanceOf(LineFrame.Cjt188.class);
            assertThat(frames.get(1)).isInstanceOf(LineFrame.MbusShort.class);
            assertThat(frames.get(2)).isInstanceOf(LineFrame.Dlt645.class);
            assertThat(frames.get(3)).isInstanceOfSatisfying(LineFrame.MbusLong.class, f -> assertThat(f.ci()).isEqualTo(0x52));
            assertThat(frames.get(4)).isInstanceOf(LineFrame.Cjt188.class);
        }
        assertThat(whole.discarded()).isZero();
    }

    @Test
    void cjt188AddressWith68AtOffsetSevenIsStillCjt188() {
        // A5 = 68 puts a 68 where DL/T 645 has its second start byte; only the CJ/T 188 checksum holds
        byte[] request = Cjt188Codec.readCurrentData(0, 0x20, "00680000000001", 1);
        assertThat(request[7]).isEqualTo((byte) 0x68);
        LineFramer framer = new LineFramer(GAP);
        framer.accept(request, 0, request.length, 0);
        assertThat(framer.next()).isInstanceOfSatisfying(LineFrame.Cjt188.class,
                f -> assertThat(Master.HEX.formatHex(f.address())).isEqualTo("01 00 00 00 00 68 00"));
    }

    @Test
    void garbageAndBadChecksumsAreSkipped() {
        byte[] good = Decoded.mbusShort(0x40, 3);
        byte[] bad = Cjt188Codec.readCurrentData(0, 0x20, "20100000000001", 1);
        bad[bad.length - 2] ^= 0x01;
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(hex("00 55 E5"));
        stream.writeBytes(bad);
        stream.writeBytes(good);
        byte[] all = stream.toByteArray();
        LineFramer framer = new LineFramer(GAP);
        framer.accept(all, 0, all.length, 0);
        assertThat(frames(framer)).singleElement().isInstanceOfSatisfying(LineFrame.MbusShort.class,
                f -> assertThat(f.address()).isEqualTo(3));
        assertThat(framer.discarded()).isEqualTo(3 + bad.length);
    }

    @Test
    void aPartialFrameIsDroppedAfterTheGap() {
        byte[] request = Decoded.mbusShort(0x5B, 4);
        LineFramer framer = new LineFramer(GAP);
        framer.accept(request, 0, 3, 0);
        assertThat(framer.next()).isNull();
        framer.accept(request, 0, request.length, GAP + 1); // a new request after a quiet line
        assertThat(framer.next()).isInstanceOf(LineFrame.MbusShort.class);
        assertThat(framer.next()).isNull();
        assertThat(framer.discarded()).isEqualTo(3);
    }
}
