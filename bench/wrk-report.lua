-- Used by bench/server.sh: after a wrk run, prints the figures of docs/performance.md on lines of
-- their own (latencies in microseconds), since wrk's own --latency table has no 95th percentile.
done = function(summary, latency, requests)
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format("report %.0f %d %d %d %d\n",
    summary.requests / (summary.duration / 1000000),
    latency:percentile(50), latency:percentile(95), latency:percentile(99), failed))
end
