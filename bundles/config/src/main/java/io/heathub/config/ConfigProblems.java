package io.heathub.config;

import java.util.List;

/**
 * Every problem one read found, thrown together so an integrator fixes a file in one go. Its own
 * message is the first problem's (with a count of the others); {@link #all} gives each one.
 */
public final class ConfigProblems extends ConfigException {
    private static final long serialVersionUID = 1L;
    private final List<ConfigException> problems;

    private ConfigProblems(List<ConfigException> problems) {
        super(problems.get(0).file(), problems.get(0).line(), problems.get(0).column(), problems.get(0).field(),
                problems.get(0).problem() + " (and " + (problems.size() - 1) + " more problem"
                        + (problems.size() == 2 ? "" : "s") + ")");
        this.problems = problems;
    }

    /**
     * Throws the problems, if any: the one problem itself, or all of them as a {@code ConfigProblems}.
     * Nested {@code ConfigProblems} are flattened.
     */
    public static void throwIfAny(List<ConfigException> problems) throws ConfigException {
        List<ConfigException> flat = problems.stream().flatMap(p -> all(p).stream()).toList();
        if (flat.size() == 1) {
            throw flat.get(0);
        }
        if (!flat.isEmpty()) {
            throw new ConfigProblems(flat);
        }
    }

    /** Each problem {@code e} carries: the list of a {@code ConfigProblems}, else {@code e} alone. */
    public static List<ConfigException> all(ConfigException e) {
        return e instanceof ConfigProblems many ? many.problems : List.of(e);
    }
}
