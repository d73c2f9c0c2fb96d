#!/usr/bin/env bash
# Starts the whole system on this machine, with nothing but a JDK 17+:
#   crime-api (the resource server and the web page) and Keycloak 26 (the legacy user provider in
#   providers/, the gotham realm imported), both on the legacy database in LEGACY_DB_URL, or by
#   default on a demo SQLite file at ./data/gotham_crime_data.db that crime-api creates on the first run.
# Everything it makes stays under ./data/: the Keycloak distribution (from Maven Central through the
# Maven wrapper, so ~/.m2 caches it), Keycloak's own database, the demo database and the logs.
# Ctrl-C stops both and leaves no process behind.
#
#   ./run.sh            build what is missing or stale, start both, wait until they are healthy
#   ./run.sh --check    only the checks (Java, ports, LEGACY_DB_URL), then exit
#   ./run.sh --help
set -euo pipefail

if [ "${BASH_VERSINFO[0]}" -lt 4 ]; then
    printf 'run.sh: bash 4 or newer is needed and this is bash %s: install a newer bash (on macOS: brew install bash).\n' "$BASH_VERSION" >&2
    exit 1
fi

CALLER_DIR=$PWD
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

# The Keycloak version is written in one place, the root pom's <keycloak.version>: read it from there.
KEYCLOAK_VERSION=$(sed -n 's:.*<keycloak\.version>\([^<]*\)</keycloak\.version>.*:\1:p' pom.xml | head -n 1)
if [ -z "$KEYCLOAK_VERSION" ]; then
    printf 'run.sh: found no <keycloak.version> in %s/pom.xml: run.sh belongs at the root of the repository.\n' "$ROOT" >&2
    exit 1
fi
readonly KEYCLOAK_VERSION
readonly REALM=gotham
readonly DEMO_DB_URL=jdbc:sqlite:./data/gotham_crime_data.db
readonly DATA=$ROOT/data
readonly LOGS=$DATA/logs
readonly KC_HOME=$DATA/keycloak-$KEYCLOAK_VERSION
readonly PROVIDER_JAR=keycloak-user-provider/target/keycloak-user-provider.jar
readonly CRIME_API_JAR=crime-api/target/crime-api.jar
readonly REALM_FILE=realm-export/gotham-realm.json

KEYCLOAK_PORT=${KEYCLOAK_PORT:-8080}
KEYCLOAK_MANAGEMENT_PORT=${KEYCLOAK_MANAGEMENT_PORT:-9000}
CRIME_API_PORT=${CRIME_API_PORT:-8081}
BIND_ADDRESS=${BIND_ADDRESS:-127.0.0.1}
KEYCLOAK_PUBLIC_URL=${KEYCLOAK_PUBLIC_URL:-http://localhost:$KEYCLOAK_PORT}
CRIME_WEB_URL=${CRIME_WEB_URL:-http://localhost:$CRIME_API_PORT}
KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}
CRIME_IMPORTER_SECRET=${CRIME_IMPORTER_SECRET:-importer-dev-secret}
CRIME_API_CLIENT_SECRET=${CRIME_API_CLIENT_SECRET:-crime-api-dev-secret}
LEGACY_DB_USERNAME=${LEGACY_DB_USERNAME:-}
LEGACY_DB_PASSWORD=${LEGACY_DB_PASSWORD:-}
KEYCLOAK_START_TIMEOUT=${KEYCLOAK_START_TIMEOUT:-300}
CRIME_API_START_TIMEOUT=${CRIME_API_START_TIMEOUT:-180}

say() { printf '%s\n' "$*"; }
# One sentence saying what to fix, then exit (the EXIT trap stops whatever was started).
fail() {
    printf 'run.sh: %s\n' "$*" >&2
    exit 1
}

usage() {
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    say ""
    say "Settings (environment variables, with their defaults):"
    say "  KEYCLOAK_PORT=8080  KEYCLOAK_MANAGEMENT_PORT=9000  CRIME_API_PORT=8081  BIND_ADDRESS=127.0.0.1"
    say "  LEGACY_DB_URL=(demo SQLite file ./data/gotham_crime_data.db)  LEGACY_DB_USERNAME=  LEGACY_DB_PASSWORD="
    say "  KC_BOOTSTRAP_ADMIN_USERNAME=admin  KC_BOOTSTRAP_ADMIN_PASSWORD=admin  CRIME_IMPORTER_SECRET=importer-dev-secret"
    say "  CRIME_API_CLIENT_SECRET=crime-api-dev-secret (crime-api's client in Keycloak, for /users/register)"
    say "  KEYCLOAK_PUBLIC_URL=http://localhost:\$KEYCLOAK_PORT  CRIME_WEB_URL=http://localhost:\$CRIME_API_PORT"
}

check_only=false
case "${1:-}" in
    "") ;;
    --check) check_only=true ;;
    -h | --help) usage; exit 0 ;;
    *) fail "unknown argument '$1': use --check to run only the checks, or no argument to start." ;;
