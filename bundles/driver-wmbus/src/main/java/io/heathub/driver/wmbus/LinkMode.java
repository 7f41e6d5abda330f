package io.heathub.driver.wmbus;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The iM871A's link modes, numbered as its SET_CONFIG wants them (WMBus HCI spec 1.6). */
enum LinkMode {
    S1, S1M, S2, T1, T2, R2, C1A, C1B, C2A, C2B;

    /** The names a {@code mode} setting accepts: these, any case, and {@code C1} for C1a. */
    static Optional<LinkMode> named(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (name.equals("C1")) {
            return Optional.of(C1A);
        }
        return Arrays.stream(values()).filter(m -> m.name().equals(name)).findFirst();
    }

    static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + " (C1 = C1A)";
    }

    /**
     * SET_CONFIG, not stored in the receiver's flash: device mode "other" (a collector), this
     * link mode, and RSSI attached to every received telegram.
     */
    byte[] setConfigRequest() {
        return Hci.request(Hci.DEVMGMT, Hci.SET_CONFIG_REQ,
                (byte) 0x00,            // volatile
                (byte) 0x03,            // IIFlag1: device mode, link mode
                (byte) 0x00,            // device mode: other
                (byte) ordinal(),       // link mode
                (byte) 0x10,            // IIFlag2: automatic RSSI attachment
                (byte) 0x01);           // on
    }
}
