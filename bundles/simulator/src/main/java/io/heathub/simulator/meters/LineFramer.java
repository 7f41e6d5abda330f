package io.heathub.simulator.meters;

import java.util.Arrays;

/**
 * Cuts the bytes arriving on a shared line into requests. A frame is recognised by its start byte
 * and confirmed by its length, checksum and end byte:
 * <ul>
 * <li>{@code 10 C A CS 16}: M-Bus short frame;</li>
 * <li>{@code 68 L L 68 … CS 16}: M-Bus long frame (checksum from C);</li>
 * <li>{@code 68 A0..A5 68 C L … CS 16}: DL/T 645 (the second 68 at offset 7);</li>
 * <li>{@code 68 T A0..A6 C L … CS 16}: CJ/T 188 (L at offset 10).</li>
 * </ul>
 * A CJ/T 188 frame can look like the start of the others (an address byte may be 68), so every
 * reading that is still possible is tried and the one whose checksum and end byte hold wins.
 * Leading FE wake-up bytes are skipped; a byte that starts no valid frame is dropped (resync); a
 * partial frame is dropped when the line has been quiet for longer than the inter-frame gap.
 */
final class LineFramer {
    private static final int WAKE_UP = 0xFE;
    private static final int START = 0x68;
    private static final int SHORT_START = 0x10;
    private static final int END = 0x16;

    private final long gapNanos;
    private byte[] buffer = new byte[512];
    private int length;
    private long lastByteNanos;
    private long discarded;
    private int wakeUpBytes;
    private int lastWakeUpBytes;

    /** @param gapNanos quiet time after which a partial frame is abandoned */
    LineFramer(long gapNanos) {
        this.gapNanos = gapNanos;
    }

    /** Adds bytes received at {@code nanos} (System.nanoTime). */
    void accept(byte[] bytes, int offset, int count, long nanos) {
        if (length > 0 && nanos - lastByteNanos > gapNanos) {
            discarded += length;
            length = 0;
            wakeUpBytes = 0;
        }
        lastByteNanos = nanos;
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
        }
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
    }

    /** Bytes dropped so far because they started no valid frame (noise, garbage, cut-off frames). */
    long discarded() {
        return discarded;
    }

    /** How many FE wake-up bytes preceded the frame {@link #next()} returned last (they took line time too). */
    int wakeUpBeforeLastFrame() {
        return lastWakeUpBytes;
    }

    /** The next complete request, or null when more bytes are needed. */
    LineFrame next() {
        while (length > 0) {
            int first = buffer[0] & 0xFF;
            if (first == WAKE_UP) {
                drop(1, false);
                wakeUpBytes++;
                continue;
            }
            int total;
            LineFrame frame = null;
            boolean needMore = false;
            if (first == SHORT_START) {
                if (length < 5) {
                    return null;
                }
                if ((buffer[4] & 0xFF) == END && buffer[3] == (byte) (buffer[1] + buffer[2])) {
                    frame = new LineFrame.MbusShort(Arrays.copyOf(buffer, 5), buffer[1] & 0xFF, buffer[2] & 0xFF);
                }
            } else if (first == START) {
                // M-Bus long frame
                if (length < 4) {
                    needMore = true;
                } else if (buffer[1] == buffer[2] && (buffer[3] & 0xFF) == START && (buffer[1] & 0xFF) >= 3) {
                    total = (buffer[1] & 0xFF) + 6;
                    if (length < total) {
                        needMore = true;
                    } else if (valid(total, 4)) {
                        frame = new LineFrame.MbusLong(Arrays.copyOf(buffer, total), buffer[4] & 0xFF, buffer[5] & 0xFF,
                                buffer[6] & 0xFF, Arrays.copyOfRange(buffer, 7, total - 2));
                    }
                }
                // DL/T 645
                if (frame == null) {
                    if (length < 10) {
                        needMore = true;
                    } else if ((buffer[7] & 0xFF) == START) {
                        total = 12 + (buffer[9] & 0xFF);
                        if (length < total) {
                            needMore = true;
                        } else if (valid(total, 0)) {
                            byte[] data = new byte[buffer[9] & 0xFF];
                            for (int i = 0; i < data.length; i++) {
                                data[i] = (byte) (buffer[10 + i] - 0x33);
                            }
                            frame = new LineFrame.Dlt645(Arrays.copyOf(buffer, total), Arrays.copyOfRange(buffer, 1, 7),
                                    buffer[8] & 0xFF, data);
                        }
                    }
                }
                // CJ/T 188
                if (frame == null) {
                    if (length < 11) {
                        needMore = true;
                    } else {
                        total = 13 + (buffer[10] & 0xFF);
                        if (length < total) {
                            needMore = true;
                        } else if (valid(total, 0)) {
                            frame = new LineFrame.Cjt188(Arrays.copyOf(buffer, total), buffer[1] & 0xFF,
                                    Arrays.copyOfRange(buffer, 2, 9), buffer[9] & 0xFF,
                                    Arrays.copyOfRange(buffer, 11, total - 2));
                        }
                    }
                }
            }
            if (frame != null) {
                drop(frame.raw().length, false);
                lastWakeUpBytes = wakeUpBytes;
                wakeUpBytes = 0;
                return frame;
            }
            if (needMore) {
                return null;
            }
            wakeUpBytes = 0;
            drop(1, true); // no reading of these bytes is a valid frame: resynchronise on the next byte
        }
        return null;
    }

    /** Checksum over [checksumFrom, total-2) equals byte total-2, and the end byte is 16. */
    private boolean valid(int total, int checksumFrom) {
        return (buffer[total - 1] & 0xFF) == END && Bcd.checksum(buffer, checksumFrom, total - 2) == buffer[total - 2];
    }

    private void drop(int count, boolean garbage) {
        System.arraycopy(buffer, count, buffer, 0, length - count);
        length -= count;
        if (garbage) {
            discarded += count;
        }
    }
}
