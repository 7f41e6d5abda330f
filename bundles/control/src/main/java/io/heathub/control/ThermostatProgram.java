package io.heathub.control;

import io.heathub.calendar.DayKind;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;

/**
 * What a household asked its thermostat for (docs/domain.md §3.5, Chengde's three modes): a room
 * temperature (定温), a weekly schedule of room temperatures (定时), or a fixed valve opening
 * (定流量). The utility's bounds are applied by {@link ThermostatRule}, not here: a program holds
 * what the user set.
 */
public sealed interface ThermostatProgram {

    /** The mode's name in configuration and reasons: {@code temperature}, {@code schedule}, {@code flow}. */
    String mode();

    /**
     * By temperature (定温): keep the room at {@code setpoint}.
     *
     * @param setpoint the user's room setpoint °C
     */
    record ByTemperature(double setpoint) implements ThermostatProgram {
        @Override
        public String mode() {
            return "temperature";
        }
    }

    /**
     * By schedule (定时): the room setpoint follows a weekly program.
     *
     * @param schedule the program
     */
    record BySchedule(WeeklySchedule schedule) implements ThermostatProgram {
        public BySchedule {
            Objects.requireNonNull(schedule, "schedule");
        }

        @Override
        public String mode() {
            return "schedule";
        }
    }

    /**
     * By flow (定流量): hold the valve at a fixed opening.
     *
     * @param opening valve opening %
     */
    record ByFlow(double opening) implements ThermostatProgram {
        @Override
        public String mode() {
            return "flow";
        }
    }

    /**
     * A weekly program of room setpoints. Each entry starts at {@code from} on its days and holds
     * until the next entry starts (possibly on a later day, wrapping over the week's end). An entry
     * may be limited to some kinds of calendar day ({@code kinds}: e.g. a plain program for the test
     * period); the others apply on every day.
     *
     * @param entries at least one entry
     */
    record WeeklySchedule(List<Entry> entries) {

        /**
         * One switching point.
         *
         * @param days     the days of the week it applies to
         * @param from     local time it starts
         * @param setpoint room setpoint °C from then on
         * @param kinds    the kinds of calendar day it applies on; empty = every kind
         */
        public record Entry(Set<DayOfWeek> days, LocalTime from, double setpoint, Set<DayKind> kinds) {
            public Entry {
                Objects.requireNonNull(from, "from");
                if (days.isEmpty()) {
                    throw new IllegalArgumentException("a schedule entry needs at least one day");
                }
                days = Collections.unmodifiableSet(EnumSet.copyOf(days));
                kinds = kinds.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(kinds));
            }

            /** An entry for every kind of day. */
            public Entry(Set<DayOfWeek> days, LocalTime from, double setpoint) {
                this(days, from, setpoint, Set.of());
            }

            boolean appliesOn(DayOfWeek day, DayKind kind) {
                return days.contains(day) && (kinds.isEmpty() || kinds.contains(kind));
            }
        }

        public WeeklySchedule {
            entries = List.copyOf(entries);
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("a schedule needs at least one entry");
            }
        }

        /** The scheduled setpoint at local date-time {@code at}: the latest entry started before or at it. */
        public double setpointAt(LocalDateTime at) {
            return setpointAt(at, date -> DayKind.SEASON).orElseThrow(
                    () -> new IllegalStateException("unreachable: a schedule without day kinds has an entry within a week"));
        }

        /**
         * The scheduled setpoint at local date-time {@code at}, the kind of each day from {@code kindOf}:
         * the latest entry started before or at it on a day it applies on, looking back at most a week;
         * empty when no entry applies in that week (all entries limited to other kinds of day).
         */
        public OptionalDouble setpointAt(LocalDateTime at, Function<LocalDate, DayKind> kindOf) {
            for (int back = 0; back <= 7; back++) {
                LocalDate date = at.toLocalDate().minusDays(back);
                DayKind kind = kindOf.apply(date);
                LocalTime until = back == 0 ? at.toLocalTime() : LocalTime.MAX;
                Entry latest = entries.stream()
                        .filter(e -> e.appliesOn(date.getDayOfWeek(), kind) && !e.from().isAfter(until))
                        .max(Comparator.comparing(Entry::from))
                        .orElse(null);
                if (latest != null) {
                    return OptionalDouble.of(latest.setpoint());
                }
            }
            return OptionalDouble.empty();
        }
    }
}
