package io.heathub.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of core (PID {@code io.heathub.core}): the site owner's folder and reload, and the
 * hub's limits at the door, on driver calls and on the command book. A change restarts the site
 * owner and the hub (commands still open end FAILED).
 */
@ObjectClassDefinition(name = "heathub core", description = "Site folder, reading time window, driver call deadline,"
        + " command book and audit retention")
public @interface CoreConfiguration {

    @AttributeDefinition(description = "Site folder holding site.yaml, profiles/ and routes/; "
            + "empty = the framework property heathub.config, else ./config")
    String configDir() default "";

    @AttributeDefinition(description = "How often site.yaml is checked for changes, in seconds (0 = never)")
    int reloadCheckSeconds() default 2;

    @AttributeDefinition(description = "How far ahead of the hub's clock a reading may be time-stamped (e.g. 7d): "
            + "posted beyond it = refused, polled = SUSPECT")
    String readingsMaxLead() default "7d";

    @AttributeDefinition(description = "How far behind the hub's clock a reading may be time-stamped (e.g. 400d)")
    String readingsMaxLag() default "400d";

    @AttributeDefinition(description = "How far a meter's clock (meter.clock) may be off hub time before the "
            + "device's readings are SUSPECT; also the most a counter reading may lie ahead of hub time")
    String meterClockTolerance() default "1h";

    @AttributeDefinition(description = "The longest one driver call (poll, command, open) may take before it is "
            + "abandoned; a bus worker silent for longer is restarted")
    String driverCallDeadline() default "60s";

    @AttributeDefinition(description = "How long command outcomes are kept to answer retries of the same requestId")
    String commandResultsMaxAge() default "7d";

    @AttributeDefinition(description = "At most this many command outcomes are kept")
    int commandResultsMaxCount() default 100_000;

    @AttributeDefinition(description = "The command audit log's files together are kept below this many bytes")
    long auditMaxBytes() default 268_435_456L;

    @AttributeDefinition(description = "Rotated command audit files older than this are deleted")
    String auditMaxAge() default "400d";
}
