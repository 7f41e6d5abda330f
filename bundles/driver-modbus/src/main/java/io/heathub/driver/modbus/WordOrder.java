package io.heathub.driver.modbus;

/** How a 32-bit value is split over two registers. Bytes within a register are always big-endian. */
enum WordOrder {
    /** High word in the first register (Modbus convention). */
    BIG,
    /** Low word in the first register ("word swapped"). */
    LITTLE
}
