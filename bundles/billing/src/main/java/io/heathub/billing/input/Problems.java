package io.heathub.billing.input;

import io.heathub.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Problems found in input files, each {@code FILE:LINE:COLUMN: column-name: problem}. Keeps the
 * first {@code kept} and counts the rest, so a file with a million bad rows stays cheap. Problems
 * added with their place are also kept as {@link ConfigException}s ({@link #located()}), so a site
 * section that imports a file reports them like its own. A problem quotes the file: it is cut at
 * {@value #MAX_PROBLEM} characters, so a megabyte cell cannot make a megabyte message.
 */
public final class Problems {
    /** Longest problem text kept (the place and field come before it). */
    static final int MAX_PROBLEM = 300;
    private final int kept;
    private final List<String> lines = new ArrayList<>();
    private final List<ConfigException> located = new ArrayList<>();
    private int count;

    public Problems(int kept) {
        this.kept = kept;
    }

    /** A problem at a place; line or column 0 when unknown (then left out of the line). */
    public void add(String file, int line, int column, String field, String problem) {
        ConfigException e = new ConfigException(file, line, column, field, cut(problem));
        if (lines.size() < kept) {
            located.add(e);
        }
        add(e.getMessage());
    }

    /** Adds an already formatted problem line. */
    public void add(String formatted) {
        count++;
        if (lines.size() < kept) {
            lines.add(formatted);
        }
    }

    private static String cut(String text) {
        return text.length() <= MAX_PROBLEM ? text : text.substring(0, MAX_PROBLEM) + "… (" + text.length() + " characters)";
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** All problems found, including those not kept. */
    public int count() {
        return count;
    }

    /** The first problems, in the order found. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The first problems that were added with their place, in the order found. */
    public List<ConfigException> located() {
        return List.copyOf(located);
    }
}
