/**
 * The site as one owner applies it: {@link io.heathub.config.site.SiteService} (registered by core)
 * gives the current {@link io.heathub.config.site.Site} snapshot and tells subscribers of every new
 * version; feature bundles contribute the readers of their own sections of {@code site.yaml} as
 * {@link io.heathub.config.site.SiteSection} services (and in {@code META-INF/services}, so that
 * {@code bin/heathub check} finds them offline). A version is applied everywhere or nowhere: only
 * when every section of the file reads without a problem.
 *
 * <p>1.1.0: {@code SiteContext.commands} (cross-section checks), {@code SiteSection.warnings} and
 * {@code SiteSection.files}, {@code SiteService.problems(sections)}, {@code OfflineSiteReader} (offline
 * tools read a site folder as the hub would).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.heathub.config.site;
