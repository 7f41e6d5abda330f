package io.heathub.driver.mbus;

import io.heathub.api.driver.Progress;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A multi-drop M-Bus line for {@link ScriptedMeterLink}: every meter hears every frame, only the
 * addressed ones answer (by primary address, or 253 when selected by a CI 52 select with F-nibble
 * and FF wildcards; a select that does not match deselects a meter), and several simultaneous
 * answers arrive as garbage: meter k's bytes rotated right by k bits and OR-ed, as unsynchronised
 * transmitters mix on the wire (two E5 become F7).
 */
final class MbusLine implements Function<byte[], byte[]> {
    final List<Meter> meters;
    int selects;

    MbusLine(Meter... meters) {
        this.meters = List.of(meters);
    }

    @Override
    public byte[] apply(byte[] frame) {
        if ((frame[0] & 0xFF) == MbusFrames.LONG_START && (frame[6] & 0xFF) == MbusFrames.CI_SELECT) {
            selects++;
        }
        List<byte[]> answers = new ArrayList<>();
        for (Meter meter : meters) {
            byte[] answer = meter.answer(frame);
            if (answer != null) {
                answers.add(answer);
            }
        }
        if (answers.isEmpty()) {
            return null;
        }
        return answers.size() == 1 ? answers.get(0) : collide(answers);
    }

    static byte[] collide(List<byte[]> answers) {
        int length = answers.stream().mapToInt(a -> a.length).max().orElse(0);
        byte[] mixed = new byte[length];
        for (int k = 0; k < answers.size(); k++) {
            byte[] a = answers.get(k);
            int shift = k % 8;
            for (int i = 0; i < a.length; i++) {
                int b = a[i] & 0xFF;
                mixed[i] |= (byte) (((b >>> shift) | (b << (8 - shift))) & 0xFF);
            }
        }
        return mixed;
    }

    /** One meter: primary address, secondary identity, and whether it is selected. */
    static final class Meter {
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

        byte[] answer(byte[] frame) {
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
            data.writeBytes(Frames.hex("0C 07 64 08 00 00"));
            return MbusFrames.longFrame(0x08, primary, 0x72, data.toByteArray());
        }
    }

    /** Records progress and asks to stop after a number of updates (or never: -1). */
    static final class RecordingProgress implements Progress {
        final List<long[]> updates = new ArrayList<>();
        final List<String> messages = new ArrayList<>();
        private final int cancelAfter;

        RecordingProgress(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void update(long done, long total, String message) {
            updates.add(new long[] {done, total});
            messages.add(message);
        }

        @Override
        public boolean cancelled() {
            return cancelAfter >= 0 && updates.size() >= cancelAfter;
        }

        long[] last() {
            return updates.get(updates.size() - 1);
        }
    }
}
