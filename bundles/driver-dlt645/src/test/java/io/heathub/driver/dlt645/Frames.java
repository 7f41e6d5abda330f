package io.heathub.driver.dlt645;

import java.util.HexFormat;

/** Hex helpers for tests. */
final class Frames {
    private Frames() {
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }
}
