package io.heathub.api.driver;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A device found by an address scan.
 *
 * @param address     the address to put in {@code site.yaml} (in the driver's address syntax)
 * @param description what the device said about itself (manufacturer, medium, meter type), or
 *                    empty
 * @param settings    {@code site.yaml} settings the scan found the device needs (e.g. a CJ/T 188
 *                    meter's {@code unitPosition}); empty when none
 * @param collision   true when several devices answered at this address at once: a clash to
 *                    resolve on site, not one device to configure
 */
public record FoundDevice(String address, String description, Map<String, String> settings, boolean collision) {
    public FoundDevice {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(description, "description");
        settings = Map.copyOf(settings);
    }

    /** One device, no settings needed. */
    public FoundDevice(String address, String description) {
        this(address, description, Map.of(), false);
    }

    /** One device that needs {@code settings} in {@code site.yaml}. */
    public static FoundDevice withSettings(String address, String description, Map<String, String> settings) {
        return new FoundDevice(address, description, settings, false);
    }

    /** Several devices that answered at {@code address} at once. */
    public static FoundDevice collision(String address, String description) {
        return new FoundDevice(address, description, Map.of(), true);
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]+");

    /**
     * What a scan found as the {@code devices:} section of {@code site.yaml}, ready to paste: one
     * entry per device with a placeholder id ({@code DRIVER-N}), the bus, the driver, the address
     * (quoted: leading zeros) and the settings the scan found it needs, in key order; collisions
     * as comments after them, not as devices: they are clashes to resolve on site. Every scanner
     * (the offline tool, the hub's shell) writes it this way.
     *
     * @since 1.9
     */
    public static String siteYamlDevices(String driver, String bus, List<FoundDevice> found) {
        StringBuilder y = new StringBuilder("devices:");
        long devices = found.stream().filter(d -> !d.collision()).count();
        y.append(devices == 0 ? " []" : "").append('\n');
        int n = 0;
        for (FoundDevice d : found) {
            if (d.collision()) {
                continue;
            }
            n++;
            y.append("  - id: ").append(driver).append('-').append(n).append("   # ").append(oneLine(d.description()))
                    .append('\n');
            y.append("    bus: ").append(bus).append('\n');
            y.append("    driver: ").append(driver).append('\n');
            y.append("    address: ").append(quoted(d.address())).append('\n');
            if (!d.settings().isEmpty()) {
                y.append("    settings: {");
                String separator = " ";
                for (Map.Entry<String, String> s : new TreeMap<>(d.settings()).entrySet()) {
                    y.append(separator).append(s.getKey()).append(": ").append(scalar(s.getValue()));
                    separator = ", ";
                }
                y.append(" }\n");
            }
        }
        for (FoundDevice d : found) {
            if (d.collision()) {
                y.append("# not configured, several devices answered at ").append(d.address()).append(": ")
                        .append(oneLine(d.description())).append('\n');
            }
        }
        return y.toString();
    }

    /** Double-quoted with YAML escapes: addresses keep their leading zeros, URIs their {@code ?&}. */
    public static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Plain when it cannot be read as anything but a string of these characters, else quoted. */
    private static String scalar(String text) {
        return PLAIN.matcher(text).matches() && !text.matches("[0-9.]+") ? text : quoted(text);
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ");
    }
}
