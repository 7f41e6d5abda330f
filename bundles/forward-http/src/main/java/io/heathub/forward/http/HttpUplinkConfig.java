package io.heathub.forward.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code io.heathub.forward.http} ({@code etc/io.heathub.forward.http.cfg}). */
@ObjectClassDefinition(name = "heathub HTTP uplink",
        description = "POSTs journal readings as JSON batches to a backend URL.")
public @interface HttpUplinkConfig {
    @AttributeDefinition(description = "Backend URL, e.g. https://billing.example/api/readings. Empty disables "
            + "the uplink. The environment variable HEATHUB_HTTP_UPLINK_URL overrides it.")
    String url() default "";

    @AttributeDefinition(description = "Extra request headers as 'Name: value', e.g. 'Authorization: Bearer …'.")
    String[] headers() default {};

    @AttributeDefinition(description = "Most readings per POST (1-10000).", min = "1", max = "10000")
    int batchSize() default 500;

    @AttributeDefinition(description = "Hub id written into every reading and the Heathub-Hub header (identity "
            + "across hubs); empty = the site id of site.yaml.")
    String hubId() default "";

    @AttributeDefinition(description = "Seconds to wait for the backend's answer before retrying.", min = "1")
    int timeoutSeconds() default 10;

    @AttributeDefinition(description = "URL the hub polls (GET) for pending commands, a JSON array of "
            + "{\"requestId\",\"device\",\"point\",\"value\"}; empty = no polled commands. Uses the headers above.")
    String commandsUrl() default "";

    @AttributeDefinition(description = "URL each command's result is POSTed to until it answers 2xx; empty = "
            + "commandsUrl + /results.")
    String resultsUrl() default "";

    @AttributeDefinition(description = "Seconds between two polls of commandsUrl.", min = "1")
    int commandsPollInterval() default 10;
}
