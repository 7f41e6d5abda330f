/**
 * The control engine of a substation: pure functions from a {@link io.heathub.control.Snapshot}
 * of inputs and the engine's {@link io.heathub.control.ControlState} to setpoint
 * {@link io.heathub.control.Decision}s. No I/O, no threads, no clock: time is an input.
 * Every number comes from {@link io.heathub.control.ControlPlan}: control sets by kind of calendar day
 * ({@link io.heathub.control.ControlSettings}), the site's heating calendar
 * ({@link io.heathub.calendar.HeatingCalendar}) and the {@link io.heathub.control.ThermostatSettings}.
 *
 * <p>2.0.0: {@code ControlEngine.Result} carries the calendar day, {@code SeasonFlow} a rate limit,
 * {@code Snapshot} households and the current flow, {@code ControlState} the last flow.
 *
 * <p>3.0.0: {@code HeatingCalendar}, {@code CalendarDay} and {@code DayKind} moved to {@code io.heathub.calendar}
 * (bundle heathub-calendar), the one calendar model control and billing share; {@code ControlPlan.withCalendar} added.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("3.0.0")
package io.heathub.control;
