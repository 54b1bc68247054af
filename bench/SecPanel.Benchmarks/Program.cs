using NodaTime;
using SecPanel.Benchmarks;

// "traffic" chooses the traffic analysis benchmark, "duckdb-fair", "duckdb-text" and "figures" its
// peers as processes of their own (bench/traffic.sh); without any, the store import benchmark.
if (args.Length > 0 && args[0] == "traffic")
{
    return TrafficBenchmark.Run(args[1..], Console.Out, Console.Error);
}

if (args.Length > 0 && PeerProcess.Handles(args[0]))
{
    return PeerProcess.Run(args[0], args[1..], Console.Out, Console.Error);
}

// The composition root: the one place the benchmark takes the real clock, which stamps the audit
// trail of the imports it times.
#pragma warning disable RS0030
IClock clock = SystemClock.Instance;
#pragma warning restore RS0030
return ImportBenchmark.Run(args, clock, Console.Out, Console.Error);
