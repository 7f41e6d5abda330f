package io.heathub.web;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code io.heathub.web} ({@code etc/io.heathub.web.cfg}; applied live). */
@ObjectClassDefinition(name = "heathub web security", description = "Who may reach the hub's HTTP API and how")
@interface WebConfig {
    @AttributeDefinition(description = "Host names the hub answers to besides localhost, IP addresses and the"
            + " listen address (against DNS rebinding); also the framework property heathub.web.allowedHosts"
            + " (HEATHUB_ALLOWED_HOSTS)")
    String[] allowedHosts() default {};

    @AttributeDefinition(description = "Devices whose readings may be posted to POST /api/readings besides those"
            + " site.yaml lists under readings.postable: ids, a prefix ending in *, or * for every device")
    String[] postableDevices() default {};

    @AttributeDefinition(description = "local: credentials over plain HTTP are accepted only from loopback"
            + " addresses (others get 403: use HTTPS); any: from everywhere (only behind a trusted network)")
    String plainHttpCredentials() default "local";

    @AttributeDefinition(description = "A browser session ends after this many minutes without a request")
    int sessionIdleMinutes() default 30;

    @AttributeDefinition(description = "A browser session ends this many hours after sign-in, used or not")
    int sessionMaxHours() default 12;
}
