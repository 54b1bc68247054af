#!/bin/sh
# The server under load (docs/performance.md, "The server under load"): a store holding a generated
# history, served by `secpanel serve` (Release build), loaded by wrk with 100 connections for 30 s on
# each route (the dashboard summary, a meeting's assessment, the open actions, an action by key),
# as a member and as the secretariat. Prints one Markdown table row per route and role:
# requests per second, p50, p95 and p99 latency (bench/wrk-report.lua), and the failed requests
# (connection errors, timeouts and answers other than 2xx or 3xx).
#
# Settings (environment):
#   SECPANEL_BENCH_DIR       where the workspace, stores and results go (default: <temp>/secpanel-server)
#   SECPANEL_BENCH_YEARS     years of history in the store (default 10)
#   SECPANEL_BENCH_USERS     Users in the workspace (default 15000)
#   SECPANEL_BENCH_SECONDS   seconds of load on each route (default 30)
#   SECPANEL_BENCH_POSTGRES  a PostgreSQL connection string (to a database the script may create
#                            databases from); when set, the store is measured on PostgreSQL too
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=${SECPANEL_BENCH_DIR:-${TMPDIR:-/tmp}/secpanel-server}
years=${SECPANEL_BENCH_YEARS:-10}
users=${SECPANEL_BENCH_USERS:-15000}
seconds=${SECPANEL_BENCH_SECONDS:-30}
postgres=${SECPANEL_BENCH_POSTGRES:-}
port=18181
command -v wrk >/dev/null || { echo "bench/server.sh needs wrk: apt-get install -y wrk" >&2; exit 2; }

mkdir -p "$work"
dotnet build "$root/src/SecPanel.Cli" -c Release -o "$work/secpanel" >/dev/null
secpanel="dotnet $work/secpanel/SecPanel.Cli.dll"
ws="$work/workspace-$years"
[ -f "$ws/meeting.csv" ] || { rm -rf "$ws"; $secpanel sample generate --years "$years" --users "$users" --end 2026-10 --seed 1 --out "$ws" >/dev/null 2>&1; }
meeting=$(grep '^OPSG,2026-10' "$ws/meeting.csv" | cut -d, -f2)
action=$(grep "^OPSG,$meeting," "$ws/actions.csv" | head -n 1 | cut -d, -f3)

ms() { awk -v us="$1" 'BEGIN { printf "%.1f ms", us / 1000 }'; }

echo "| engine | route | as | requests/s | p50 | p95 | p99 | errors |"
echo "|---|---|---|---|---|---|---|---|"
for engine in sqlite postgres; do
    if [ "$engine" = postgres ] && [ -z "$postgres" ]; then continue; fi
    if [ "$engine" = sqlite ]; then
        db="$work/store.db"; rm -f "$db" "$db-wal" "$db-shm"
    else
        psql "$(echo "$postgres" | sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Database=/dbname=/')" -q -c "DROP DATABASE IF EXISTS secpanel_server_bench" -c "CREATE DATABASE secpanel_server_bench" >/dev/null 2>&1
        db=$(echo "$postgres" | sed "s/Database=[^;]*/Database=secpanel_server_bench/")
    fi
    $secpanel init --db "$db" >/dev/null
    $secpanel import "$ws" --db "$db" >/dev/null 2>&1
    echo "bench password one" | $secpanel user add member --role member --clearance AMBER --committee OPSG --committee SSC --db "$db" >/dev/null
    echo "bench password one" | $secpanel user add secretariat --role secretariat --clearance RED --db "$db" >/dev/null
    $secpanel serve --db "$db" --urls "http://127.0.0.1:$port" >"$work/serve.log" 2>&1 &
    server=$!
    trap 'kill $server 2>/dev/null || true' EXIT
    for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$port/api/openapi.json" && break; sleep 0.5; done
    for role in member secretariat; do
        cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' -d "{\"name\":\"$role\",\"password\":\"bench password one\"}" "http://127.0.0.1:$port/api/session" | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p')
        [ -n "$cookie" ] || { echo "could not sign in as $role" >&2; exit 1; }
        for route in "/api/dashboard?date=2026-10-20" "/api/assessments/OPSG/$meeting" "/api/actions?status=open&limit=100" "/api/actions/OPSG/$meeting/$action"; do
            # One warm-up second, then the measured run.
            wrk -t2 -c100 -d1s -H "Cookie: $cookie" "http://127.0.0.1:$port$route" >/dev/null 2>&1
            wrk -t2 -c100 -d"${seconds}s" -s "$root/bench/wrk-report.lua" -H "Cookie: $cookie" "http://127.0.0.1:$port$route" > "$work/wrk.txt" 2>&1
            set -- $(awk '$1 == "report" { print $2, $3, $4, $5, $6 }' "$work/wrk.txt")
            rps=$1 p50=$(ms "$2") p95=$(ms "$3") p99=$(ms "$4") errors=$5
            echo "| $engine | \`$route\` | $role | $rps | $p50 | $p95 | $p99 | $errors |"
        done
    done
    kill $server; wait $server 2>/dev/null || true
done
