package io.heathub.control;

import java.util.Locale;
import java.util.Objects;

/**
 * Heat source load setpoint from the outdoor temperature (Minle): base load, plus the cold step
 * below the cold threshold, minus the warm step above the warm threshold, clamped to the limits.
 * The engine rate-limits the result against the current load.
 */
public final class SourceLoadRule {

    /** The load % and why. */
    public record Result(double load, String reason) { }

    private final ControlSettings.Source settings;

    /** A rule with the given settings. */
    public SourceLoadRule(ControlSettings.Source settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The load setpoint for {@code outdoor} °C. */
    public Result load(double outdoor) {
        double base = settings.baseLoad();
        if (outdoor < settings.coldBelow()) {
            double load = settings.limits().clamp(base + settings.coldStep());
            return new Result(load, String.format(Locale.ROOT, "source load %.1f %%: base %.1f +%.1f (%.1f °C outdoor < %.1f °C)",
                    load, base, settings.coldStep(), outdoor, settings.coldBelow()));
        }
        if (outdoor > settings.warmAbove()) {
            double load = settings.limits().clamp(base - settings.warmStep());
            return new Result(load, String.format(Locale.ROOT, "source load %.1f %%: base %.1f -%.1f (%.1f °C outdoor > %.1f °C)",
                    load, base, settings.warmStep(), outdoor, settings.warmAbove()));
        }
        return new Result(base, String.format(Locale.ROOT, "source load %.1f %%: base (%.1f °C outdoor within %.1f–%.1f °C)",
                base, outdoor, settings.coldBelow(), settings.warmAbove()));
    }
}
