package io.heathub.billing.hub;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Parses {@code site.yaml} for a feature's own section reader: a file that does not parse at all
 * becomes one problem ({@code file:line:column: problem}) handed to {@code broken}, so every
 * reader starts from its defaults the same way.
 */
public final class SiteFile {
    private SiteFile() {
    }

    /** Reads {@code siteFile} with {@code reader}, or gives its parse problem to {@code broken}. */
    public static <T> T read(Path siteFile, Function<ConfigNode, T> reader, Function<List<String>, T> broken) {
        try {
            return reader.apply(ConfigNode.parse(siteFile));
        } catch (ConfigException e) {
            return broken.apply(List.of(e.getMessage()));
        }
    }

    /** The same for YAML text; {@code name} is used in problems. */
    public static <T> T parse(String name, String text, Function<ConfigNode, T> reader, Function<List<String>, T> broken) {
        try {
            return reader.apply(ConfigNode.parse(name, text));
        } catch (ConfigException e) {
            return broken.apply(List.of(e.getMessage()));
        }
    }
}
