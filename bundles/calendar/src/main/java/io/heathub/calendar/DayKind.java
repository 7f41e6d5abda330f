package io.heathub.calendar;

import java.util.Locale;

/** What a calendar day is for the substation (see {@link HeatingCalendar}). */
public enum DayKind {
    /** Outside the season: household valves closed except elastic households. */
    OFF,
    /** Test heating before the season (Zibo: 8–14 Nov, rooms warm by the 14th at 24:00). */
    TEST,
    /** The official heating season. */
    SEASON,
    /** Heating extended by decree (an early start or a late end). */
    EXTENSION;

    /** The name used in {@code site.yaml}: {@code off}, {@code test}, {@code season}, {@code extension}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
