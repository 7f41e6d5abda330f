package io.heathub.driver.cjt188;

import io.heathub.api.driver.FrameException;
import io.heathub.api.driver.Progress;
import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A multi-drop CJ/T 188 line for {@link ScriptedMeter}: every meter hears every request; only
 * meters addressed (by their address or the broadcast AA×7, and their type or AA) answer; several
 * simultaneous answers arrive as garbage (each meter's bytes shifted by its bit offset and OR-ed,
 * as unsynchronised transmitters mix on the wire). With {@code echo} the line first returns the
 * request itself, as a half-duplex RS-485 adapter does.
 */
final class ScriptedLine implements UnaryOperator<byte[]> {
    private final List<LineMeter> meters;
    private final boolean echo;

    ScriptedLine(boolean echo, LineMeter... meters) {
        this.echo = echo;
        this.meters = List.of(meters);
    }

    @Override
    public byte[] apply(byte[] request) {
        List<byte[]> answers = new ArrayList<>();
        for (LineMeter meter : meters) {
            byte[] answer = meter.answer(request);
            if (answer != null) {
                answers.add(answer);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (echo) {
            out.writeBytes(request);
        }
        if (answers.size() == 1) {
            out.writeBytes(answers.get(0));
        } else if (answers.size() > 1) {
            out.writeBytes(collide(answers));
        }
        return out.size() == 0 ? null : out.toByteArray();
    }

    /** Meter k's bytes rotated right by k bits, OR-ed: what a receiver makes of overlapping answers. */
    static byte[] collide(List<byte[]> answers) {
        int length = answers.stream().mapToInt(a -> a.length).max().orElse(0);
        byte[] mixed = new byte[length];
        for (int k = 0; k < answers.size(); k++) {
            byte[] a = answers.get(k);
            for (int i = 0; i < a.length; i++) {
                int b = a[i] & 0xFF;
                int shifted = ((b >>> (k % 8)) | (b << (8 - k % 8))) & 0xFF;
                mixed[i] |= (byte) shifted;
            }
        }
        return mixed;
    }

    /** A CJ/T 188 heat or water meter that answers read-address, 901F reads and valve writes. */
    static final class LineMeter {
        final String address;
        final int type;
        final boolean unitBefore;
        final List<String> heard = new CopyOnWriteArrayList<>();
        volatile int status0;

        LineMeter(String address, int type, boolean unitBefore) {
            this.address = address;
            this.type = type;
            this.unitBefore = unitBefore;
        }

        static LineMeter heat(String address) {
            return new LineMeter(address, 0x20, false);
        }

        byte[] answer(byte[] request) {
            Cjt188Frame frame;
            try {
                frame = Cjt188Codec.parse(request);
            } catch (FrameException e) {
                return null; // a meter ignores what it cannot read
            }
            boolean addressed = frame.address().equals(address) || frame.address().equals(Cjt188Codec.BROADCAST);
            boolean typed = frame.type() == type || frame.type() == Cjt188Codec.WILDCARD;
            if (frame.isReply() || !addressed || !typed) {
                return null;
            }
            heard.add(Cjt188Codec.hex(request));
            int di = frame.at(frame.bodyOffset()) << 8 | frame.at(frame.bodyOffset() + 1);
            int ser = frame.at(Cjt188Codec.serOffset(frame));
            if (frame.function() == Cjt188Codec.READ_ADDRESS && di == Cjt188Codec.DI_READ_ADDRESS) {
                return Cjt188Codec.encode(0, type, address, 0x83, Cjt188Codec.DI_READ_ADDRESS, ser, new byte[0]);
            }
            if (frame.function() == Cjt188Codec.READ_DATA && di == Cjt188Codec.DI_CURRENT_DATA) {
                if (type == 0x20) {
                    return HeatReplies.reply(2, address, ser, unitBefore, false, new HeatReplies.HeatData(
                            new HeatReplies.Field(1234, 0x05), new HeatReplies.Field(5678, 0x05),
                            new HeatReplies.Field(100, 0x17), new HeatReplies.Field(2500, 0x35),
                            new HeatReplies.Field(99, 0x2C), 7000, 4000, 12,
                            LocalDateTime.of(2025, 12, 1, 8, 30, 0), status0, 0));
                }
                return Cjt188Codec.encode(0, type, address, 0x81, Cjt188Codec.DI_CURRENT_DATA, ser, new byte[19]);
            }
            return null;
        }
    }

    /** Records progress and asks to stop after a number of updates (or never: -1). */
    static final class RecordingProgress implements Progress {
        final List<long[]> updates = new CopyOnWriteArrayList<>();
        final List<String> messages = new CopyOnWriteArrayList<>();
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
