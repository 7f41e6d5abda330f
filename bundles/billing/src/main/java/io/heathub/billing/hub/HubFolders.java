package io.heathub.billing.hub;

import org.osgi.framework.BundleContext;

/** The hub's data folder from the framework property {@code heathub.data} (the site folder is core's). */
public final class HubFolders {
    public static final String DATA_PLACEHOLDER = "${heathub.data}";

    private HubFolders() {
    }

    /** {@code heathub.data}, default {@code data}. */
    public static String data(BundleContext context) {
        return orDefault(context.getProperty("heathub.data"), "data");
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
