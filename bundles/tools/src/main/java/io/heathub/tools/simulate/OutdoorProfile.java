package io.heathub.tools.simulate;

import java.time.Duration;
import java.time.Instant;

/** Outdoor temperature over simulated time. */
interface OutdoorProfile {

    /** Outdoor °C at {@code time}. */
    double at(Instant time);

    /** A description for messages, e.g. "scenario cold-snap" or "outdoor.csv". */
    String name();

    /**
     * Built-in profiles, in hours from the simulation's start: 12 h at the base temperature, a
     * 6 h ramp to the extreme, 48 h (two days) at the extreme, a 6 h ramp back, then the base.
     *
     * <ul>
     *   <li>{@code cold-snap}: base −5 °C, extreme −20 °C</li>
     *   <li>{@code warm-spell}: base 0 °C, extreme +12 °C</li>
     * </ul>
     */
    enum Scenario {
        COLD_SNAP("cold-snap", -5, -20),
        WARM_SPELL("warm-spell", 0, 12);

        private static final double RAMP_START_H = 12;
        private static final double RAMP_HOURS = 6;
        private static final double EXTREME_HOURS = 48;

        private final String id;
        private final double base;
        private final double extreme;

        Scenario(String id, double base, double extreme) {
            this.id = id;
            this.base = base;
            this.extreme = extreme;
        }

        /** The scenario named {@code id}, or null. */
        static Scenario byId(String id) {
            for (Scenario scenario : values()) {
                if (scenario.id.equals(id)) {
                    return scenario;
                }
            }
            return null;
        }

        /** This scenario's profile starting at {@code startTime}. */
        OutdoorProfile from(Instant startTime) {
            return new OutdoorProfile() {
                @Override
                public double at(Instant time) {
                    return atHour(Duration.between(startTime, time).toSeconds() / 3600.0);
                }

                @Override
                public String name() {
                    return "scenario " + id;
                }
            };
        }

        double atHour(double hours) {
            double fallEnd = RAMP_START_H + RAMP_HOURS;
            double riseStart = fallEnd + EXTREME_HOURS;
            double riseEnd = riseStart + RAMP_HOURS;
            if (hours < RAMP_START_H || hours >= riseEnd) {
                return base;
            }
            if (hours < fallEnd) {
                return base + (extreme - base) * (hours - RAMP_START_H) / RAMP_HOURS;
            }
            if (hours < riseStart) {
                return extreme;
            }
            return extreme + (base - extreme) * (hours - riseStart) / RAMP_HOURS;
        }

        /** The name on the command line. */
        String id() {
            return id;
        }
    }
}
