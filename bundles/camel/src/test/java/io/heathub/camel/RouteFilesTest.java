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

    @BeforeEach
    void startContext() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    @Test
    void aYamlRouteFileIsLoadedAndRuns() throws Exception {
        Files.writeString(folder.resolve("good.yaml"), GOOD);
        Files.writeString(folder.resolve("notes.txt"), "not a route file: ignored");

        List<RouteFiles.Problem> problems = RouteFiles.loadFolder(context, folder);

        assertThat(problems).isEmpty();
        assertThat(context.getRoute("good-route")).isNotNull();
        ConsumerTemplate consumer = context.createConsumerTemplate();
        assertThat(consumer.receiveBody("seda:result", 10_000, String.class)).isEqualTo("hello from good-route");
    }

    @Test
    void brokenFilesAreReportedByNameAndTheGoodOneStillRuns() throws Exception {
        Files.writeString(folder.resolve("a-bad-syntax.yaml"), "- route:\n    from: [unclosed\n");
        Files.writeString(folder.resolve("b-unknown-component.yaml"), """
                - route:
                    id: unknown-component-route
                    from:
                      uri: timer:x?period=1000
                      steps:
                        - to: nosuchcomponent:anywhere
                """);
        Files.writeString(folder.resolve("c-good.yaml"), GOOD);

        List<RouteFiles.Problem> problems = RouteFiles.loadFolder(context, folder);

        assertThat(problems).extracting(p -> p.file().getFileName().toString())
                .containsExactly("a-bad-syntax.yaml", "b-unknown-component.yaml");
        assertThat(problems.get(1).message()).contains("nosuchcomponent");
        assertThat(context.isStarted()).isTrue();
        assertThat(context.getRoute("unknown-component-route")).as("the broken route is not left behind").isNull();
        ConsumerTemplate consumer = context.createConsumerTemplate();
        assertThat(consumer.receiveBody("seda:result", 10_000, String.class)).isEqualTo("hello from good-route");
    }

    @Test
    void aMissingFolderIsNoError() {
        assertThat(RouteFiles.loadFolder(context, folder.resolve("routes"))).isEmpty();
        assertThat(context.isStarted()).isTrue();
    }
}
