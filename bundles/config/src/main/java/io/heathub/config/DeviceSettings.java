package io.heathub.config;

import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceException;
import java.time.Duration;
import java.util.Optional;

/** Typed reading of driver settings, with errors that name the device, its origin and the field. */
public final class DeviceSettings {
    private DeviceSettings() {
    }

    /**
     * A positive duration setting ({@link Durations} syntax), or {@code fallback} when absent.
     *
     * @throws DeviceException kind CONFIG, e.g.
     *         {@code settings.timeout: expected a duration like 1s or 500ms, got "soon"} (the hub names the device)
     */
    public static Duration duration(DeviceConfig device, String key, Duration fallback) throws DeviceException {
        String text = device.setting(key).orElse(null);
        if (text == null) {
            return fallback;
        }
        Optional<String> tooLong = Durations.tooLong(text);
        if (tooLong.isPresent()) {
            throw new DeviceException(DeviceException.Kind.CONFIG, "settings." + key + ": " + tooLong.get());
        }
        return Durations.parse(text).filter(d -> !d.isZero() && !d.isNegative())
                .orElseThrow(() -> new DeviceException(DeviceException.Kind.CONFIG, "settings." + key
                        + ": expected a duration like 1s or 500ms, got \"" + text + "\""));
    }

    /**
     * The addresses a scan probes one by one, from the settings {@code scanAddresses} (a comma or
     * space separated list) and the range {@code scanFrom}..{@code scanTo}, in that order, without
     * repeats, at most {@code max}. Addresses are fixed-length decimal, as CJ/T 188 (14 digits) and
     * DL/T 645 (12) use them.
     *
     * @param where   the device or scan, for messages (e.g. {@code scan on serial:/dev/ttyUSB0})
     * @param refusal a protocol's own objection to a well-formed address (e.g. a broadcast
     *                address), or null when it has none
     * @throws DeviceException kind CONFIG naming the setting and what is wrong with it
     */
    public static List<String> scanAddresses(Map<String, String> settings, String where, int digits, int max,
                                             Function<String, String> refusal) throws DeviceException {
        Set<String> addresses = new LinkedHashSet<>();
        String list = settings.get("scanAddresses");
        if (list != null) {
            for (String item : list.split("[,\\s]+")) {
                if (!item.isEmpty()) {
                    addresses.add(scanAddress(item, where, "scanAddresses", digits, refusal));
                }
            }
        }
        String from = settings.get("scanFrom");
        String to = settings.get("scanTo");
        if (from != null || to != null) {
            if (from == null || to == null) {
                throw scanConfig(where, from == null ? "scanFrom" : "scanTo", "scanFrom and scanTo go together (a range of "
                        + digits + "-digit addresses)");
            }
            BigInteger first = new BigInteger(scanAddress(from, where, "scanFrom", digits, refusal));
            BigInteger last = new BigInteger(scanAddress(to, where, "scanTo", digits, refusal));
            if (first.compareTo(last) > 0) {
                throw scanConfig(where, "scanTo", to.trim() + " is below scanFrom " + from.trim());
            }
            BigInteger count = last.subtract(first).add(BigInteger.ONE);
            if (count.add(BigInteger.valueOf(addresses.size())).compareTo(BigInteger.valueOf(max)) > 0) {
                throw scanConfig(where, "scanTo", "the range " + from.trim() + ".." + to.trim() + " holds " + count
                        + " addresses; at most " + max + " are probed in one scan");
            }
            String format = "%0" + digits + "d";
            for (BigInteger a = first; a.compareTo(last) <= 0; a = a.add(BigInteger.ONE)) {
                addresses.add(String.format(format, a));
            }
        }
        if (addresses.size() > max) {
            throw scanConfig(where, "scanAddresses", addresses.size() + " addresses; at most " + max
                    + " are probed in one scan");
        }
        return List.copyOf(addresses);
    }

    private static String scanAddress(String text, String where, String key, int digits,
                                      Function<String, String> refusal) throws DeviceException {
        String address = text.trim();
        if (address.length() != digits || !address.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw scanConfig(where, key, "expected " + digits + "-digit meter addresses, got \"" + address + "\"");
        }
        String problem = refusal == null ? null : refusal.apply(address);
        if (problem != null) {
            throw scanConfig(where, key, problem);
        }
        return address;
    }

    private static DeviceException scanConfig(String where, String key, String problem) {
        return new DeviceException(DeviceException.Kind.CONFIG, where + ": settings." + key + ": " + problem);
    }
}
