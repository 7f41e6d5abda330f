package io.heathub.billing.settlement;

import java.util.List;

/**
 * Input that cannot be billed from, with every problem found in one pass, each a line
 * {@code FILE:LINE:COLUMN: field: problem}.
 */
public class InvalidInputException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidInputException(List<String> problems) {
        super(problems.isEmpty() ? "invalid input" : problems.get(0)
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, in file order. */
    public List<String> problems() {
        return problems;
    }
}