esac

# --- Processes we start, and stopping them -----------------------------------------------------
# Each runs in its own process group (set -m), so Ctrl-C reaches only this script, which then stops
# both groups together: SIGTERM, up to 30 s to shut down, then SIGKILL for what is left.
declare -A PIDS=()

start_group() { # name log command...
    local name=$1 log=$2
    shift 2
    set -m
    "$@" </dev/null >>"$log" 2>&1 &
    PIDS[$name]=$!
    set +m
}

group_alive() { # pgid: true while any process of that group is left
    kill -0 -- "-$1" 2>/dev/null
}

stop_all() {
    local name alive deadline=$((SECONDS + 30))
    for name in "${!PIDS[@]}"; do
        kill -TERM -- "-${PIDS[$name]}" 2>/dev/null || true
    done
    while :; do
        alive=false
        for name in "${!PIDS[@]}"; do
            group_alive "${PIDS[$name]}" && alive=true
        done
        $alive && [ $SECONDS -lt $deadline ] || break
        sleep 0.2
    done
    for name in "${!PIDS[@]}"; do
        if group_alive "${PIDS[$name]}"; then
            say "  $name did not stop within 30 s: killing it." 2>/dev/null || true
            kill -KILL -- "-${PIDS[$name]}" 2>/dev/null || true
        fi
        wait "${PIDS[$name]}" 2>/dev/null || true
    done
    PIDS=()
}

