package io.heathub.driver.modbus.profile;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A device setting a profile reads ({@code settings:} in the profile): a number a site gives per
 * device ({@code devices[].settings} in {@code site.yaml}) and the profile's points use in their
 * {@code scale}, {@code offset}, {@code min} and {@code max} as {@code ${name}}. A drive's reference
 * in Hz, for example, needs the drive's frequency at 100 % reference.
 *
 * @param name         the setting's key, e.g. {@code maxFrequency}
 * @param defaultValue used when the device does not give it
 * @param min          lowest value a device may give
 * @param max          highest value a device may give
 * @param description  what the number is, for messages (may be empty)
 * @param origin       {@code file:line} of the declaration
 */
public record ProfileSetting(String name, BigDecimal defaultValue, BigDecimal min, BigDecimal max, String description,
                             String origin) {
    public ProfileSetting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(origin, "origin");
    }

    /** True when {@code value} may be given. */
    public boolean accepts(BigDecimal value) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }
}
