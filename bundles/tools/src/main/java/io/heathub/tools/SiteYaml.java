package io.heathub.tools;

import io.heathub.api.driver.FoundDevice;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The devices a scan found as {@code site.yaml} text, ready to paste: a {@code buses:} entry for
 * the line and one {@code devices:} entry per device with a placeholder id, the driver, the
 * address (quoted: leading zeros) and the settings the scan found it needs. Collisions are listed
 * as comments, not as devices: they are clashes to resolve on site.
 */
final class SiteYaml {
    /** The bus id the entries use; rename it with the devices' {@code bus:}. */
    static final String BUS_ID = "line-1";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]+");

    private SiteYaml() {
    }

    static String of(String driver, String bus, List<FoundDevice> found, long seconds) {
        return of("heathub scan --driver " + driver, "", driver, bus, found, seconds);
    }

    /**
     * @param command what found them, for the heading
     * @param todo    a comment line of what is left to fill in ({@code ""} for none)
     */
    static String of(String command, String todo, String driver, String bus, List<FoundDevice> found, long seconds) {
        StringBuilder y = new StringBuilder();
        long devices = found.stream().filter(d -> !d.collision()).count();
        y.append("# ").append(command).append(" on ").append(bus).append(": ").append(devices)
                .append(" device(s) in ").append(Scan.duration(seconds)).append('\n');
        if (!todo.isEmpty()) {
            y.append("# ").append(todo).append('\n');
        }
        y.append("# Rename the ids. When the bus is in site.yaml already, paste only the device entries and set\n");
        y.append("# their bus: to its id.\n");
        y.append("buses:\n");
        y.append("  - id: ").append(BUS_ID).append('\n');
        y.append("    uri: ").append(quoted(bus)).append('\n');
        y.append("devices:").append(devices == 0 ? " []" : "").append('\n');
        int n = 0;
        for (FoundDevice d : found) {
            if (d.collision()) {
                continue;
            }
            n++;
            y.append("  - id: ").append(driver).append('-').append(n).append("   # ").append(comment(d.description()))
                    .append('\n');
            y.append("    bus: ").append(BUS_ID).append('\n');
            y.append("    driver: ").append(driver).append('\n');
            y.append("    address: ").append(quoted(d.address())).append('\n');
            if (!d.settings().isEmpty()) {
                y.append("    settings: {");
                String separator = " ";
                for (Map.Entry<String, String> s : d.settings().entrySet()) {
                    y.append(separator).append(s.getKey()).append(": ").append(scalar(s.getValue()));
                    separator = ", ";
                }
                y.append(" }\n");
            }
        }
        for (FoundDevice d : found) {
            if (d.collision()) {
                y.append("# not configured, several devices answered at ").append(d.address()).append(": ")
                        .append(comment(d.description())).append('\n');
            }
        }
        return y.toString();
    }

    /** Double-quoted with YAML escapes: addresses keep their leading zeros, URIs their {@code ?&}. */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Plain when it cannot be read as anything but a string of these characters, else quoted. */
    private static String scalar(String text) {
        return PLAIN.matcher(text).matches() && !text.matches("[0-9.]+") ? text : quoted(text);
    }

    private static String comment(String text) {
        return text.replaceAll("[\\r\\n]+", " ");
    }
}