on_exit() {
    local status=$?
    trap - EXIT
    # Nothing may cut the clean-up short: a second Ctrl-C, or a closed output pipe (./run.sh | tee,
    # where Ctrl-C ends tee too) that would otherwise kill this script at its next message.
    trap '' INT TERM HUP PIPE
    if [ ${#PIDS[@]} -gt 0 ]; then
        say "Stopping ${!PIDS[*]}..." 2>/dev/null || true
        stop_all
        say "Stopped." 2>/dev/null || true
    fi
    exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE

# --- Small helpers -------------------------------------------------------------------------------
with_timeout() { # seconds command...
    if command -v timeout >/dev/null 2>&1; then timeout "$@"; else shift && "$@"; fi
}

tcp_open() { # host port
    with_timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# HTTP status of GET http://host:port/path, with bash alone (curl is not always there).
http_status() { # host port path
    local line
    line=$(with_timeout 5 bash -c '
        exec 3<>"/dev/tcp/$0/$1" || exit 1
        printf "GET %s HTTP/1.0\r\nHost: %s:%s\r\nConnection: close\r\n\r\n" "$2" "$0" "$1" >&3
        IFS= read -r line <&3 && printf "%s" "$line"' "$1" "$2" "$3" 2>/dev/null) || return 1
    line=${line#HTTP/* }
    printf '%s' "${line%% *}"
}

# --- Checks: Java, ports, the legacy database ---------------------------------------------------
check_java() {
    JAVA=java
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        JAVA=$JAVA_HOME/bin/java
    fi
    command -v "$JAVA" >/dev/null 2>&1 ||
        fail "Java 17 or newer is needed and no 'java' was found: install a JDK 17+ (for example 'apt-get install openjdk-17-jdk') or set JAVA_HOME."
    local version major
    version=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
    major=${version#1.}
    major=${major%%.*}
    [[ $major =~ ^[0-9]+$ ]] && [ "$major" -ge 17 ] ||
        fail "Java 17 or newer is needed but '$JAVA' is Java ${version:-of an unknown version}: install a JDK 17+ or point JAVA_HOME at one."
}

check_ports() {
    local entry var port
    for entry in KEYCLOAK_PORT KEYCLOAK_MANAGEMENT_PORT CRIME_API_PORT; do
        port=${!entry}
        [[ $port =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] ||
            fail "$entry=$port is not a port number: set it to a free port between 1 and 65535."
    done
    [ "$KEYCLOAK_PORT" != "$CRIME_API_PORT" ] && [ "$KEYCLOAK_PORT" != "$KEYCLOAK_MANAGEMENT_PORT" ] &&
        [ "$CRIME_API_PORT" != "$KEYCLOAK_MANAGEMENT_PORT" ] ||
        fail "KEYCLOAK_PORT, KEYCLOAK_MANAGEMENT_PORT and CRIME_API_PORT must differ: give each its own port."
    for var in KEYCLOAK_START_TIMEOUT CRIME_API_START_TIMEOUT; do
        [[ ${!var} =~ ^[0-9]+$ ]] || fail "$var=${!var} is not a number of seconds: set it to one, such as 300."
    done
    for var in KEYCLOAK_PORT KEYCLOAK_MANAGEMENT_PORT CRIME_API_PORT; do
        if tcp_open 127.0.0.1 "${!var}"; then
            fail "port ${!var} is already in use: stop what listens there or choose another port with $var=<port>."
        fi
    done
}

# Sets LEGACY_DB_URL (a relative SQLite path becomes absolute, from where run.sh was called).
check_legacy_db() {
    if [ -z "${LEGACY_DB_URL:-}" ]; then
        LEGACY_DB_URL=$DEMO_DB_URL
        DEMO_DB=true
        return
    fi
    DEMO_DB=false
    local rest path host port
    case "$LEGACY_DB_URL" in
        jdbc:sqlite:*)
            path=${LEGACY_DB_URL#jdbc:sqlite:}
            path=${path%%\?*}
            path=${path#file:}
            case "$path" in
                "" | :memory: | *mode=memory*)
                    fail "LEGACY_DB_URL=$LEGACY_DB_URL is an in-memory SQLite database, which Keycloak and crime-api cannot share: give the path of a SQLite file." ;;
                /*) ;;
                *) path=$CALLER_DIR/$path ;;
            esac
            [ -f "$path" ] ||
                fail "LEGACY_DB_URL points at $path, which does not exist: give the path of the legacy SQLite file (for example jdbc:sqlite:/srv/gotham/gotham_crime_data.db), or unset LEGACY_DB_URL for the demo database."
            [ -r "$path" ] && [ -w "$path" ] && [ -w "$(dirname "$path")" ] ||
                fail "LEGACY_DB_URL points at $path, which $(id -un) cannot read and write (SQLite also writes beside the file): fix the permissions of the file and its folder."
            if [ -s "$path" ] && [ "$(head -c 15 "$path")" != "SQLite format 3" ]; then
                fail "LEGACY_DB_URL points at $path, which is not a SQLite database: give the path of the legacy app's database file."
            fi
            LEGACY_DB_URL=jdbc:sqlite:$(cd "$(dirname "$path")" && pwd)/$(basename "$path")
            ;;
        jdbc:postgresql:* | jdbc:mariadb:* | jdbc:mysql:*)
            [[ $LEGACY_DB_URL != jdbc:mysql:* ]] ||
                fail "LEGACY_DB_URL=$LEGACY_DB_URL uses jdbc:mysql:, which the MariaDB driver we ship does not take: write it as jdbc:mariadb://host:port/database."
            case "$LEGACY_DB_URL" in
                jdbc:postgresql:*) port=5432 ;;
                *) port=3306 ;;
            esac
            rest=${LEGACY_DB_URL#jdbc:*:}
            if [[ $rest == //* ]]; then
                rest=${rest#//}
                rest=${rest%%[/?]*}
                rest=${rest##*@}
                rest=${rest%%,*}
                if [[ $rest == \[* ]]; then # [ipv6]:port
                    host=${rest%%]*}
                    host=${host#[}
                    rest=${rest#*]}
                    [[ $rest == :* ]] && port=${rest#:}
                else
                    host=${rest%%:*}
                    [[ $rest == *:* ]] && port=${rest##*:}
                fi
            fi
            host=${host:-localhost}
            [[ $port =~ ^[0-9]+$ ]] ||
                fail "LEGACY_DB_URL=$LEGACY_DB_URL has no usable port: write it as jdbc:postgresql://host:port/database or jdbc:mariadb://host:port/database."
            tcp_open "$host" "$port" ||
                fail "nothing answers at $host:$port, the database in LEGACY_DB_URL: start that database or correct LEGACY_DB_URL."
            ;;
        *)
            fail "LEGACY_DB_URL=$LEGACY_DB_URL is not a JDBC URL we support: use jdbc:sqlite:/path/to/file.db, jdbc:postgresql://host:port/db or jdbc:mariadb://host:port/db."
            ;;
    esac
}

check_java
check_ports
check_legacy_db
mkdir -p "$LOGS" 2>/dev/null && [ -w "$DATA" ] || fail "cannot write to $DATA: run.sh keeps its state there, so make it writable."
if $check_only; then
    say "Checks passed: Java, ports $KEYCLOAK_PORT, $KEYCLOAK_MANAGEMENT_PORT and $CRIME_API_PORT, and the legacy database ($LEGACY_DB_URL)."
    exit 0
fi

# --- Build, only when a jar is missing or older than what it is built from -----------------------
stale_jar() { # module jar
    [ ! -f "$2" ] || [ -n "$(find pom.xml "$1/pom.xml" "$1/src/main" -newer "$2" -print 2>/dev/null | head -n 1)" ]
}

if stale_jar keycloak-user-provider "$PROVIDER_JAR" || stale_jar crime-api "$CRIME_API_JAR"; then
    command -v "$(dirname "$JAVA")/javac" >/dev/null 2>&1 || command -v javac >/dev/null 2>&1 ||
        fail "building needs a JDK, but only a Java runtime was found: install a JDK 17+ (with javac) or point JAVA_HOME at one."
    say "Building keycloak-user-provider and crime-api (./mvnw -q -DskipTests package)..."
    ./mvnw -q -B -DskipTests -pl keycloak-user-provider,crime-api -am package ||
        fail "the build failed (its errors are above): fix them, or run './mvnw -DskipTests package' to see the whole build."
    touch "$PROVIDER_JAR" "$CRIME_API_JAR" # a no-op rebuild must not make the next start build again
fi

# --- Keycloak distribution, from Maven Central through the Maven wrapper (cached in ~/.m2) -------
if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
    say "Getting Keycloak $KEYCLOAK_VERSION from Maven Central (once; Maven caches it)..."
    unpack=$DATA/.keycloak-unpack
    rm -rf "$unpack"
    mkdir -p "$unpack"
    ./mvnw -q -B -N dependency:copy "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
        "-DoutputDirectory=$unpack" ||
        fail "could not get org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip through Maven (see above): check the network or the Maven settings."
    if command -v unzip >/dev/null 2>&1; then
        unzip -q "$unpack/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$unpack"
    else
        (cd "$unpack" && "$(dirname "$JAVA")/jar" xf "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip") ||
            (cd "$unpack" && jar xf "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip")
        chmod +x "$unpack/keycloak-$KEYCLOAK_VERSION"/bin/*.sh
    fi
    mv "$unpack/keycloak-$KEYCLOAK_VERSION" "$KC_HOME"
    rm -rf "$unpack"
fi

# The provider and the realm file, refreshed on every start (Keycloak re-augments when jars change).
mkdir -p "$KC_HOME/providers" "$KC_HOME/data/import"
cmp -s "$PROVIDER_JAR" "$KC_HOME/providers/keycloak-user-provider.jar" ||
    cp "$PROVIDER_JAR" "$KC_HOME/providers/keycloak-user-provider.jar"
cp "$REALM_FILE" "$KC_HOME/data/import/gotham-realm.json"

# --- Start and wait -------------------------------------------------------------------------------
rotate_log() {
    [ ! -f "$1" ] || mv "$1" "$1.1"
    : >"$1"
}

# The lines of a log that say why a start failed (errors and their causes), else its last lines.
log_excerpt() { # log
    local reasons
    reasons=$(grep -E 'ERROR|FATAL|Caused by:|APPLICATION FAILED|Exception: ' "$1" | grep -vE '^[[:space:]]+at ' | tail -n 8 || true)
    say "---- from ${1#"$ROOT"/}:"
    if [ -n "$reasons" ]; then say "$reasons"; else tail -n 20 "$1"; fi
    say "----"
}

wait_until_ready() { # name port path timeout-variable log
    local name=$1 port=$2 path=$3 timeout_variable=$4 log=$5 started=$SECONDS status next_note=10
    local timeout=${!timeout_variable}
    while :; do
        if ! kill -0 "${PIDS[$name]}" 2>/dev/null; then
            wait "${PIDS[$name]}" 2>/dev/null || true
            unset "PIDS[$name]"
            log_excerpt "$log" >&2
            fail "$name stopped while starting: the reason is in the log lines above (all of it in ${log#"$ROOT"/})."
        fi
        status=$(http_status 127.0.0.1 "$port" "$path" || true)
        if [ "$status" = 200 ]; then
            say "  $name is ready ($((SECONDS - started)) s)."
            return
        fi
        if [ $((SECONDS - started)) -ge "$timeout" ]; then
            fail "$name was not ready after $timeout s: see ${log#"$ROOT"/}, and on a slow machine raise $timeout_variable."
        fi
        if [ $((SECONDS - started)) -ge $next_note ]; then
            say "  ... waiting for $name ($((SECONDS - started)) s; log: ${log#"$ROOT"/})"
            next_note=$((next_note + 10))
        fi
        sleep 1
    done
}

# Keycloak's own database (dev-file H2) is kept per legacy database: --import-realm skips a realm
# that exists, and the imported realm holds the JDBC URL it was imported with. Switching
# LEGACY_DB_URL therefore switches to another Keycloak state instead of silently using the old URL.
use_keycloak_state() {
    local state_key
    if $DEMO_DB; then
        state_key=demo
    else
        state_key=db-$(printf '%s|%s' "$LEGACY_DB_URL" "$LEGACY_DB_USERNAME" | cksum | cut -d ' ' -f 1)
    fi
    mkdir -p "$DATA/keycloak-state/$state_key"
    if [ -d "$KC_HOME/data/h2" ] && [ ! -L "$KC_HOME/data/h2" ]; then
        mv "$KC_HOME/data/h2" "$DATA/keycloak-state/unmanaged-$(date +%Y%m%d%H%M%S)"
    fi
    ln -sfn "../../keycloak-state/$state_key" "$KC_HOME/data/h2"
}

crime_api_env=(
    "SERVER_PORT=$CRIME_API_PORT"
    "SERVER_ADDRESS=$BIND_ADDRESS"
    "LEGACY_DB_URL=$LEGACY_DB_URL"
    "LEGACY_DB_USERNAME=$LEGACY_DB_USERNAME"
    "LEGACY_DB_PASSWORD=$LEGACY_DB_PASSWORD"
    "KEYCLOAK_ISSUER_URI=$KEYCLOAK_PUBLIC_URL/realms/$REALM"
    "KEYCLOAK_PUBLIC_URL=$KEYCLOAK_PUBLIC_URL"
    # the page's registered address: opened as http://127.0.0.1:8081, it moves there before signing in
    "CRIME_WEB_URL=$CRIME_WEB_URL"
    "CRIME_API_CLIENT_SECRET=$CRIME_API_CLIENT_SECRET"
    # the one-command demo: crime-api accepts the development secrets above (it refuses them otherwise)
    "GOTHAM_DEMO=true"
)
if $DEMO_DB; then
    # Demo users (the old app's bcrypt hashes) and demo crimes, once, into the demo database only.
    crime_api_env+=("SPRING_FLYWAY_LOCATIONS=classpath:db/migration/{vendor},classpath:db/demo")
fi

say "Starting crime-api on port $CRIME_API_PORT (legacy database: $LEGACY_DB_URL)..."
rotate_log "$LOGS/crime-api.log"
start_group crime-api "$LOGS/crime-api.log" env "${crime_api_env[@]}" "$JAVA" -jar "$CRIME_API_JAR"
# crime-api first: on the first run its migrations create the demo database that Keycloak reads.
wait_until_ready crime-api "$CRIME_API_PORT" /actuator/health/readiness CRIME_API_START_TIMEOUT "$LOGS/crime-api.log"

use_keycloak_state
# HTTP limits, set on purpose (docs/security.md, "Limits under attack"): at most 50 requests run at once; at most
# 500 more wait, and beyond that Keycloak answers 503 at once rather than queueing without end. Legacy password checks
# hold only as many workers as can be checked within 2 s (one checking per core; at cost 12 about 8 more waiting per
# core), the rest are refused at once, so a flood of sign-ins leaves workers for refreshes, discovery and the console.
KEYCLOAK_HTTP_LIMITS=(--http-pool-max-threads=50 --http-max-queued-requests=500)
say "Starting Keycloak $KEYCLOAK_VERSION on port $KEYCLOAK_PORT (about a minute; the first start takes longer)..."
rotate_log "$LOGS/keycloak.log"
start_group keycloak "$LOGS/keycloak.log" env \
    "KC_BOOTSTRAP_ADMIN_USERNAME=$KC_BOOTSTRAP_ADMIN_USERNAME" \
    "KC_BOOTSTRAP_ADMIN_PASSWORD=$KC_BOOTSTRAP_ADMIN_PASSWORD" \
    "LEGACY_DB_URL=$LEGACY_DB_URL" \
    "LEGACY_DB_USERNAME=$LEGACY_DB_USERNAME" \
    "LEGACY_DB_PASSWORD=$LEGACY_DB_PASSWORD" \
    "CRIME_IMPORTER_SECRET=$CRIME_IMPORTER_SECRET" \
    "CRIME_API_CLIENT_SECRET=$CRIME_API_CLIENT_SECRET" \
    "CRIME_WEB_URL=$CRIME_WEB_URL" \
    ${JAVA_HOME:+"JAVA_HOME=$JAVA_HOME"} \
    "$KC_HOME/bin/kc.sh" start-dev \
    --import-realm \
    "--http-host=$BIND_ADDRESS" \
    "--http-port=$KEYCLOAK_PORT" \
    "--http-management-port=$KEYCLOAK_MANAGEMENT_PORT" \
    "--hostname=$KEYCLOAK_PUBLIC_URL" \
    --health-enabled=true \
    --metrics-enabled=true \
    --event-metrics-user-enabled=true \
    "${KEYCLOAK_HTTP_LIMITS[@]}"
wait_until_ready keycloak "$KEYCLOAK_MANAGEMENT_PORT" /health/ready KEYCLOAK_START_TIMEOUT "$LOGS/keycloak.log"

if [ "$KC_BOOTSTRAP_ADMIN_PASSWORD" = admin ]; then
    admin_sign_in="$KC_BOOTSTRAP_ADMIN_USERNAME / admin"
else
    admin_sign_in="$KC_BOOTSTRAP_ADMIN_USERNAME / (the password in KC_BOOTSTRAP_ADMIN_PASSWORD)"
fi
cat <<EOF

Gotham crime data is running.
  Web page:                $CRIME_WEB_URL/
  Swagger UI:              $CRIME_WEB_URL/swagger-ui.html
  Keycloak admin console:  $KEYCLOAK_PUBLIC_URL/admin/  (sign in as $admin_sign_in; realm '$REALM')
  Legacy database:         $LEGACY_DB_URL
  Logs:                    ${LOGS#"$ROOT"/}/crime-api.log, ${LOGS#"$ROOT"/}/keycloak.log
EOF
if $DEMO_DB; then
    cat <<'EOF'
  Demo sign-ins (the old app's passwords):
      batman / IamVengeance1
      robin / holy-guacamole
      Barbara.Gordon / oracle:sees/all
EOF
else
    say "  Sign in with the users and passwords of that legacy database."
fi
say "Press Ctrl-C to stop both."

# Both run until Ctrl-C; if either stops on its own, stop the other and say so.
while :; do
    for name in "${!PIDS[@]}"; do
        if ! kill -0 "${PIDS[$name]}" 2>/dev/null; then
            wait "${PIDS[$name]}" 2>/dev/null || true
            unset "PIDS[$name]"
            fail "$name stopped on its own: see ${LOGS#"$ROOT"/}/$name.log."
        fi
    done
    sleep 2
done
