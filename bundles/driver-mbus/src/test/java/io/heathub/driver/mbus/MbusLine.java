package io.heathub.driver.mbus;

import io.heathub.testkit.Bytes;
import io.heathub.testkit.line.Reply;
import io.heathub.testkit.line.ScriptedDevice;
import io.heathub.testkit.line.ScriptedLine;
import java.io.ByteArrayOutputStream;
import java.util.function.UnaryOperator;

/**
 * Scripted M-Bus lines for the driver tests (the test kit's {@link ScriptedLine}, as
 * {@code test://mbus}): every meter hears every frame, only the addressed ones answer (by primary
 * address, or 253 when selected by a CI 52 select with F-nibble and FF wildcards; a select that
 * does not match deselects a meter), and several simultaneous answers collide into garbage (two
 * E5 become F7).
 */
final class MbusLine {
    static final String URI = "test://mbus";

    private MbusLine() {
    }

    static ScriptedLine of(Meter... meters) {
        return ScriptedLine.of(meters).uri(URI);
    }

    /** A line whose one device answers by {@code meter} (null: silence). */
    static ScriptedLine answering(UnaryOperator<byte[]> meter) {
        return ScriptedLine.answering(meter).uri(URI);
    }

    /** How many selects (SND_UD with CI 52) the master sent on the line. */
    static long selects(ScriptedLine line) {
        return line.sent().stream()
                .filter(f -> (f[0] & 0xFF) == MbusFrames.LONG_START && (f[6] & 0xFF) == MbusFrames.CI_SELECT).count();
    }

    /** One meter: primary address, secondary identity, and whether it is selected. */
    static final class Meter implements ScriptedDevice {
        final int primary;
        final String id;
        final String manufacturer;
        final int version;
        final int medium;
        boolean selected;

        Meter(int primary, String id, String manufacturer, int version, int medium) {
            this.primary = primary;
            this.id = id;
            this.manufacturer = manufacturer;
            this.version = version;
            this.medium = medium;
        }

        static Meter heat(int primary, String id) {
            return new Meter(primary, id, "SPX", 0x31, 0x04);
        }

        @Override
        public Reply hear(byte[] frame) {
            return Reply.of(answer(frame));
        }

        private byte[] answer(byte[] frame) {
            int start = frame[0] & 0xFF;
            if (start == MbusFrames.SHORT_START) {
                int c = frame[1] & 0xFF;
                int a = frame[2] & 0xFF;
                boolean addressed = a == primary || (a == MbusFrames.ADDRESS_SELECTED && selected);
                if (!addressed) {
                    return null;
                }
                if (c == MbusFrames.C_SND_NKE) {
                    return new byte[] {(byte) MbusFrames.ACK};
                }
                if ((c & 0xDF) == MbusFrames.C_REQ_UD2) {
                    return rspUd();
                }
                return null;
            }
            if (start == MbusFrames.LONG_START && (frame[6] & 0xFF) == MbusFrames.CI_SELECT
                    && (frame[5] & 0xFF) == MbusFrames.ADDRESS_SELECTED) {
                selected = matches(frame, 7);
                return selected ? new byte[] {(byte) MbusFrames.ACK} : null;
            }
            return null;
        }

        private boolean matches(byte[] frame, int at) {
            byte[] own = MbusAddress.parse(String.format("%s.%s.%02X.%02X", id, manufacturer, version, medium))
                    .orElseThrow().selectData();
            for (int i = 0; i < 4; i++) { // identification: F nibbles are wildcards
                int want = frame[at + i] & 0xFF;
                int have = own[i] & 0xFF;
                if (((want >> 4) != 0xF && (want >> 4) != (have >> 4)) || ((want & 0xF) != 0xF && (want & 0xF) != (have & 0xF))) {
                    return false;
                }
            }
            boolean anyManufacturer = (frame[at + 4] & 0xFF) == 0xFF && (frame[at + 5] & 0xFF) == 0xFF;
            if (!anyManufacturer && (frame[at + 4] != own[4] || frame[at + 5] != own[5])) {
                return false;
            }
            for (int i = 6; i < 8; i++) {
                if ((frame[at + i] & 0xFF) != 0xFF && frame[at + i] != own[i]) {
                    return false;
                }
            }
            return true;
        }

        /** A RSP_UD with the long header and one energy record (8640 kWh). */
        byte[] rspUd() {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            byte[] header = MbusAddress.parse(String.format("%s.%s.%02X.%02X", id, manufacturer, version, medium))
                    .orElseThrow().selectData();
            data.writeBytes(header);
            data.write(0x2A); // access number
            data.write(0x00); // status
            data.write(0);
            data.write(0);
            data.writeBytes(Bytes.hex("0C 07 64 08 00 00"));
            return MbusFrames.longFrame(0x08, primary, 0x72, data.toByteArray());
        }
    }
}
