/**
 * The billing CSV files, read with {@code FILE:LINE:COLUMN} problems ({@link io.heathub.billing.input.Problems}):
 * the canonical readings CSV of the export and of {@code heathub settle --readings}
 * ({@link io.heathub.billing.input.ReadingsCsv}, also its row writer) and {@code households.csv}
 * ({@link io.heathub.billing.input.HouseholdsCsv}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.heathub.billing.input;
