package io.heathub.billing.health;

/** How bad a finding is; which severity each kind gets is configuration ({@link HealthConfig#severities()}). */
public enum Severity {
    /** Worth a look; billing data still usable. */
    WARNING,
    /** The meter's data should not be billed from until checked. */
    FAULT
}
