/**
 * Moving legacy users into Keycloak for good: lazy migration at a first sign-in, and the bulk import ("Sync all
 * users") with its dry run, migration report and admin REST resource.
 *
 * <p>Entry points: {@link org.gotham.keycloak.legacy.migration.LegacyImports} (owned by the factory: runs an import in
 * the background, once per component across the cluster, and answers the status, dry run and report), {@link
 * org.gotham.keycloak.legacy.migration.LegacyUserMigrator#migrateInOwnTransaction} (lazy migration, called by the
 * password check) and {@link org.gotham.keycloak.legacy.migration.LegacyMigrationResourceProviderFactory} (the admin
 * resource under {@code /admin/realms/{realm}/legacy-migration}). Inside: the import's walk over the table ({@code
 * LegacyUserImport}), what it decides per row ({@code ImportPlan}, pure logic, which the dry run only counts), what
 * Keycloak's database already holds for a page ({@code KeycloakUserIndex}), a run's counts ({@code ImportProgress}) and
 * the report ({@code LegacyMigrationReport}). Users are created in Keycloak's own store, never through the user storage
 * SPI; the legacy rows are never changed.
 */
package org.gotham.keycloak.legacy.migration;
