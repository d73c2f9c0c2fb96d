#!/usr/bin/env bash
# Regenerates legacy-users.tsv: the bcrypt hashes the old app's own code (passlib 1.7.4 with the
# bcrypt backend, from Debian's packages) writes for the users in legacy-users.json.
#   apt-get install -y python3-sqlalchemy python3-passlib python3-bcrypt
#   bash make-legacy-users.sh            (from this folder; needs ../shared/legacy beside the repo)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tool="$here/../../../../../../shared/legacy/legacy_app.py"
db=$(mktemp -d)/legacy.db
/usr/bin/python3 "$tool" --users "$here/legacy-users.json" init "sqlite:///$db"
/usr/bin/python3 "$tool" dump-users "sqlite:///$db" > "$here/legacy-users.tsv"
rm -f "$db"
