package io.heathub.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects the problems of a reader that goes on after one, so it reports every problem it can
 * find in one pass: each independent part is read through {@link #read}, and {@link #throwIfAny}
 * ends the pass.
 */
public final class ProblemCollector {
    private final List<ConfigException> problems = new ArrayList<>();

    /** One part of a reading that may fail. */
    @FunctionalInterface
    public interface Part<T> {
        T read() throws ConfigException;
    }

    /** A part that yields nothing (a check). */
    @FunctionalInterface
    public interface Check {
        void run() throws ConfigException;
    }

    /** The part's value, or empty with its problems kept. */
    public <T> Optional<T> read(Part<T> part) {
        try {
            return Optional.ofNullable(part.read());
        } catch (ConfigException e) {
            problems.addAll(ConfigProblems.all(e));
            return Optional.empty();
        }
    }

    /** Runs a check, keeping its problems; true when it passed. */
    public boolean check(Check check) {
        try {
            check.run();
            return true;
        } catch (ConfigException e) {
            problems.addAll(ConfigProblems.all(e));
            return false;
        }
    }

    public void add(ConfigException problem) {
        problems.addAll(ConfigProblems.all(problem));
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The problems so far, in the order found. */
    public List<ConfigException> problems() {
        return List.copyOf(problems);
    }

    /** Ends the pass: throws every problem kept (see {@link ConfigProblems#throwIfAny}). */
    public void throwIfAny() throws ConfigException {
        ConfigProblems.throwIfAny(problems);
    }
}
