package io.heathub.billing.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A feature's reading of its site.yaml sections, each read on its own: a broken section keeps its
 * defaults and lists its problems ({@code file:line:column: key: problem}) under its name, so one
 * typo does not stop the others.
 */
public interface SectionProblems {

    /** Problems per section name ({@code site}, {@code households}, …); empty when all read cleanly. */
    Map<String, List<String>> problems();

    /** Problems of the named sections, in the order asked. */
    default List<String> problemsOf(String... sections) {
        List<String> out = new ArrayList<>();
        for (String s : sections) {
            out.addAll(problems().getOrDefault(s, List.of()));
        }
        return out;
    }

    /** Adds {@code found} under {@code section} unless it is empty. */
    static void put(Map<String, List<String>> problems, String section, List<String> found) {
        if (!found.isEmpty()) {
            problems.computeIfAbsent(section, k -> new ArrayList<>()).addAll(found);
        }
    }
}
