#!/usr/bin/env bash
# Benchmarks, each against its own baseline measured in the same run; reports in bench/reports/.
#
#   bench/run.sh all                 every benchmark below, one after the other (about an hour)
#   bench/run.sh signin              sign-in throughput: legacy bcrypt 12 and 10, Keycloak-local, lazy migration
#   bench/run.sh api                 crime-api with tokens vs without authentication, RS256 ceiling
#   bench/run.sh search              admin search over 1,000,000 legacy users, without and with the optional index
#   bench/run.sh coldstart           ./run.sh to both services healthy, first and second run
#   bench/run.sh import              bulk import of 1,000,000 legacy users ("Sync all users") vs kc.sh import of the same
#   bench/run.sh dashboard           the Grafana dashboard drawn from a scripted run (reports/dashboard.png; not in all)
#   bench/run.sh report              only rebuild latest.md|json from the sections there are
#   bench/run.sh --smoke NAME...     small sizes and short windows, reports under bench/work/smoke-reports/
#
# Needs: JDK 17+, PostgreSQL on 127.0.0.1:5432 (user postgres, trust), wrk for api and prometheus for dashboard
# (Debian's, installed with apt-get when missing and run as root), unzip, rsync. Uses free ports only. Every process
# it starts, it stops.
# Settings: BENCH_WAIT_IDLE=<minutes> waits up to that long for a 1-minute load average below
# BENCH_IDLE_LOAD (0.8) before measuring; -Dbench.<name>=<value> or BENCH_<NAME> override sizes and windows
# (see bench/README.md).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

smoke=false
names=()
for arg in "$@"; do
    case "$arg" in
        --smoke) smoke=true ;;
        -h | --help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        all | signin | api | search | coldstart | import | dashboard | report) names+=("$arg") ;;
        *) printf 'bench/run.sh: unknown argument %s (see --help)\n' "$arg" >&2; exit 2 ;;
    esac
done
[ ${#names[@]} -gt 0 ] || names=(all)

mvn_cmd=(./mvnw)
[ -x ./mvnw ] || mvn_cmd=(mvn)

needs() { # name: true if one of the requested benchmarks is this one (or all)
    local n
    for n in "${names[@]}"; do
        [ "$n" = "$1" ] || [ "$n" = all ] && return 0
    done
    return 1
}

install_debian_package() { # command package benchmark: installs the package when the command is missing
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing $2 (Debian package)..."
        apt-get install -y "$2" >/dev/null || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }
    else
        echo "bench/run.sh: the $3 benchmark needs $2: install it (apt-get install $2)." >&2
        exit 1
    fi
}

needs api && install_debian_package wrk wrk api
# dashboard only: run as a process of the benchmark with its own configuration, never the package's service
for n in "${names[@]}"; do
    [ "$n" = dashboard ] && install_debian_package prometheus prometheus dashboard
done

if [ "${names[*]}" != report ]; then
    if [ ! -f keycloak-user-provider/target/keycloak-user-provider.jar ] || [ ! -f crime-api/target/crime-api.jar ]; then
        echo "Building keycloak-user-provider and crime-api..."
        "${mvn_cmd[@]}" -q -B -DskipTests -pl keycloak-user-provider,crime-api -am package
    fi
fi
# bench is a module of the root pom: built with what it depends on (legacy-schema, test-support), nothing installed
if [ ! -f bench/target/bench.jar ] || [ -n "$(find pom.xml bench/pom.xml bench/src test-support/pom.xml test-support/src \
    legacy-schema/src -newer bench/target/bench.jar -print -quit)" ]; then
    echo "Building bench..."
    "${mvn_cmd[@]}" -q -B -DskipTests -pl bench -am package
fi

if [ -n "${BENCH_WAIT_IDLE:-}" ] && [ "${names[*]}" != report ]; then
    limit=${BENCH_IDLE_LOAD:-0.8}
    deadline=$((SECONDS + BENCH_WAIT_IDLE * 60))
    calm=0
    while :; do
        load=$(cut -d ' ' -f 1 /proc/loadavg)
        if awk -v l="$load" -v m="$limit" 'BEGIN { exit !(l < m) }'; then
            calm=$((calm + 1))
            [ $calm -ge 2 ] && break # below the limit at two checks 30 s apart
        else
            calm=0
        fi
        if [ $SECONDS -ge $deadline ]; then
            echo "Load average still $load after ${BENCH_WAIT_IDLE} min: measuring anyway (the report shows it)."
            break
        fi
        echo "Load average $load (want < $limit): waiting..."
        sleep 30
    done
fi

exec java -Xmx3g -Dbench.repo="$ROOT" -Dbench.smoke="$smoke" -jar bench/target/bench.jar "${names[@]}"
