/**
 * Figures a bundle adds to the hub's Prometheus endpoint ({@code GET /metrics}, served by the web
 * bundle): a feature registers a {@link io.heathub.api.metrics.MetricSource} service, so the web
 * bundle serves its figures without importing the feature.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.heathub.api.metrics;
