#!/bin/sh
# The cost of the store's commands against the history it holds (docs/performance.md, "The store at
# years of history"): for each number of years, a workspace made by `secpanel sample generate`,
# imported into a new store, then one month imported, one OPSG meeting assessed, a Panel paper
# built and the store exported, each timed once as a whole process with /usr/bin/time (seconds and
# peak resident memory). Prints one Markdown table row per store.
#
# Settings (environment):
#   SECPANEL_BENCH_DIR       where the workspaces, stores and results go (default: <temp>/secpanel-history)
#   SECPANEL_BENCH_YEARS     the histories to measure (default "0 1 5 10")
#   SECPANEL_BENCH_USERS     Users in each workspace (default 15000)
#   SECPANEL_BENCH_POSTGRES  a PostgreSQL connection string (to a database the script may create
#                            databases from); when set, each store is measured on PostgreSQL too
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=${SECPANEL_BENCH_DIR:-${TMPDIR:-/tmp}/secpanel-history}
years=${SECPANEL_BENCH_YEARS:-"0 1 5 10"}
users=${SECPANEL_BENCH_USERS:-15000}
postgres=${SECPANEL_BENCH_POSTGRES:-}

mkdir -p "$work"
dotnet build "$root/src/SecPanel.Cli" -c Release -o "$work/secpanel" >/dev/null
secpanel="dotnet $work/secpanel/SecPanel.Cli.dll"

# One month after the workspaces' last (2026-10): the sr-variance report of 2026-11, one line a User.
month="$work/month"
rm -rf "$month" && mkdir -p "$month"
printf 'obligation,period,delivered\nsr-variance,2026-11,2026-12-14\n' > "$month/deliveries.csv"
awk -v users="$users" 'BEGIN { print "obligation,period,user,sent,forecast"; for (u = 1; u <= users; u++) printf "sr-variance,2026-11,Bench User %05d,%d,%d\n", u, 1000 + (u * 7919) % 90000, 1000 + (u * 7919) % 90000 + (u % 200) - 100 }' > "$month/variance.csv"

timed() { # the command's seconds and peak memory (MB), as "S s, M MB"
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
    awk '{ printf "%.2f s, %d MB", $1, $2 / 1024 }' "$work/time"
}

echo "| engine | years | CSV lines | import of the history | import of one month | assess | paper | export |"
echo "|---|---|---|---|---|---|---|---|"
for y in $years; do
    for engine in sqlite postgres; do
        if [ "$engine" = postgres ] && [ -z "$postgres" ]; then continue; fi
        if [ "$engine" = sqlite ]; then
            db="$work/store-$y.db"; rm -f "$db" "$db-wal" "$db-shm"
        else
            name="secpanel_history_$y"
            psql "$(echo "$postgres" | sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Database=/dbname=/')" -q -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null 2>&1
            db=$(echo "$postgres" | sed "s/Database=[^;]*/Database=$name/")
        fi
        $secpanel init --db "$db" >/dev/null
        rows=0 history="(none)"
        if [ "$y" -gt 0 ]; then
            ws="$work/workspace-$y"
            [ -f "$ws/meeting.csv" ] || { rm -rf "$ws"; $secpanel sample generate --years "$y" --users "$users" --end 2026-10 --seed 1 --out "$ws" >/dev/null 2>&1; }
            rows=$(cat "$ws"/*.csv | wc -l)
            history=$(timed $secpanel import "$ws" --db "$db")
        fi
        one=$(timed $secpanel import "$month" --db "$db")
        assess="" paper="" 
        if [ "$y" -gt 0 ]; then
            meeting=$(grep '^OPSG,2026-10' "$work/workspace-$y/meeting.csv" | cut -d, -f2)
            panel=$(grep '^Panel,2026-10' "$work/workspace-$y/meeting.csv" | cut -d, -f2)
            assess=$(timed $secpanel assess --committee OPSG --meeting "$meeting" --db "$db")
            rm -rf "$work/paper" && mkdir -p "$work/paper"
            paper=$(timed $secpanel paper --panel-meeting 90 --date "$panel" --paper 1 --out "$work/paper" --db "$db")
        fi
        rm -rf "$work/export"
        export=$(timed $secpanel export --db "$db" --out "$work/export")
        echo "| $engine | $y | $rows | $history | $one | $assess | $paper | $export |"
    done
done
