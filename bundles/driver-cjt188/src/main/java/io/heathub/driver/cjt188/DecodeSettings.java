package io.heathub.driver.cjt188;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/**
 * Per-model decoding settings.
 *
 * @param unitBeforeValue true when the unit byte precedes each 4-byte value (vendor variant),
 *                        false for the standard order (unit after value)
 * @param flowDecimals    decimals of the flow value (4 standard, 3 for some vendors)
 * @param zone            the time zone the meter clock runs in (default: the site's zone)
 */
public record DecodeSettings(boolean unitBeforeValue, int flowDecimals, ZoneId zone) {
    /** Setting keys. */
    public static final String UNIT_POSITION = "unitPosition";
    public static final String FLOW_DECIMALS = "flowDecimals";
    public static final String ZONE = "zone";
    /** Standard settings: unit after value, 4 flow decimals, Asia/Shanghai. */
    public static final DecodeSettings STANDARD = new DecodeSettings(false, 4, ZoneId.of("Asia/Shanghai"));

    /**
     * Reads the settings; keys not listed here are ignored (they belong to the driver).
     *
     * @throws IllegalArgumentException naming the key and the accepted values
     */
    public static DecodeSettings from(Map<String, String> settings) {
        return from(settings, STANDARD.zone());
    }

    /**
     * Reads the settings; a meter clock's zone not given is {@code defaultZone} (the site's zone
     * for a device of a site).
     *
     * @throws IllegalArgumentException naming the key and the accepted values
     */
    public static DecodeSettings from(Map<String, String> settings, ZoneId defaultZone) {
        boolean before = STANDARD.unitBeforeValue();
        String position = settings.get(UNIT_POSITION);
        if (position != null) {
            switch (position.trim().toLowerCase(Locale.ROOT)) {
                case "after" -> before = false;
                case "before" -> before = true;
                default -> throw new IllegalArgumentException(UNIT_POSITION + ": expected after or before, got \""
                        + position + "\"");
            }
        }
        int flowDecimals = STANDARD.flowDecimals();
        String decimals = settings.get(FLOW_DECIMALS);
        if (decimals != null) {
            try {
                flowDecimals = Integer.parseInt(decimals.trim());
            } catch (NumberFormatException e) {
                flowDecimals = -1;
            }
            if (flowDecimals < 0 || flowDecimals > 8) {
                throw new IllegalArgumentException(FLOW_DECIMALS + ": expected 0..8 (4 standard, 3 for some vendors), got \""
                        + decimals + "\"");
            }
        }
        ZoneId zone = defaultZone;
        String zoneText = settings.get(ZONE);
        if (zoneText != null) {
            try {
                zone = ZoneId.of(zoneText.trim());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(ZONE + ": expected a time zone id like Asia/Shanghai, got \""
                        + zoneText + "\"");
            }
        }
        return new DecodeSettings(before, flowDecimals, zone);
    }
}
