#!/usr/bin/env bash
# Keycloak's own login to the legacy database (the realm's LEGACY_DB_USERNAME): it may read and
# write the rows of the users table and draw ids from its sequence, nothing else, so that neither a
# flaw in Keycloak nor a JDBC URL typed by a realm admin gets more than the old app's users. The
# database owner (POSTGRES_USER) stays crime-api's: its Flyway migrations need it. Runs once, when the
# postgres container initialises an empty data volume (the entrypoint sources it with POSTGRES_USER
# and POSTGRES_DB set), after 10-legacy-schema.sql made the table.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set password="${LEGACY_KEYCLOAK_DB_PASSWORD:?LEGACY_KEYCLOAK_DB_PASSWORD must be set}" <<'SQL'
CREATE ROLE keycloak_legacy LOGIN PASSWORD :'password';
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE users TO keycloak_legacy;
SELECT pg_get_serial_sequence('users', 'id') AS users_id_sequence \gset
GRANT USAGE ON SEQUENCE :users_id_sequence TO keycloak_legacy;
SQL
