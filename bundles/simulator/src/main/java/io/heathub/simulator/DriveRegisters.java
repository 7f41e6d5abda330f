package io.heathub.simulator;

import io.heathub.simulator.modbus.RegisterAccessException;

/**
 * A Danfoss FC 51 pump drive (a unit on the PLC port, profile {@code danfoss-fc51}), the three
 * registers protocols.md gives, each read or written alone (the others answer exception 02):
 * 16129 output frequency ×0.1 Hz · 49999 control word (FC profile) · 50009 bus reference, int16,
 * 16384 = 100 % = the drive's nominal frequency (0..16384 accepted). The drive runs while the
 * control word has bits 3 (no coast), 4 (no quick stop) and 6 (start) set — 0x047C, the FC
 * profile's usual start word, is the value at start — and ramps to 0 otherwise.
 */
final class DriveRegisters implements RegisterDevice {

    static final int OUTPUT_FREQUENCY = 16129;
    static final int CONTROL_WORD = 49999;
    static final int BUS_REFERENCE = 50009;
    static final int FULL_REFERENCE = 16384;
    static final int START_WORD = 0x047C;
    private static final int RUN_BITS = 0x0058;

    private final ThermalModel model;
    private final int drive;
    private int controlWord = START_WORD;

    DriveRegisters(ThermalModel model, int drive) {
        this.model = model;
        this.drive = drive;
        model.setDriveRunning(drive, true);
    }

    @Override
    public int[] read(int address, int count) throws RegisterAccessException {
        single(address, count);
        ThermalModel.DriveState state = model.driveState(drive);
        return switch (address) {
            case OUTPUT_FREQUENCY -> new int[] {(int) Math.round(state.outputHz() * 10)};
            case CONTROL_WORD -> new int[] {controlWord()};
            default -> new int[] {(int) Math.round(state.referenceHz() / nominal() * FULL_REFERENCE) & 0xFFFF};
        };
    }

    @Override
    public void write(int address, int[] words) throws RegisterAccessException {
        single(address, words.length);
        if (address == OUTPUT_FREQUENCY) {
            throw RegisterAccessException.illegalAddress("register 16129 (output frequency) is read-only");
        }
        int word = words[0];
        if (address == CONTROL_WORD) {
            synchronized (this) {
                controlWord = word;
            }
            model.setDriveRunning(drive, (word & RUN_BITS) == RUN_BITS);
            return;
        }
        int reference = (short) word;
        if (reference < 0 || reference > FULL_REFERENCE) {
            throw RegisterAccessException.illegalValue("bus reference must be 0..16384 (0..100 %), got " + reference);
        }
        model.setDriveReference(drive, (double) reference / FULL_REFERENCE * nominal());
    }

    private synchronized int controlWord() {
        return controlWord;
    }

    private double nominal() {
        return model.settings().plant().nominalHz();
    }

    private static void single(int address, int count) throws RegisterAccessException {
        if (count != 1 || (address != OUTPUT_FREQUENCY && address != CONTROL_WORD && address != BUS_REFERENCE)) {
            throw RegisterAccessException.illegalAddress("registers " + address + ".." + (address + count - 1)
                    + ": the drive has registers 16129, 49999 and 50009, each read or written alone");
        }
    }
}
