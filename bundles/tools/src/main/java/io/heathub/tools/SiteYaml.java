package io.heathub.tools;

import io.heathub.api.driver.FoundDevice;
import java.util.List;

/**
 * The devices a scan found as {@code site.yaml} text, ready to paste: a heading, a {@code buses:}
 * entry for the line, and the devices as every scanner writes them
 * ({@link FoundDevice#siteYamlDevices}).
 */
final class SiteYaml {
    /** The bus id the entries use; rename it with the devices' {@code bus:}. */
    static final String BUS_ID = "line-1";

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
        y.append("    uri: ").append(FoundDevice.quoted(bus)).append('\n');
        y.append(FoundDevice.siteYamlDevices(driver, BUS_ID, found));
        return y.toString();
    }
}
