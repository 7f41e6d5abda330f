package io.heathub.billing.hub;

import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/** The hub's folders from the framework properties {@code heathub.data} and {@code heathub.config}. */
public final class HubFolders {
    public static final String DATA_PLACEHOLDER = "${heathub.data}";

    private HubFolders() {
    }

    /** {@code heathub.data}, default {@code data}. */
    public static String data(BundleContext context) {
        return orDefault(context.getProperty("heathub.data"), "data");
    }

    /** {@code ${heathub.config}/site.yaml}. */
    public static Path siteFile(BundleContext context) {
        return Path.of(orDefault(context.getProperty("heathub.config"), "config"), "site.yaml");
    }

    /** {@code configured} (or {@code fallback} when blank) with {@code ${heathub.data}} replaced. */
    public static String withData(String configured, String fallback, String data) {
        String value = configured == null || configured.isBlank() ? fallback : configured.trim();
        return value.replace(DATA_PLACEHOLDER, data);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
