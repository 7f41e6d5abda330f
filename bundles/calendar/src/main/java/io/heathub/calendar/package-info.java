/**
 * The heating calendar of a site: {@link io.heathub.calendar.HeatingCalendar} (season, test period,
 * decree extensions, elastic requests; what a day is, {@link io.heathub.calendar.CalendarDay}, of a
 * {@link io.heathub.calendar.DayKind}) and {@link io.heathub.calendar.HeatingCalendarReader}, the
 * reader of site.yaml's {@code calendar:} section. One model that control and the billing features
 * import without importing each other. The section's value in a site version is read once, by this
 * bundle's reader (key {@code calendar}, {@code io.heathub.calendar.section.CalendarSection}).
 *
 * <p>1.0.0: moved here from {@code io.heathub.control} (2.0.0), with the season of a year, the
 * extensions and elastic requests of a season, its test period and the heating days of a period added.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.heathub.calendar;
