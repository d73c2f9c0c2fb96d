/**
 * The provider's metrics on Keycloak's metrics endpoint: {@link org.gotham.keycloak.legacy.metrics.LegacyMetrics} is
 * the one place that names and registers them (Micrometer, which Keycloak ships); the other packages report to it.
 */
package org.gotham.keycloak.legacy.metrics;
