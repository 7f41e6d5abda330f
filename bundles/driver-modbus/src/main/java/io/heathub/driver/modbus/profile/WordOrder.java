package io.heathub.driver.modbus.profile;

/** How a value of two or four registers is split over them. */
public enum WordOrder {
    /** Most significant word in the first register (Modbus convention). */
    BIG,
    /** Least significant word in the first register ("word swapped"). */
    LITTLE
}
