package io.heathub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.driver.DeviceException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScanAddressesTest {
    private static final String WHERE = "scan on serial:/dev/ttyUSB0";

    @Test
    void listThenRangeInOrderWithoutRepeats() throws Exception {
        assertThat(DeviceSettings.scanAddresses(Map.of("scanAddresses", "000000000161, 000000000003",
                "scanFrom", "000000000002", "scanTo", "000000000004"), WHERE, 12, 10, null))
                .containsExactly("000000000161", "000000000003", "000000000002", "000000000004");
        assertThat(DeviceSettings.scanAddresses(Map.of(), WHERE, 14, 10, null)).isEmpty();
    }

    @Test
    void everyProblemNamesTheSetting() {
        assertThatThrownBy(() -> DeviceSettings.scanAddresses(Map.of("scanAddresses", "12345"), WHERE, 14, 10, null))
                .isInstanceOf(DeviceException.class).hasMessage(WHERE
                        + ": settings.scanAddresses: expected 14-digit meter addresses, got \"12345\"");
        assertThatThrownBy(() -> DeviceSettings.scanAddresses(Map.of("scanFrom", "00000000000001"), WHERE, 14, 10, null))
                .hasMessage(WHERE + ": settings.scanTo: scanFrom and scanTo go together (a range of 14-digit addresses)");
        assertThatThrownBy(() -> DeviceSettings.scanAddresses(Map.of("scanFrom", "000000000009", "scanTo", "000000000001"),
                WHERE, 12, 10, null)).hasMessage(WHERE + ": settings.scanTo: 000000000001 is below scanFrom 000000000009");
        assertThatThrownBy(() -> DeviceSettings.scanAddresses(Map.of("scanFrom", "000000000001", "scanTo", "000000000011"),
                WHERE, 12, 10, null)).hasMessage(WHERE + ": settings.scanTo: the range 000000000001..000000000011 holds 11"
                + " addresses; at most 10 are probed in one scan");
        assertThatThrownBy(() -> DeviceSettings.scanAddresses(Map.of("scanAddresses", "999999999999"), WHERE, 12, 10,
                a -> a.equals("999999999999") ? "the broadcast address" : null))
                .hasMessage(WHERE + ": settings.scanAddresses: the broadcast address");
    }
}
