package io.heathub.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The route folder in a real context: loading, per-file reload on edit, broken edits keep the last good routes. */
class RouteFilesTest {
    private static final String GOOD = """
            - route:
                id: good-route
                from:
                  uri: timer:good?repeatCount=1&delay=10
                  steps:
                    - setBody:
                        simple: "hello from ${routeId}"
                    - to: seda:result
            """;

    @TempDir
    Path folder;
    private DefaultCamelContext context;
    private RouteFolder routes;

    @BeforeEach
    void startContext() {
        context = new DefaultCamelContext();
        context.start();
        routes = new RouteFolder(context, folder);
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    private static String ticker(String id, String body) {
        return """
                - route:
                    id: %s
                    from:
                      uri: timer:%s?period=50
                      steps:
                        - setBody:
                            constant: "%s"
                        - to: seda:ticks
                """.formatted(id, id, body);
    }

    /** The next tick body, skipping those already queued (a route may tick several times). */
    private String nextTick(ConsumerTemplate consumer) {
        while (consumer.receiveBodyNoWait("seda:ticks", String.class) != null) {
            // drain
        }
        return consumer.receiveBody("seda:ticks", 10_000, String.class);
    }

    @Test
    void aYamlRouteFileIsLoadedAndRuns() throws Exception {
        Files.writeString(folder.resolve("good.yaml"), GOOD);
        Files.writeString(folder.resolve("notes.txt"), "not a route file: ignored");

        List<RouteFiles.Problem> problems = routes.scan();

        assertThat(problems).isEmpty();
        assertThat(context.getRoute("good-route")).isNotNull();
        ConsumerTemplate consumer = context.createConsumerTemplate();
        assertThat(consumer.receiveBody("seda:result", 10_000, String.class)).isEqualTo("hello from good-route");
        assertThat(routes.scan()).isEmpty(); // nothing changed: nothing reloaded
        assertThat(context.getRoutes()).hasSize(1);
    }

    @Test
    void brokenFilesAreReportedByNameAndLineAndTheGoodOneStillRuns() throws Exception {
        Files.writeString(folder.resolve("a-bad-syntax.yaml"), "- route:\n    from: [unclosed\n");
        Files.writeString(folder.resolve("b-unknown-component.yaml"), """
                # sends to nosuchcomponent:anywhere (a comment naming it is not the place of the problem)
                - route:
                    id: unknown-component-route
                    from:
                      uri: timer:x?period=1000
                      steps:
                        - to: nosuchcomponent:anywhere
                """);
        Files.writeString(folder.resolve("c-good.yaml"), GOOD);

        List<RouteFiles.Problem> problems = routes.scan();

        assertThat(problems).extracting(p -> p.file().getFileName().toString())
                .containsExactly("a-bad-syntax.yaml", "b-unknown-component.yaml");
        assertThat(problems.get(0).message()).startsWith(folder.resolve("a-bad-syntax.yaml").toAbsolutePath() + ":2: ")
                .contains("while parsing a flow sequence");
        assertThat(problems.get(1).message()).startsWith(folder.resolve("b-unknown-component.yaml").toAbsolutePath() + ":7: ")
                .contains("nosuchcomponent");
        assertThat(context.isStarted()).isTrue();
        assertThat(context.getRoute("unknown-component-route")).as("the broken route is not left behind").isNull();
        ConsumerTemplate consumer = context.createConsumerTemplate();
        assertThat(consumer.receiveBody("seda:result", 10_000, String.class)).isEqualTo("hello from good-route");
    }

    @Test
    void editsAdditionsAndRemovalsApplyPerFileAndABrokenEditKeepsTheLastGoodRoutes() throws Exception {
        Path a = folder.resolve("a.yaml");
        Path b = folder.resolve("b.yaml");
        Files.writeString(a, ticker("ticker-a", "a1"));
        assertThat(routes.scan()).isEmpty();
        ConsumerTemplate consumer = context.createConsumerTemplate();
        assertThat(nextTick(consumer)).isEqualTo("a1");

        // An edit is applied: the same route id now says a2.
        Files.writeString(a, ticker("ticker-a", "a2"));
        assertThat(routes.scan()).isEmpty();
        assertThat(nextTick(consumer)).isEqualTo("a2");

        // A YAML error: reported with file:line, the running version is not even stopped.
        Files.writeString(a, ticker("ticker-a", "a3").replace("      steps:", "      steps: [oops"));
        List<RouteFiles.Problem> syntax = routes.scan();
        assertThat(syntax).singleElement().satisfies(p -> assertThat(p.message())
                .startsWith(a.toAbsolutePath() + ":5: ").contains("steps: [oops"));
        assertThat(nextTick(consumer)).isEqualTo("a2");
        assertThat(routes.routes(a)).containsExactly("ticker-a");

        // An edit whose route cannot start (unknown option): taken out, the last good routes run again.
        Files.writeString(a, ticker("ticker-a", "a4").replace("period=50", "period=50&noSuchOption=1"));
        List<RouteFiles.Problem> start = routes.scan();
        assertThat(start).singleElement().satisfies(p -> assertThat(p.message())
                .startsWith(a.toAbsolutePath() + ":4: ").contains("noSuchOption"));
        assertThat(routes.problem(a)).isNotNull();
        assertThat(nextTick(consumer)).isEqualTo("a2");

        // Another file comes and goes without touching a.yaml's routes.
        Files.writeString(b, ticker("ticker-b", "b1"));
        assertThat(routes.scan()).isEmpty();
        assertThat(context.getRoute("ticker-b")).isNotNull();
        Files.delete(b);
        assertThat(routes.scan()).isEmpty();
        assertThat(context.getRoute("ticker-b")).isNull();
        assertThat(context.getRoute("ticker-a")).isNotNull();

        // Fixed: loaded, the problem is gone; removing the file removes its routes.
        Files.writeString(a, ticker("ticker-a", "a5"));
        assertThat(routes.scan()).isEmpty();
        assertThat(routes.problem(a)).isNull();
        assertThat(nextTick(consumer)).isEqualTo("a5");
        Files.delete(a);
        routes.scan();
        assertThat(context.getRoutes()).isEmpty();
    }

    @Test
    void aMissingFolderIsNoError() {
        assertThat(new RouteFolder(context, folder.resolve("routes")).scan()).isEmpty();
        assertThat(context.isStarted()).isTrue();
    }
}
