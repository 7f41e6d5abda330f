package ${package};

import io.heathub.testkit.line.Reply;
import io.heathub.testkit.line.ScriptedDevice;

/**
 * A ${driverClass} meter on the kit's scripted line: it answers read requests addressed to it and
 * ignores everything else (other addresses, other protocols, garbage), as a real meter does.
 * Built on the driver's codec; give it your meter's real frames when you have them.
 */
final class ${driverClass}Meter implements ScriptedDevice {
    private final int address;
    private final long wattHours;
    private final long litres;

    ${driverClass}Meter(int address, long wattHours, long litres) {
        this.address = address;
        this.wattHours = wattHours;
        this.litres = litres;
    }

    @Override
    public Reply hear(byte[] frame) {
        boolean wellFormed = frame.length >= 5 && frame.length == 5 + (frame[3] & 0xFF)
                && (frame[frame.length - 1] & 0xFF) == ${driverClass}Codec.checksum(frame);
        if (!wellFormed || !${driverClass}Codec.isRequest(frame) || ${driverClass}Codec.address(frame) != address
                || (frame[2] & 0xFF) != ${driverClass}Codec.READ) {
            return Reply.silence();
        }
        return Reply.of(${driverClass}Codec.frame(address, 0x80 | ${driverClass}Codec.READ,
                (byte) (wattHours >> 24), (byte) (wattHours >> 16), (byte) (wattHours >> 8), (byte) wattHours,
                (byte) (litres >> 24), (byte) (litres >> 16), (byte) (litres >> 8), (byte) litres,
                (byte) 0x1B, (byte) 0x58,     // supply 70.00 °C
                (byte) 0x0F, (byte) 0xA0));   // return 40.00 °C
    }
}
