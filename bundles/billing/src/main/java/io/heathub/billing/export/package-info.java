/**
 * The hub's export of accepted readings as canonical CSV, one file per UTC day (the format
 * {@code heathub settle --readings} reads): the service ({@link io.heathub.billing.export.ReadingExport}),
 * the folder read back by the features that compute over it ({@link io.heathub.billing.export.ExportStore}),
 * and the whiteboard through which a feature asks for points besides the configured ones
 * ({@link io.heathub.billing.export.ExportedPoints}; 1.1: {@link io.heathub.billing.export.SitePoints}, such
 * points worked out per site version). The service is registered by heathub-billing-export;
 * the package lives in the billing library so that the features computing over the export
 * (settlement, energy figures) resolve without that bundle (their components then wait for the
 * service).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.heathub.billing.export;
