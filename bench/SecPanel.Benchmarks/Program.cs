using NodaTime;
using SecPanel.Benchmarks;

// The composition root: the one place the benchmark takes the real clock, which stamps the audit
// trail of the imports it times.
#pragma warning disable RS0030
IClock clock = SystemClock.Instance;
#pragma warning restore RS0030
return ImportBenchmark.Run(args, clock, Console.Out, Console.Error);
