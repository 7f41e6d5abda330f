package io.heathub.billing.input;

import java.util.ArrayList;
import java.util.List;

/**
 * Problems found in input files, each {@code FILE:LINE:COLUMN: column-name: problem}. Keeps the
 * first {@code kept} lines and counts the rest, so a file with a million bad rows stays cheap.
 */
public final class Problems {
    private final int kept;
    private final List<String> lines = new ArrayList<>();
    private int count;

    public Problems(int kept) {
        this.kept = kept;
    }

    public void add(String file, int line, int column, String field, String problem) {
        add(file + ":" + line + ":" + column + ": " + field + ": " + problem);
    }

    /** Adds an already formatted problem line. */
    public void add(String formatted) {
        count++;
        if (lines.size() < kept) {
            lines.add(formatted);
        }
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
}
