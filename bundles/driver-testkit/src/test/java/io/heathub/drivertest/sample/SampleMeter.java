package io.heathub.drivertest.sample;

import io.heathub.testkit.line.Reply;
import io.heathub.testkit.line.ScriptedDevice;

/** A sample meter on the scripted line: answers frames addressed to it, ignores the rest. */
public final class SampleMeter implements ScriptedDevice {
    private final int address;
    private final long wattHours;
    private int setpointTenths = 650;

    public SampleMeter(int address, long wattHours) {
        this.address = address;
        this.wattHours = wattHours;
    }

    @Override
    public Reply hear(byte[] f) {
        if (f.length < 5 || !SampleCodec.isRequest(f) || (f[1] & 0xFF) != address
                || f.length != 5 + (f[3] & 0xFF) || (f[f.length - 1] & 0xFF) != SampleCodec.checksum(f, f.length - 1)) {
            return Reply.silence();
        }
        int c = f[2] & 0xFF;
        return switch (c) {
            case SampleCodec.READ_ENERGY -> Reply.of(SampleCodec.frame(address, 0x81, (byte) (wattHours >> 24),
                    (byte) (wattHours >> 16), (byte) (wattHours >> 8), (byte) wattHours, (byte) 0, (byte) 0, (byte) 0x30, (byte) 0x39));
            case SampleCodec.READ_TEMPERATURES -> Reply.of(SampleCodec.frame(address, 0x82, (byte) 0x1B, (byte) 0x58,
                    (byte) 0x0F, (byte) 0xA0));
            case SampleCodec.WRITE_SETPOINT -> {
                setpointTenths = (short) ((f[4] & 0xFF) << 8 | (f[5] & 0xFF));
                yield Reply.of(SampleCodec.frame(address, 0x83, (byte) (setpointTenths >> 8), (byte) setpointTenths));
            }
            case SampleCodec.IDENTIFY -> Reply.of(SampleCodec.frame(address, 0x84, (byte) 1));
            default -> Reply.silence();
        };
    }
}
