package io.heathub.driver.modbus.profile;

/** How the two bytes of each register are ordered on the wire. */
public enum ByteOrder {
    /** High byte first (Modbus standard). */
    BIG,
    /** Low byte first: devices that swap the bytes inside every register. */
    LITTLE
}
