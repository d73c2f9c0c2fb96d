#!/usr/bin/env bash
# Keycloak's own database, beside the legacy one in the same PostgreSQL server, owned by its own
# role so that Keycloak cannot touch the legacy tables. Runs once, when the postgres container
# initialises an empty data volume (the entrypoint sources it with POSTGRES_USER and POSTGRES_DB set).
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set kc_password="${KEYCLOAK_DB_PASSWORD:?KEYCLOAK_DB_PASSWORD must be set}" <<'SQL'
CREATE ROLE keycloak LOGIN PASSWORD :'kc_password';
CREATE DATABASE keycloak OWNER keycloak;
SQL
