package io.heathub.web;

import io.heathub.api.metrics.MetricFamily;
import io.heathub.api.metrics.MetricFamily.Type;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the Prometheus text exposition format 0.0.4: one {@code # HELP} and {@code # TYPE} line
 * per family, then its samples. Hand-written because the hub serves a few dozen gauges and counters
 * and the Prometheus Java libraries are not OSGi bundles; label values and help text are escaped as
 * the format requires ({@code \\}, {@code \"}, newline), so a device id from {@code site.yaml} can
 * never break a line. Not thread-safe: one per scrape.
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final StringBuilder out = new StringBuilder(4096);
    private final Set<String> families = new LinkedHashSet<>();
    private String current;

    /** Starts a family; its samples follow with {@link #sample}. A name may be used once. */
    PrometheusText family(String name, Type type, String help) {
        if (!NAME.matcher(name).matches() || !families.add(name)) {
            throw new IllegalArgumentException("not a new metric name: " + name);
        }
        current = name;
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type.name().toLowerCase(java.util.Locale.ROOT)).append('\n');
        return this;
    }

    /**
     * A bundle's family ({@link io.heathub.api.metrics.MetricSource}), checked whole before a line is
     * written: a {@code heathub_} name not used yet, label names as Prometheus allows them.
     *
     * @throws IllegalArgumentException what is wrong; nothing of the family was written
     */
    PrometheusText family(MetricFamily family) {
        String name = family.name();
        if (!NAME.matcher(name).matches() || !name.startsWith("heathub_")) {
            throw new IllegalArgumentException("not a heathub_ metric name");
        }
        if (families.contains(name)) {
            throw new IllegalArgumentException("name already served");
        }
        for (MetricFamily.Sample sample : family.samples()) {
            for (String label : sample.labels().keySet()) {
                if (!LABEL.matcher(label).matches()) {
                    throw new IllegalArgumentException("not a label name: " + label);
                }
            }
        }
        family(name, family.type(), family.help());
        family.samples().forEach(s -> sample(s.labels(), s.value()));
        return this;
    }

    /** A comment line (ignored by Prometheus, read by whoever looks at the scrape). */
    PrometheusText comment(String text) {
        out.append("# ").append(escapeHelp(text)).append('\n');
        return this;
    }

    /** A sample of the current family with these labels (in order); NaN and infinities as Prometheus spells them. */
    PrometheusText sample(Map<String, String> labels, double value) {
        if (current == null) {
            throw new IllegalStateException("no family started");
        }
        out.append(current);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!LABEL.matcher(label.getKey()).matches()) {
                    throw new IllegalArgumentException("not a label name: " + label.getKey());
                }
                out.append(first ? "" : ",").append(label.getKey()).append("=\"")
                        .append(escapeLabel(label.getValue())).append('"');
                first = false;
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    /** Labels in the order given: name, value, name, value … */
    static Map<String, String> labels(String... nameValue) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < nameValue.length; i += 2) {
            labels.put(nameValue[i], nameValue[i + 1] == null ? "" : nameValue[i + 1]);
        }
        return labels;
    }

    PrometheusText sample(double value) {
        return sample(Map.of(), value);
    }

    String text() {
        return out.toString();
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
