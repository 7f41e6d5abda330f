package io.heathub.simulator.meters;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Faults a simulated meter can show, so that plausibility checks downstream have something to find.
 *
 * @param drift   factor applied to every counter increment (1 = exact, 1.05 = counts 5 % too much)
 * @param stuck   counters (energy, volume) stop advancing while power and flow are still reported
 * @param offline the meter never answers
 */
public record Faults(double drift, boolean stuck, boolean offline) {
    /** A healthy meter. */
    public static final Faults NONE = new Faults(1.0, false, false);

    /** Checks the drift factor. */
    public Faults {
        if (!(drift > 0) || Double.isInfinite(drift)) {
            throw new IllegalArgumentException("drift must be a finite factor > 0, got " + drift);
        }
    }

    /**
     * Parses a fault list as the simulator's {@code meterFaults} setting writes it: entries separated
     * by commas, each {@code ADDRESS:FAULT[:FAULT…]} with faults {@code drift=FACTOR}, {@code stuck}
     * and {@code offline}, e.g. {@code 20100000000003:drift=1.08, 20200000000003:stuck}. The address is
     * the meter's (CJ/T 188 and DL/T 645 address, M-Bus identification number) as {@link MeterPopulation}
     * gives it. Blank text is no faults.
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    public static Map<String, Faults> parseList(String text) {
        Map<String, Faults> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        String[] entries = text.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            String where = "meterFaults entry " + (i + 1) + " \"" + entry + "\"";
            String[] parts = entry.split(":");
            String address = parts[0].trim();
            if (address.isEmpty() || parts.length < 2) {
                throw new IllegalArgumentException(where + ": expected ADDRESS:FAULT[:FAULT...], e.g. 20100000000003:drift=1.08");
            }
            double drift = 1.0;
            boolean stuck = false;
            boolean offline = false;
            for (int k = 1; k < parts.length; k++) {
                String fault = parts[k].trim().toLowerCase(Locale.ROOT);
                if (fault.equals("stuck")) {
                    stuck = true;
                } else if (fault.equals("offline")) {
                    offline = true;
                } else if (fault.startsWith("drift=")) {
                    try {
                        drift = Double.parseDouble(fault.substring("drift=".length()).trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(where + ": drift needs a number, e.g. drift=1.08");
                    }
                } else {
                    throw new IllegalArgumentException(where + ": unknown fault \"" + parts[k].trim()
                            + "\"; expected drift=FACTOR, stuck or offline");
                }
            }
            try {
                if (out.put(address, new Faults(drift, stuck, offline)) != null) {
                    throw new IllegalArgumentException(where + ": meter " + address + " is listed twice");
                }
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
