package io.heathub.simulator;

import io.heathub.simulator.modbus.RegisterAccessException;

/**
 * A Danfoss FC 51 pump drive (a unit on the PLC port, profile {@code danfoss-fc51}), the three
 * registers protocols.md gives and the status word, each read or written alone (the others answer
 * exception 02): 16129 output frequency ×0.1 Hz · 49999 control word (FC profile) · 50009 bus
 * reference, int16, 16384 = 100 % = the drive's nominal frequency (0..16384 accepted) · 50199 status
 * word (FC profile, read-only). The drive runs while the control word has bits 3 (no coast), 4 (no
 * quick stop) and 6 (start) set — 0x047C, the FC profile's usual start word, is the value at start —
 * and ramps to 0 otherwise. A trip ({@link ThermalModel#tripDrive}) sets status bit 3 and stops it
 * until a control word with bit 7 (reset) rising from 0 to 1, as the FC profile resets a trip.
 */
final class DriveRegisters implements RegisterDevice {

    static final int OUTPUT_FREQUENCY = 16129;
    static final int CONTROL_WORD = 49999;
    static final int BUS_REFERENCE = 50009;
    static final int STATUS_WORD = 50199;
    static final int FULL_REFERENCE = 16384;
    static final int START_WORD = 0x047C;
    private static final int RUN_BITS = 0x0058;
    private static final int RESET_BIT = 0x0080;
    // FC profile status word: 0 control ready, 1 drive ready, 2 enabled (not coasting), 3 trip,
    // 8 speed = reference, 9 bus control, 10 within frequency limits, 11 running
    static final int STATUS_CONTROL_READY = 0x0001;
    static final int STATUS_DRIVE_READY = 0x0002;
    static final int STATUS_ENABLED = 0x0004;
    static final int STATUS_TRIP = 0x0008;
    static final int STATUS_AT_REFERENCE = 0x0100;
    static final int STATUS_BUS_CONTROL = 0x0200;
    static final int STATUS_IN_LIMITS = 0x0400;
    static final int STATUS_RUNNING = 0x0800;

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
            case STATUS_WORD -> new int[] {statusWord(state)};
            default -> new int[] {(int) Math.round(state.referenceHz() / nominal() * FULL_REFERENCE) & 0xFFFF};
        };
    }

    @Override
    public void write(int address, int[] words) throws RegisterAccessException {
        single(address, words.length);
        if (address == OUTPUT_FREQUENCY || address == STATUS_WORD) {
            throw RegisterAccessException.illegalAddress("register " + address
                    + (address == STATUS_WORD ? " (status word)" : " (output frequency)") + " is read-only");
        }
        int word = words[0];
        if (address == CONTROL_WORD) {
            boolean reset;
            synchronized (this) {
                reset = (controlWord & RESET_BIT) == 0 && (word & RESET_BIT) != 0;
                controlWord = word;
            }
            if (reset) {
                model.resetDriveTrip(drive);
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

    private static int statusWord(ThermalModel.DriveState state) {
        if (state.tripped()) {
            return STATUS_CONTROL_READY | STATUS_TRIP | STATUS_BUS_CONTROL;
        }
        int word = STATUS_CONTROL_READY | STATUS_DRIVE_READY | STATUS_ENABLED | STATUS_BUS_CONTROL | STATUS_IN_LIMITS;
        double target = state.running() ? state.referenceHz() : 0;
        if (Math.abs(state.outputHz() - target) < 0.05) {
            word |= STATUS_AT_REFERENCE;
        }
        if (state.outputHz() > 0) {
            word |= STATUS_RUNNING;
        }
        return word;
    }

    private synchronized int controlWord() {
        return controlWord;
    }

    private double nominal() {
        return model.settings().plant().nominalHz();
    }

    private static void single(int address, int count) throws RegisterAccessException {
        if (count != 1 || (address != OUTPUT_FREQUENCY && address != CONTROL_WORD && address != BUS_REFERENCE
                && address != STATUS_WORD)) {
            throw RegisterAccessException.illegalAddress("registers " + address + ".." + (address + count - 1)
                    + ": the drive has registers 16129, 49999, 50009 and 50199, each read or written alone");
        }
    }
}
