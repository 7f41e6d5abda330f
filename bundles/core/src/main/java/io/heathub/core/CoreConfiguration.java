package io.heathub.core.site;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the site owner (PID {@code io.heathub.core}). */
@ObjectClassDefinition(name = "heathub core", description = "Site folder and reload of the site file")
public @interface SiteConfiguration {

    @AttributeDefinition(description = "Site folder holding site.yaml, profiles/ and routes/; "
            + "empty = the framework property heathub.config, else ./config")
    String configDir() default "";

    @AttributeDefinition(description = "How often site.yaml is checked for changes, in seconds (0 = never)")
    int reloadCheckSeconds() default 2;
}
