package io.heathub.driver.modbus;

/** How a value of two or four registers is split over them. */
enum WordOrder {
    /** Most significant word in the first register (Modbus convention). */
    BIG,
    /** Least significant word in the first register ("word swapped"). */
    LITTLE
}
