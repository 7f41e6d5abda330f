package io.heathub.tools.check;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ProblemCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Camel YAML DSL route files of a site ({@code routes/*.yaml}, the files the camel bundle loads)
 * checked without Camel: YAML syntax with line and column; each file a list of route definitions,
 * each a single element Camel knows ({@code route}, {@code from}, {@code beans}, …, as in Camel
 * 4.14's YAML DSL schema); a {@code route} with the fields of a route and a {@code from} with a
 * {@code uri}. The steps are Camel's to check when it loads the file.
 */
final class RouteFileCheck {
    /** The top-level elements of Camel 4.14's YAML DSL ({@code camelYamlDsl.json}). */
    static final List<String> ELEMENTS = List.of("beans", "dataFormats", "errorHandler", "from", "intercept",
            "interceptFrom", "interceptSendToEndpoint", "onCompletion", "onException", "rest", "restConfiguration",
            "route", "routeConfiguration", "routeTemplate", "templatedRoute");
    static final List<String> ROUTE_FIELDS = List.of("autoStartup", "description", "errorHandler", "errorHandlerRef",
            "from", "group", "id", "inputType", "logMask", "messageHistory", "nodePrefixId", "outputType",
            "precondition", "routeConfigurationId", "routePolicy", "shutdownRoute", "shutdownRunningTask",
            "startupOrder", "streamCache", "trace");
    static final List<String> FROM_FIELDS = List.of("description", "id", "parameters", "steps", "uri", "variableReceive");

    private RouteFileCheck() {
    }

    /** The route files of {@code folder}, sorted by name; none when the site has no route folder. */
    static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(f -> f.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(f)).sorted().toList();
        }
    }

    /** Every problem of one route file. */
    static List<ConfigException> check(Path file) {
        ConfigNode root;
        try {
            root = ConfigNode.parse(file);
        } catch (ConfigException e) {
            return List.of(e);
        }
        if (!root.isList()) {
            boolean empty = root.isMap() && new ProblemCollector().read(root::keys).orElse(List.of()).isEmpty();
            return List.of(root.error((empty ? "empty route file: expected" : "expected")
                    + " a list of route definitions, e.g. - route: { id: …, from: { uri: …, steps: […] } }"));
        }
        ProblemCollector problems = new ProblemCollector();
        for (ConfigNode item : problems.read(root::asList).orElse(List.of())) {
            problems.check(() -> definition(item));
        }
        return problems.problems();
    }

    private static void definition(ConfigNode item) throws ConfigException {
        if (!item.isMap() || item.keys().size() != 1) {
            throw item.error("expected one element per list item, e.g. - route: { … } (elements: "
                    + String.join(", ", ELEMENTS) + ")");
        }
        item.rejectUnknownKeys(ELEMENTS);
        String element = item.keys().get(0);
        ConfigNode body = item.get(element);
        if (element.equals("route")) {
            ProblemCollector problems = new ProblemCollector();
            problems.check(() -> body.rejectUnknownKeys(ROUTE_FIELDS));
            problems.read(() -> body.get("from")).ifPresent(from -> problems.check(() -> from(from)));
            problems.throwIfAny();
        } else if (element.equals("from")) {
            from(body);
        }
    }

    private static void from(ConfigNode from) throws ConfigException {
        ProblemCollector problems = new ProblemCollector();
        problems.check(() -> from.rejectUnknownKeys(FROM_FIELDS));
        problems.check(() -> {
            Optional<ConfigNode> uri = from.opt("uri");
            if (uri.isEmpty() || uri.get().asString().isBlank()) {
                throw from.error("missing the endpoint: uri, e.g. uri: timer:tick");
            }
        });
        problems.throwIfAny();
    }

    static List<ConfigException> checkAll(List<Path> files) {
        List<ConfigException> all = new ArrayList<>();
        files.forEach(f -> all.addAll(check(f)));
        return all;
    }
}
