#!/bin/bash
# The scale-out path timed against the embedded one, in one run (docs/performance.md, "Scale-out on
# ClickHouse"): for each month, `secpanel traffic analyse` on the folder; `traffic load` into two
# shards (rows a second) and `traffic analyse --engine clickhouse` on them; the same into the first
# shard alone (cluster secpanel_one); each analysis's JSON checked equal to the embedded one's.
#
# Settings (environment):
#   SECPANEL_BENCH_DIR     where the logs, the published command and the results go (default <temp>/secpanel-bench,
#                          shared with traffic.sh: the same generated months)
#   SECPANEL_BENCH_METERS  the months to time, by meters (default "360000 3600000": 10 and 100 million messages)
#   SECPANEL_BENCH_RUNS    timed runs of each analysis (default 3; the median is kept)
# The two servers are started by tests/clickhouse/start in $SECPANEL_BENCH_DIR/clickhouse and stopped after.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/month.sh"
work=${SECPANEL_BENCH_DIR:-${TMPDIR:-/tmp}/secpanel-bench}
meters=${SECPANEL_BENCH_METERS:-"360000 3600000"}
runs=${SECPANEL_BENCH_RUNS:-3}
mkdir -p "$work"
echo "scaleout.sh: publishing secpanel to $work/secpanel" >&2
dotnet publish "$root/src/SecPanel.Cli" -c Release --use-current-runtime -o "$work/secpanel" >/dev/null
secpanel="$work/secpanel/SecPanel.Cli"
"$root/tests/clickhouse/start" stop "$work/clickhouse" >/dev/null 2>&1 || true
rm -rf "$work/clickhouse"
shards=$("$root/tests/clickhouse/start" start "$work/clickhouse")
trap '"$root/tests/clickhouse/start" stop "$work/clickhouse" >/dev/null 2>&1 || true' EXIT
first=${shards%%,*}

now() { date +%s.%N; }
since() { printf '%.2f\n' "$(echo "$(now) - $1" | bc)"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# The median of $runs timed runs of a command whose output goes to $out.
timed() {
    local out=$1; shift
    for _ in $(seq 1 "$runs"); do
        local t; t=$(now)
        "$@" > "$out"
        since "$t"
    done | median
}
# The median is of values already rounded to hundredths by since.

results="$work/scaleout.md"
echo "| messages | embedded analyse (s) | load, 2 shards (s) | rows/s | analyse, 2 shards (s) | load, 1 shard (s) | rows/s | analyse, 1 shard (s) | 2 shards ÷ embedded |" > "$results"
echo "|---|---|---|---|---|---|---|---|---|" >> "$results"
for m in $meters; do
    logs=$(bench_month "$secpanel" "$work" "$m")

    embedded=$(timed "$work/embedded.json" "$secpanel" traffic analyse "$logs" --format json)
    row="$embedded"
    for cluster in secpanel secpanel_one; do
        urls=$([ "$cluster" = secpanel ] && echo "$shards" || echo "$first")
        db="bench_m${m}_${cluster}"
        for url in ${urls//,/ }; do
            curl -sf "$url/" --data-binary "DROP DATABASE IF EXISTS $db" >/dev/null
            curl -sf "$url/" --data-binary "CREATE DATABASE $db" >/dev/null
        done

        t=$(now)
        loaded=$("$secpanel" traffic load "$logs" --clickhouse "$urls" --cluster "$cluster" --database "$db" 2>/dev/null)
        load=$(since "$t")
        rows=$(echo "$loaded" | sed -E 's/.*\(([0-9,]+) rows\).*/\1/' | tr -d ,)
        analyse=$(timed "$work/cluster.json" "$secpanel" traffic analyse --engine clickhouse --clickhouse "$urls" --cluster "$cluster" --database "$db" --format json)
        cmp -s "$work/embedded.json" "$work/cluster.json" || { echo "scaleout.sh: the $cluster JSON differs from the embedded one at $m meters" >&2; exit 1; }
        row="$row | $load | $(echo "$rows / $load" | bc) | $analyse"
    done

    messages=$(echo "$loaded" | sed -E 's/.*\(([0-9,]+) rows\).*/\1/')
    two=$(echo "$row" | cut -d'|' -f4 | tr -d ' ')
    echo "| $messages | $row | $(echo "scale=2; $two / $embedded" | bc) |" >> "$results"
done

cat "$results"
