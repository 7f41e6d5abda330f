package io.heathub.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * The known name a typed one was most likely meant to be: the nearest by edit distance (a swap of
 * two neighbouring letters counts as one edit, case is ignored), if it is near enough to be a typo
 * and not another word. Used for unknown keys, drivers, devices and route elements alike.
 */
public final class DidYouMean {

    private DidYouMean() {
    }

    /** The nearest of {@code known} to {@code typed}, if any is within typo distance. */
    public static Optional<String> closest(String typed, Collection<String> known) {
        int allowed = Math.max(1, Math.min(3, typed.length() / 3));
        return known.stream()
                .filter(k -> !k.equals(typed))
                .map(k -> new Candidate(k, distance(typed, k)))
                .filter(c -> c.distance() <= allowed)
                .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name))
                .map(Candidate::name);
    }

    /** {@code " (did you mean 'x'?)"}, or empty text when nothing is near. */
    public static String hint(String typed, Collection<String> known) {
        return closest(typed, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    private record Candidate(String name, int distance) {
    }

    /** Optimal string alignment distance, case-insensitive. */
    static int distance(String a, String b) {
        String s = a.toLowerCase(Locale.ROOT);
        String t = b.toLowerCase(Locale.ROOT);
        int[][] d = new int[s.length() + 1][t.length() + 1];
        for (int i = 0; i <= s.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= t.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= s.length(); i++) {
            for (int j = 1; j <= t.length(); j++) {
                int cost = s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && s.charAt(i - 1) == t.charAt(j - 2) && s.charAt(i - 2) == t.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[s.length()][t.length()];
    }
}
