package io.heathub.driver.wmbus;

import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The settings that decoding a meter's telegrams needs, shared by the session and the frame
 * decoder. The key is never put into a message or {@link #toString()}.
 *
 * @param key            the meter's AES-128 key, empty for a meter that does not encrypt
 * @param zone           the zone of the meter's clock
 * @param dueDayStorage  the storage number whose values are the due-day (set-day) values
 */
record MeterSettings(Optional<byte[]> key, ZoneId zone, OptionalInt dueDayStorage) {
    static final String KEY = "key";
    static final String ZONE = "zone";
    static final String DUE_DAY_STORAGE = "dueDayStorage";

    static MeterSettings of(Map<String, String> settings) throws DeviceException {
        return new MeterSettings(key(settings.get(KEY)), zone(settings.get(ZONE)),
                dueDayStorage(settings.get(DUE_DAY_STORAGE)));
    }

    private static Optional<byte[]> key(String text) throws DeviceException {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String hex = text.trim().replace(" ", "");
        // the message never quotes the key: site.yaml's keys must not reach a log
        if (!hex.matches("[0-9A-Fa-f]{32}")) {
            throw new DeviceException(Kind.CONFIG, "settings." + KEY + ": expected the meter's AES-128 key as 32 hex"
                    + " digits, got " + hex.length() + " characters" + (hex.matches("[0-9A-Fa-f]*") ? "" : " that are"
                    + " not all hex digits"));
        }
        return Optional.of(HexFormat.of().parseHex(hex));
    }

    private static ZoneId zone(String text) throws DeviceException {
        if (text == null || text.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            throw new DeviceException(Kind.CONFIG, "settings." + ZONE + ": expected a time zone such as Europe/Berlin"
                    + " or +01:00, got \"" + text + "\"");
        }
    }

    private static OptionalInt dueDayStorage(String text) throws DeviceException {
        if (text == null || text.isBlank()) {
            return OptionalInt.empty();
        }
        if (text.trim().matches("[0-9]{1,2}")) {
            int n = Integer.parseInt(text.trim());
            if (n >= 1) {
                return OptionalInt.of(n);
            }
        }
        throw new DeviceException(Kind.CONFIG, "settings." + DUE_DAY_STORAGE + ": expected a storage number 1..99,"
                + " got \"" + text + "\"");
    }

    @Override
    public String toString() {
        return "MeterSettings[key=" + (key.isPresent() ? "(set)" : "(none)") + ", zone=" + zone + ", dueDayStorage="
                + dueDayStorage + "]";
    }
}
