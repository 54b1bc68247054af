#!/bin/sh
# `secpanel traffic replay` against `secpanel traffic analyse` on the same month of logs, both
# published as README says, timed as whole processes with hyperfine (docs/performance.md, "Replay").
# The replay reads the logs with the analysis' own reader, so the ratio shows what replaying every
# minute under the rules costs on top of the reading. The rules are the sample's (samples/traffic-rules,
# for 20,000 meters) scaled to the month's meters, so that the storms bite as they do there.
#
# Settings (environment):
#   SECPANEL_BENCH_DIR     where the logs, the published command and the results go
#                          (default: <temp>/secpanel-bench, shared with traffic.sh)
#   SECPANEL_BENCH_METERS  the months to time, by meters (default 360000: about 10 million messages)
#   SECPANEL_BENCH_RUNS    timed runs of each command (default 5), after one untimed run
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/month.sh"
work=${SECPANEL_BENCH_DIR:-${TMPDIR:-/tmp}/secpanel-bench}
meters=${SECPANEL_BENCH_METERS:-360000}
runs=${SECPANEL_BENCH_RUNS:-5}

mkdir -p "$work"
echo "replay.sh: publishing secpanel to $work/secpanel" >&2
dotnet publish "$root/src/SecPanel.Cli" -c Release --use-current-runtime -o "$work/secpanel" >/dev/null
secpanel="$work/secpanel/SecPanel.Cli"

for m in $meters; do
    logs=$(bench_month "$secpanel" "$work" "$m")

    # The sample's rates scaled from 20,000 meters to m.
    rules="$work/rules-m$m"
    mkdir -p "$rules"
    cp "$root/samples/traffic-rules/traffic-allocations.csv" "$root/samples/traffic-rules/traffic-exempt-alerts.csv" "$rules/"
    awk -F, -v OFS=, -v m="$m" 'NR == 1 { print; next } { $4 = int($4 * m / 20000); $5 = int($5 * m / 20000); print }' \
        "$root/samples/traffic-rules/traffic-thresholds.csv" >"$rules/traffic-thresholds.csv"
    "$secpanel" traffic replay "$logs" --rules "$rules" >"$work/replay-m$m.txt"
    sed -n '1,12p' "$work/replay-m$m.txt" >&2

    echo "replay.sh: $m meters; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/replay-m$m.json" \
        -n "traffic analyse" "$secpanel traffic analyse $logs" \
        -n "traffic replay" "$secpanel traffic replay $logs --rules $rules"
    echo "replay.sh: load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    jq -r '(.results[0].median) as $s | .results[] | "  \(.command): median \(.median * 100 | round / 100) s (user \(.user * 100 | round / 100) s, system \(.system * 100 | round / 100) s), \(.median / $s * 100 | round / 100) times analyse'"'"'s"' "$work/replay-m$m.json"
done
