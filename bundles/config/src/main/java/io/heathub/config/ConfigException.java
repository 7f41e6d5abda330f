package io.heathub.config;

/**
 * A configuration problem with its place: {@code file:line:column: field: problem}.
 *
 * <p>Without a stack trace: the place that matters is in the operator's file, not in the code, and
 * readers throw and catch one of these per bad value while checking a whole file.
 */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;
    private final int column;
    private final String field;
    private final String problem;

    public ConfigException(String file, int line, int column, String field, String problem) {
        super(format(file, line, column, field, problem), null, true, false);
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
        this.problem = problem;
    }

    private static String format(String file, int line, int column, String field, String problem) {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line);
            if (column > 0) {
                b.append(':').append(column);
            }
        }
        b.append(": ");
        if (field != null && !field.isEmpty()) {
            b.append(field).append(": ");
        }
        return b.append(problem).toString();
    }

    /** The file as it was named when loaded. */
    public String file() {
        return file;
    }

    /** 1-based line, 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, 0 when unknown. */
    public int column() {
        return column;
    }

    /** The field path, e.g. {@code devices[2].address}; empty for the whole file. */
    public String field() {
        return field;
    }

    /** What is wrong, without the place. */
    public String problem() {
        return problem;
    }
}
