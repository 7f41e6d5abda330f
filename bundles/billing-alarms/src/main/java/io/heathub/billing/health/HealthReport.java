package io.heathub.billing.health;

import java.util.ArrayList;
import java.util.List;

/**
 * What the health rules found, and what they could not check.
 *
 * @param findings in the order the rules ran, per rule by meter id
 * @param skipped  one line per check that had too little data (never a finding, never silent)
 */
public record HealthReport(List<MeterFinding> findings, List<String> skipped) {
    public HealthReport {
        findings = List.copyOf(findings);
        skipped = List.copyOf(skipped);
    }

    public static HealthReport of(List<MeterFinding> findings) {
        return new HealthReport(findings, List.of());
    }

    /** Both reports' findings and notes, this one's first. */
    public HealthReport plus(HealthReport other) {
        List<MeterFinding> f = new ArrayList<>(findings);
        f.addAll(other.findings);
        List<String> s = new ArrayList<>(skipped);
        s.addAll(other.skipped);
        return new HealthReport(f, s);
    }
}
