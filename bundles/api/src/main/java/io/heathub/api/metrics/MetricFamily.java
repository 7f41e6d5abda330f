package io.heathub.api.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Prometheus metric family: its samples share the name, the type and the help text.
 *
 * @param name    {@code heathub_…}, counters ending in {@code _total}
 * @param type    counter (only grows, from 0 at start) or gauge
 * @param help    one line for {@code # HELP}
 * @param samples one per label set; may be empty (the family is then announced without samples)
 */
public record MetricFamily(String name, Type type, String help, List<Sample> samples) {

    /** The kinds the hub serves. */
    public enum Type { COUNTER, GAUGE }

    public MetricFamily {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        samples = List.copyOf(samples);
    }

    /**
     * One sample.
     *
     * @param labels label names to values, in the order they are written (use a {@code LinkedHashMap})
     * @param value  the value
     */
    public record Sample(Map<String, String> labels, double value) {
        public Sample {
            Objects.requireNonNull(labels, "labels");
        }

        /** A sample without labels. */
        public static Sample of(double value) {
            return new Sample(Map.of(), value);
        }
    }
}
