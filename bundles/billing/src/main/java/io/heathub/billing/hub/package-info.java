/**
 * What the billing features share when they run in the hub: the site version they work with
 * ({@link io.heathub.billing.hub.AppliedSite}, following core's {@code SiteService}), the shared
 * section of household accounts ({@link io.heathub.billing.hub.HouseholdsSection} reads
 * {@code households:} and {@code buildings:} into {@link io.heathub.billing.hub.Households}), the
 * hub's folders ({@link io.heathub.billing.hub.HubFolders}) and a bounded window of recent readings
 * ({@link io.heathub.billing.hub.ReadingWindow}). Each feature reads its own sections with a
 * {@code SiteSection} of its own.
 *
 * <p>2.0.0: no feature parses {@code site.yaml} any more: {@code SiteFile}, {@code SiteIdentity},
 * {@code SectionProblems} and {@code HubFolders.siteFile} are gone; {@code HouseholdsSection} became a
 * {@code SiteSection} (with {@code buildings:}, formerly {@code health.buildings}) whose value is
 * {@code Households}; {@code AppliedSite} added.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("3.0.0")
package io.heathub.billing.hub;
