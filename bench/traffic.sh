#!/bin/sh
# Whole processes timed as a user runs them (docs/performance.md, "Whole processes"):
# `secpanel traffic analyse`, published as README says, against DuckDB as an analyst would write it
# (bench mode duckdb-fair) and, at 10 million messages, the agreement tests' SQL over text tables
# (duckdb-text), with hyperfine, on all cores and pinned to one.
#
# Settings (environment):
#   SECPANEL_BENCH_DIR     where the logs, the published command and the results go
#                          (default: <temp>/secpanel-bench; 100 million messages take 11.7 GB)
#   SECPANEL_BENCH_METERS  the months to time, by meters (default "360000 3600000": 10 and 100 million messages)
#   SECPANEL_BENCH_CPUS    taskset CPU lists to time on (default "0-1 0": two cores, then one)
#   SECPANEL_BENCH_RUNS    timed runs of each command (default 5), after one untimed run
#   SECPANEL_BENCH_TEXT    the most meters at which the text-tables peer is run too (default 360000;
#                          at 100 million messages its tables take 18.7 GB of memory)
#   SECPANEL_BENCH_JIT     1 (default) to time secpanel also as published without ReadyToRun, every
#                          method compiled by the JIT as it runs (as before ReadyToRun); 0 not to
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/month.sh"
work=${SECPANEL_BENCH_DIR:-${TMPDIR:-/tmp}/secpanel-bench}
meters=${SECPANEL_BENCH_METERS:-"360000 3600000"}
cpus=${SECPANEL_BENCH_CPUS:-"0-1 0"}
runs=${SECPANEL_BENCH_RUNS:-5}
text=${SECPANEL_BENCH_TEXT:-360000}
jit=${SECPANEL_BENCH_JIT:-1}

mkdir -p "$work"
echo "traffic.sh: publishing secpanel to $work/secpanel and building the benchmark" >&2
dotnet publish "$root/src/SecPanel.Cli" -c Release --use-current-runtime -o "$work/secpanel" >/dev/null
if [ "$jit" = 1 ]; then
    dotnet publish "$root/src/SecPanel.Cli" -c Release --use-current-runtime -p:PublishReadyToRun=false -o "$work/secpanel-jit" >/dev/null
fi
dotnet build "$root/bench/SecPanel.Benchmarks" -c Release >/dev/null
secpanel="$work/secpanel/SecPanel.Cli"
bench="dotnet $root/bench/SecPanel.Benchmarks/bin/Release/net10.0/SecPanel.Benchmarks.dll"

for m in $meters; do
    logs=$(bench_month "$secpanel" "$work" "$m")

    # SecPanel's figures, from its JSON; each DuckDB run checks its own against them and fails if they differ.
    "$secpanel" traffic analyse "$logs" --format json >"$work/m$m.json" 2>/dev/null
    $bench figures "$work/m$m.json" >"$work/m$m.figures"
    for c in $cpus; do
        set -- -n "SecPanel" "taskset -c $c $secpanel traffic analyse $logs" \
            -n "DuckDB fair" "taskset -c $c $bench duckdb-fair $logs --expect $work/m$m.figures"
        if [ "$jit" = 1 ]; then
            set -- "$@" -n "SecPanel, JIT only" "taskset -c $c $work/secpanel-jit/SecPanel.Cli traffic analyse $logs"
        fi
        if [ "$m" -le "$text" ]; then
            set -- "$@" -n "DuckDB text materialised" "taskset -c $c $bench duckdb-text $logs --expect $work/m$m.figures"
        fi

        echo "traffic.sh: $m meters, CPUs $c; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
        hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/m$m-cpus$c.json" "$@"
        echo "traffic.sh: load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
        # Each command's median, and its ratio to SecPanel's (above 1: SecPanel is faster).
        jq -r '(.results[0].median) as $s | .results[] | "  \(.command): median \(.median * 100 | round / 100) s (user \(.user * 100 | round / 100) s, system \(.system * 100 | round / 100) s), \(.median / $s * 100 | round / 100) times SecPanel'"'"'s"' "$work/m$m-cpus$c.json"
    done
done
