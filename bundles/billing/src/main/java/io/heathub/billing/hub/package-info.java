/**
 * What the billing features share when they run in the hub: the hub's folders
 * ({@link io.heathub.billing.hub.HubFolders}), the sections of {@code site.yaml} more than one of them
 * reads ({@link io.heathub.billing.hub.SiteIdentity} for {@code site:},
 * {@link io.heathub.billing.hub.HouseholdsSection} for {@code households:}, parsed through
 * {@link io.heathub.billing.hub.SiteFile}) and a bounded window of recent readings
 * ({@link io.heathub.billing.hub.ReadingWindow}). Each feature reads its own sections in one class
 * of its own.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.heathub.billing.hub;
