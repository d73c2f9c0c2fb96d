#!/usr/bin/env bash
# Regenerates the legacy test data in this folder from the old app's own code
# (../shared/legacy/legacy_app.py: SQLAlchemy 1.4 + passlib, Debian's /usr/bin/python3).
# The output is committed, so the tests never need the old app; run this only to remake it.
# Only rows: the tables come from the legacy-schema module (org/gotham/legacy/schema/<db>.sql), which the
# tests run first. bcrypt salts are random, so a new run gives the users new (equally valid) hashes.
#
#   sqlite-data.sql          the INSERTs of python's sqlite3 iterdump of a database made by
#                            `legacy_app.py init` plus two `add-crime`s, for the crimes and users tables
#   postgresql-data.sql      `pg_dump --data-only --inserts` of the same rows written by the old app
#                            into PostgreSQL (init + the same two add-crimes)
#   mariadb-data.sql         the SQLite rows converted to MariaDB INSERTs (the old app never ran there)
#
# Needs: /usr/bin/python3 with SQLAlchemy and passlib, PostgreSQL at 127.0.0.1:5432 (postgres, trust).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
legacy="${LEGACY_APP_DIR:-$here/../../../../../../shared/legacy}"
py=/usr/bin/python3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

extra_crimes=(
  '{"type": "ROBBERY", "description": "Late-night hold-up", "location": "Crime Alley", "suspect_name": "Joe Chill", "date_time": "2024-02-12T23:59:59.999999", "latitude": 40.7101, "longitude": -74.0012}'
  '{"type": "Vandalism", "description": "Bat-signal painted over", "location": "GCPD Rooftop", "suspect_name": null, "date_time": "2024-02-13T00:00:00", "latitude": -33.8688, "longitude": 151.2093}'
)

# SQLite
db="sqlite:///$work/gotham.db"
$py "$legacy/legacy_app.py" init "$db"
for c in "${extra_crimes[@]}"; do $py "$legacy/legacy_app.py" add-crime "$db" "$c"; done
$py - "$work/gotham.db" > "$here/sqlite-data.sql" <<'PY'
import sqlite3, sys
print("-- Rows written by the old app (legacy_app.py init + 2 add-crime), dumped with python's sqlite3 iterdump:")
print("-- its INSERTs only (the tables are legacy-schema's sqlite.sql). Regenerate with make-legacy-test-data.sh.")
con = sqlite3.connect(sys.argv[1])
for line in con.iterdump():
    if line.startswith(('INSERT INTO "crimes"', 'INSERT INTO "users"')):
        print(line)
PY

# PostgreSQL
pg="-h 127.0.0.1 -U postgres"
dropdb $pg --if-exists api_legacy_dump
createdb $pg api_legacy_dump
$py "$legacy/legacy_app.py" init "postgresql://postgres@127.0.0.1/api_legacy_dump"
for c in "${extra_crimes[@]}"; do $py "$legacy/legacy_app.py" add-crime "postgresql://postgres@127.0.0.1/api_legacy_dump" "$c"; done
{
  echo "-- Rows written by the old app into PostgreSQL (legacy_app.py init + 2 add-crime),"
  echo "-- dumped with pg_dump --data-only --inserts. Regenerate with make-legacy-test-data.sh."
  pg_dump $pg --data-only --inserts --no-owner --no-privileges -t crimes -t users api_legacy_dump \
    | grep -v -E '^(SET |SELECT pg_catalog.set_config|--$|-- Dumped|-- PostgreSQL database dump|\\(un)?restrict )'
} | cat -s > "$here/postgresql-data.sql"
dropdb $pg api_legacy_dump

# MariaDB: the SQLite rows as MariaDB INSERTs
$py - "$work/gotham.db" > "$here/mariadb-data.sql" <<'PY'
import sqlite3, sys
print("-- The rows of sqlite-data.sql (written by the old app), converted to MariaDB INSERTs by make-legacy-test-data.sh.")
con = sqlite3.connect(sys.argv[1])
def lit(v):
    if v is None: return "NULL"
    if isinstance(v, (int, float)): return repr(v)
    return "'" + v.replace("\\", "\\\\").replace("'", "''") + "'"
for table in ("crimes", "users"):
    cur = con.execute(f"SELECT * FROM {table} ORDER BY id")
    cols = [d[0] for d in cur.description]
    for row in cur:
        print(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(lit(v) for v in row)});")
PY
echo "legacy test data written to $here"
