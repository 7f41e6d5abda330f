package io.heathub.camel.hub;

import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.ReadingFeed;
import io.heathub.api.hub.ReadingSink;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code heathub:readings}, {@code heathub:alarms}, {@code heathub:commands}: the hub seen from a
 * route. Whatever a Camel component can read becomes a reading through the same conversion,
 * validation and journal as the drivers' ({@link ReadingSink}); accepted readings and alarms reach
 * routes ({@link ReadingFeed}); commands take the one command path ({@link CommandService}:
 * bounds, rate limit, audit). Uses core's services; core knows nothing of it.
 *
 * <p>Registered under DS name {@value #NAME}: DS writes it into {@code component.name}, which the
 * hub's Camel runtime uses as the scheme.
 */
@Component(name = HeathubComponent.NAME, service = org.apache.camel.Component.class)
public class HeathubComponent extends DefaultComponent {
    public static final String NAME = "heathub";

    private final ReadingSink sink;
    private final ReadingFeed feed;
    private final CommandService commands;

    @Activate
    public HeathubComponent(@Reference ReadingSink sink, @Reference ReadingFeed feed, @Reference CommandService commands) {
        this.sink = sink;
        this.feed = feed;
        this.commands = commands;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        HeathubEndpoint.Kind kind = HeathubEndpoint.Kind.of(remaining.strip());
        HeathubEndpoint endpoint = new HeathubEndpoint(uri, this, kind, sink, feed, commands);
        setProperties(endpoint, parameters);
        endpoint.checkOptions();
        return endpoint;
    }
}
