package io.heathub.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContributionsTest {
    private DefaultCamelContext context;
    private Contributions contributions;

    @BeforeEach
    void startContext() {
        context = new DefaultCamelContext();
        context.start();
        contributions = new Contributions(context, getClass().getClassLoader());
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    @Test
    void removingABuilderRemovesExactlyItsRoutes() {
        RouteBuilder upper = new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:upper").routeId("upper").transform(body().convertToString().append("!"));
            }
        };
        RouteBuilder other = new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:other").transform(constant("other"));
            }
        };
        assertThat(contributions.addRoutes(upper)).containsExactly("upper");
        List<String> otherIds = contributions.addRoutes(other);
        assertThat(otherIds).hasSize(1);
        ProducerTemplate producer = context.createProducerTemplate();
        assertThat(producer.requestBody("direct:upper", "hi", String.class)).isEqualTo("hi!");

        contributions.removeRoutes(upper);

        assertThat(context.getRoute("upper")).isNull();
        assertThat(context.getRoute(otherIds.get(0))).isNotNull();
        assertThatThrownBy(() -> producer.requestBody("direct:upper?block=false", "hi"))
                .isInstanceOf(CamelExecutionException.class);
        assertThat(producer.requestBody("direct:other", "x", String.class)).isEqualTo("other");
    }

    @Test
    void aBrokenBuilderDoesNotHurtTheOthers() {
        RouteBuilder broken = new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:broken").routeId("broken").to("nosuchcomponent:x");
            }
        };
        assertThat(contributions.addRoutes(broken)).isEmpty();
        assertThat(context.isStarted()).isTrue();
        assertThat(context.getRoute("broken")).isNull();
    }

    @Test
    void componentsAreAddedByNameAndRemoved() {
        DirectComponent component = new DirectComponent();
        assertThat(contributions.addComponent("heathub-test", component)).isTrue();
        assertThat(contributions.addComponent("heathub-test", new DirectComponent())).as("name clash").isFalse();
        assertThat(context.hasComponent("heathub-test")).isSameAs(component);

        contributions.removeComponent("heathub-test", component);

        assertThat(context.hasComponent("heathub-test")).isNull();
    }
}
