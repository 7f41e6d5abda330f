package io.heathub.web;

import java.util.List;

/**
 * Which devices' readings {@code POST /api/readings} accepts, as the site declares them
 * ({@code readings.postable} in {@code site.yaml}): device ids, or a prefix ending in {@code *}
 * ({@code panel-*}), or {@code *} for every device.
 *
 * @param postable the entries, in file order
 */
public record PostableReadings(List<String> postable) {
    /** A site without a {@code readings:} section: only the outdoor forecast a backend sends. */
    public static final PostableReadings DEFAULT = new PostableReadings(List.of("forecast"));

    public PostableReadings {
        postable = List.copyOf(postable);
    }

    /** Whether {@code device} matches an entry. */
    public boolean allows(String device) {
        return allows(postable, device);
    }

    /** Whether {@code device} matches one of {@code entries} (ids, {@code prefix*}, {@code *}). */
    static boolean allows(java.util.Collection<String> entries, String device) {
        for (String entry : entries) {
            if (entry.endsWith("*") ? device.startsWith(entry.substring(0, entry.length() - 1)) : entry.equals(device)) {
                return true;
            }
        }
        return false;
    }
}
