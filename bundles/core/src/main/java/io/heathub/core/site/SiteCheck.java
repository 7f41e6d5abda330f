package io.heathub.core.site;

import io.heathub.config.ConfigException;
import java.nio.file.Path;

/**
 * Command-line check of a site folder, run by {@code bin/heathub} before the framework starts so
 * a broken file stops start-up with one clear message per problem instead of a stack trace.
 * Exit status 0 when the site loads, 2 otherwise.
 */
public final class SiteCheck {
    private SiteCheck() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: SiteCheck CONFIG_DIR");
            System.exit(2);
        }
        SiteLoader.Result result = SiteLoader.load(Path.of(args[0]));
        if (!result.ok()) {
            for (ConfigException problem : result.problems()) {
                System.err.println("config error: " + problem.getMessage());
            }
            System.exit(2);
        }
        System.out.printf("site '%s': %d buses, %d devices%n", result.site().id(),
                result.site().buses().size(), result.site().devices().size());
    }
}
