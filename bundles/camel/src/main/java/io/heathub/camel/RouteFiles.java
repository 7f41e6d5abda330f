package io.heathub.camel;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** What the route files report: a problem per file, and Camel's errors in one line. */
public final class RouteFiles {
    /** A route file that could not be loaded, and why ({@code file[:line]: problem}). */
    public record Problem(Path file, String message) {
        @Override
        public String toString() {
            return message;
        }
    }

    private RouteFiles() {
    }

    /** True when the file failed only because an endpoint's component is not (yet) in the context. */
    static boolean waitsForComponent(String problem) {
        return problem.contains("No endpoint could be found for");
    }

    /** The whole cause chain in one line: Camel wraps the YAML parser's message with the line. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            String msg = t.getMessage();
            if (msg == null || sb.indexOf(msg) >= 0) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(msg.strip());
        }
        return sb.length() == 0 ? e.getClass().getName() : sb.toString();
    }
}
