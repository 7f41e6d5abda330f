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

    @AttributeDefinition(description = "Most readings per POST.", min = "1")
    int batchSize() default 500;

    @AttributeDefinition(description = "Seconds to wait for the backend's answer before retrying.", min = "1")
    int timeoutSeconds() default 10;
}
