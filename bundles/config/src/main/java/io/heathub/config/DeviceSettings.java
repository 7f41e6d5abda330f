package io.heathub.config;

import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceException;
import java.time.Duration;

/** Typed reading of driver settings, with errors that name the device, its origin and the field. */
public final class DeviceSettings {
    private DeviceSettings() {
    }

    /**
     * A positive duration setting ({@link Durations} syntax), or {@code fallback} when absent.
     *
     * @throws DeviceException kind CONFIG, e.g.
     *         {@code device m-7 (config/site.yaml:12): settings.timeout: expected a duration like 1s or 500ms, got "soon"}
     */
    public static Duration duration(DeviceConfig device, String key, Duration fallback) throws DeviceException {
        String text = device.setting(key).orElse(null);
        if (text == null) {
            return fallback;
        }
        return Durations.parse(text).filter(d -> !d.isZero() && !d.isNegative())
                .orElseThrow(() -> new DeviceException(DeviceException.Kind.CONFIG, device.describe() + ": settings."
                        + key + ": expected a duration like 1s or 500ms, got \"" + text + "\""));
    }
}
