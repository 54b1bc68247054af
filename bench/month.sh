# Sourced by the traffic benchmarks (traffic.sh, replay.sh, scaleout.sh): the generated November of
# METERS meters (seed 1) they share in the work folder, generated once with the published command.
# Usage: logs=$(bench_month "$secpanel" "$work" METERS)
bench_month() {
    local secpanel=$1 work=$2 m=$3
    local logs="$work/2026-11-m$m-s1"
    if [ ! -f "$logs/complete" ]; then
        rm -rf "$logs"
        "$secpanel" traffic generate --month 2026-11 --meters "$m" --seed 1 --out "$logs" >/dev/null
        touch "$logs/complete"
    fi
    echo "$logs"
}
