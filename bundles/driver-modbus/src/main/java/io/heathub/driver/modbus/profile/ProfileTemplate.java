package io.heathub.driver.modbus.profile;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed profile file before a device's settings are known: its declared {@link ProfileSetting}s
 * and the profile as its defaults give it. {@link #resolve} gives the profile of one device: the
 * points' {@code ${setting}} values computed from that device's settings (each checked against its
 * declaration), every rule of the format checked again with them. A profile without settings is
 * the same for every device.
 */
public final class ProfileTemplate {
    private final ConfigNode source;
    private final List<ProfileSetting> settings;
    private final Profile defaults;

    ProfileTemplate(ConfigNode source, List<ProfileSetting> settings, Profile defaults) {
        this.source = source;
        this.settings = List.copyOf(settings);
        this.defaults = defaults;
    }

    /** The settings the profile declares, in file order. */
    public List<ProfileSetting> settings() {
        return settings;
    }

    /** The profile with every setting at its default. */
    public Profile defaults() {
        return defaults;
    }

    /**
     * The profile of a device with these settings (other keys are the driver's own and ignored).
     *
     * @throws IllegalArgumentException naming the setting, what it must be and the declaration, when a
     *         device's value is not a number within the declared range
     * @throws ConfigException          when the profile's rules fail with these values (e.g. min above max)
     */
    public Profile resolve(Map<String, String> deviceSettings) throws ConfigException {
        if (settings.isEmpty()) {
            return defaults;
        }
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        boolean allDefaults = true;
        for (ProfileSetting setting : settings) {
            Optional<String> given = Optional.ofNullable(deviceSettings.get(setting.name())).map(String::trim);
            BigDecimal value = setting.defaultValue();
            if (given.isPresent()) {
                value = parse(setting, given.get());
                allDefaults &= value.compareTo(setting.defaultValue()) == 0;
            }
            values.put(setting.name(), value);
        }
        return allDefaults ? defaults : ProfileParser.parse(source, values).defaults();
    }

    private BigDecimal parse(ProfileSetting setting, String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null || !setting.accepts(value)) {
            throw new IllegalArgumentException("settings." + setting.name() + ": expected a number "
                    + setting.min().toPlainString() + ".." + setting.max().toPlainString()
                    + (setting.description().isEmpty() ? "" : " (" + setting.description() + ")") + " for profile "
                    + defaults.name() + " (" + setting.origin() + "), got \"" + text + "\"");
        }
        return value;
    }
}
