package io.heathub.api.driver;

/**
 * A device call failed. The kind is what the hub acts on (back-off, line statistics; CONFIG stops
 * polling). The message says which step failed and why, with the frame in hex for malformed or
 * checksum errors; the hub names the device in front of it (docs/driver-guide.md §6).
 */
public class DeviceException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of failure: drives back-off and bus statistics. */
    public enum Kind {
        /** No (complete) reply in time. */
        TIMEOUT,
        /** A reply with a wrong checksum or CRC. */
        CHECKSUM,
        /** The device answered with an error or exception reply. */
        NAK,
        /** A reply that does not parse. */
        MALFORMED,
        /** Bad address, setting or profile: retrying will not help. */
        CONFIG,
        /** The link itself failed (connection refused, port gone). */
        IO
    }

    private final Kind kind;

    public DeviceException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public DeviceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
