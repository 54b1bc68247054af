using System.Diagnostics;
using System.Globalization;
using nietras.SeparatedValues;
using NodaTime;
using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Generation;
using SecPanel.Analytics.Logs;
using SecPanel.Performance;

namespace SecPanel.Benchmarks;

/// <summary>
/// A month of DCC traffic, generated once into a cache folder under the system temporary folder,
/// then, in one process and on the same files: a plain read of the file bytes (the limit),
/// SecPanel's analysis and DuckDB's SQL for the same figures (the SQL of
/// tests/SecPanel.Analytics.Tests/DuckDbAgreementTests.cs). It checks that the figures agree and
/// prints messages per second for each, the ratios and the peak working set.
/// </summary>
internal static class TrafficBenchmark
{
    private const string Usage = """
        usage: dotnet run -c Release --project bench/SecPanel.Benchmarks -- traffic [--meters N] [--seed S] [--month-files]

        Generates November 2026 for N meters (default 360,000: about 10 million messages) with the
        code of `secpanel traffic generate`, or reuses it from the cache folder
        <temp>/secpanel-bench-traffic/2026-11-m<N>-s<S>-g<generator version> (delete it to generate
        again), then times a plain read of the files, a Sep-only read, SecPanel's analysis and
        DuckDB's SQL for the same figures. With --month-files the day files are first joined into one
        file per kind for the month (cached next to them with -month), and that is what is read.
        """;

    private static readonly YearMonth Month = new(2026, 11);

    // Part of the cache folder's name: raise it when the generator's output changes, so that old files are not reused.
    private const int GeneratorVersion = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var meters = 360_000;
        var seed = 1UL;
        var monthFiles = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--meters" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out meters) && meters > 0)
            {
                i++;
            }
            else if (args[i] == "--month-files")
            {
                monthFiles = true;
            }
            else if (args[i] == "--seed" && i + 1 < args.Length && ulong.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out seed))
            {
                i++;
            }
            else
            {
                stderr.WriteLine(args[i] is "--help" or "-h" ? Usage : $"bench: unexpected '{args[i]}'\n{Usage}");
                return args[i] is "--help" or "-h" ? 0 : 2;
            }
        }

#if DEBUG
        stderr.WriteLine("bench: this is a Debug build; run with -c Release for figures worth recording");
#endif
        var data = Path.Combine(ImportBenchmark.RepositoryRoot(), "data");
        var rules = RuleBook.Load(data, "data");
        if (!rules.Succeeded)
        {
            stderr.WriteLine(string.Join('\n', rules.Problems));
            return 2;
        }

        var targets = rules.Value.TargetResponseTimes;
        var folder = Generated(meters, seed, targets, stderr);
        if (monthFiles)
        {
            folder = Joined(folder, stderr);
        }

        var files = LogFile.InFolder(folder).Value;
        var messageLogs = files.Where(f => f.Kind is LogKind.ServiceRequests or LogKind.Alerts or LogKind.Csrs).Select(f => f.Path).ToList();
        using var process = Process.GetCurrentProcess();

        // Untimed: bring the files into the page cache, so that all three read from memory.
        var bytes = PlainRead(messageLogs);
        stderr.WriteLine($"bench: {messageLogs.Count} message logs, {bytes / 1e6:F0} MB, read once to warm the page cache");

        var watch = Stopwatch.StartNew();
        PlainRead(messageLogs);
        var plainSeconds = watch.Elapsed.TotalSeconds;
        stderr.WriteLine($"bench: plain read {plainSeconds:F2} s");

        watch.Restart();
        SepRead(messageLogs);
        var sepSeconds = watch.Elapsed.TotalSeconds;
        stderr.WriteLine($"bench: Sep read {sepSeconds:F2} s");

        watch.Restart();
        var analysed = new TrafficAnalyser(rules.Value, targets).Analyse(files, Month);
        var secPanelSeconds = watch.Elapsed.TotalSeconds;
        if (!analysed.Succeeded)
        {
            stderr.WriteLine(string.Join('\n', analysed.Problems));
            return 1;
        }

        var report = analysed.Value;
        process.Refresh();
        var peakBeforeDuckDb = process.PeakWorkingSet64;
        stderr.WriteLine($"bench: SecPanel {secPanelSeconds:F2} s");

        watch.Restart();
        var fair = DuckDbPeers.Fair(folder, Month);
        var fairSeconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var peakAfterFair = process.PeakWorkingSet64;
        stderr.WriteLine($"bench: {DuckDbPeers.FairName} {fairSeconds:F2} s");

        watch.Restart();
        var text = DuckDbPeers.TextMaterialised(folder, Month);
        var textSeconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var peak = process.PeakWorkingSet64;
        stderr.WriteLine($"bench: {DuckDbPeers.TextName} {textSeconds:F2} s");

        var ours = TrafficFigures.From(report);
        var disagreements = TrafficFigures.Disagreements(ours, fair).Select(k => (Peer: DuckDbPeers.FairName, Figure: k, Theirs: fair[k]))
            .Concat(TrafficFigures.Disagreements(ours, text).Select(k => (Peer: DuckDbPeers.TextName, Figure: k, Theirs: text[k]))).ToList();
        var messages = report.System.Messages;
        var rows = report.Files.Sum(f => f.Rows);
        stdout.WriteLine($"traffic: {Month:uuuu-MM}, {meters:N0} meters, seed {seed}, {(monthFiles ? "one file per kind for the month" : "one file per kind per day")}, {Environment.ProcessorCount} cores");
        stdout.WriteLine($"  {messages:N0} messages (Service Requests and alerts), {rows:N0} rows with the CSRs, {report.BadRows} bad rows, {messageLogs.Count} files, {bytes / 1e6:N0} MB");
        stdout.WriteLine();
        stdout.WriteLine("| run | seconds | messages/s | MB/s |");
        stdout.WriteLine("|---|---|---|---|");
        foreach (var (name, seconds) in new[] { ("plain read", plainSeconds), ("Sep read", sepSeconds), ("SecPanel", secPanelSeconds), (DuckDbPeers.FairName, fairSeconds), (DuckDbPeers.TextName, textSeconds) })
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {seconds:F2} | {messages / seconds:N0} | {bytes / 1e6 / seconds:N0} |"));
        }

        stdout.WriteLine();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  SecPanel/({DuckDbPeers.FairName}): {fairSeconds / secPanelSeconds:F2}   SecPanel/({DuckDbPeers.TextName}): {textSeconds / secPanelSeconds:F2}"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  SecPanel/plain read: {plainSeconds / secPanelSeconds:F2}   SecPanel/Sep read: {sepSeconds / secPanelSeconds:F2}   Sep read/plain read: {plainSeconds / sepSeconds:F2}"));
        stdout.WriteLine($"  figures compared with both peers: {string.Join(", ", TrafficFigures.Names)}: {(disagreements.Count == 0 ? "all agree" : "DISAGREE: " + string.Join(", ", disagreements.Select(d => $"{d.Figure} ({d.Peer})")))}");
        stdout.WriteLine($"  peak working set: {peakBeforeDuckDb / (1 << 20):N0} MB after the plain read and SecPanel, {peakAfterFair / (1 << 20):N0} MB after {DuckDbPeers.FairName}, {peak / (1 << 20):N0} MB at the end (with {DuckDbPeers.TextName})");
        foreach (var (peer, key, theirs) in disagreements)
        {
            stderr.WriteLine($"bench: {key}: SecPanel {string.Join("; ", ours[key].Take(5))}");
            stderr.WriteLine($"bench: {key}: {peer} {string.Join("; ", theirs.Take(5))}");
        }

        return disagreements.Count == 0 ? 0 : 1;
    }

    /// <summary>The cache folder of the month for <paramref name="meters"/> and <paramref name="seed"/>, generated first if it is not complete.</summary>
    private static string Generated(int meters, ulong seed, TargetResponseTimes targets, TextWriter stderr) =>
        Cached(
            Path.Combine(Path.GetTempPath(), "secpanel-bench-traffic", $"{Month:uuuu-MM}-m{meters}-s{seed}-g{GeneratorVersion}"),
            "generated",
            folder => TrafficGenerator.Write(new GeneratorOptions(Month, meters, seed), targets, folder),
            stderr);

    /// <summary>
    /// The month of <paramref name="days"/> as one file per kind (the header once, then each day's
    /// rows in order), in a cache folder next to it, made first if it is not complete.
    /// </summary>
    private static string Joined(string days, TextWriter stderr) =>
        Cached(days + "-month", "joined the days into one file per kind in", folder =>
        {
            var files = LogFile.InFolder(days).Value;
            foreach (var kind in new[] { LogKind.ServiceRequests, LogKind.Alerts, LogKind.Csrs })
            {
                using var output = new FileStream(Path.Combine(folder, $"{kind.Prefix()}-{Month:uuuu-MM}.csv"), FileMode.CreateNew);
                var first = true;
                foreach (var file in files.Where(f => f.Kind == kind))
                {
                    // Streamed, so that the joining does not raise the process's peak memory measured after it.
                    using var input = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                    if (!first)
                    {
                        int b;
                        while ((b = input.ReadByte()) is not '\n' and not -1)
                        {
                        }
                    }

                    input.CopyTo(output);
                    first = false;
                }
            }

            foreach (var file in files.Where(f => f.Kind is LogKind.SrForecasts or LogKind.CsrForecasts))
            {
                File.Copy(file.Path, Path.Combine(folder, file.Name));
            }
        },
        stderr);

    /// <summary><paramref name="folder"/> as <paramref name="make"/> fills it, made again unless a run before completed it (its file <c>complete</c>).</summary>
    private static string Cached(string folder, string made, Action<string> make, TextWriter stderr)
    {
        var done = Path.Combine(folder, "complete");
        if (File.Exists(done))
        {
            stderr.WriteLine($"bench: reusing {folder}");
            return folder;
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var watch = Stopwatch.StartNew();
        make(folder);
        File.WriteAllText(done, "");
        stderr.WriteLine($"bench: {made} {folder} in {watch.Elapsed.TotalSeconds:F1} s");
        return folder;
    }

    /// <summary>Reads every byte of <paramref name="paths"/>, files in parallel, and returns how many there were.</summary>
    private static long PlainRead(List<string> paths)
    {
        long total = 0;
        Parallel.ForEach(
            paths,
            () => (Buffer: new byte[1 << 20], Count: 0L),
            (path, _, local) =>
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
                int n;
                while ((n = stream.Read(local.Buffer)) > 0)
                {
                    local.Count += n;
                }

                return local;
            },
            local => Interlocked.Add(ref total, local.Count));
        return total;
    }

    /// <summary>
    /// Reads every row of <paramref name="paths"/> with Sep as SecPanel's reader does (the same
    /// buffer and options, files in parallel) and touches every value, counting nothing: the most a
    /// reader built on Sep can do.
    /// </summary>
    private static long SepRead(List<string> paths)
    {
        long total = 0;
        Parallel.ForEach(paths, path =>
        {
            long characters = 0;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
            using var reader = Sep.Reader(o => o with { Sep = new Sep(','), DisableQuotesParsing = true, DisableColCountCheck = true }).From(stream);
            foreach (var row in reader)
            {
                for (var i = 0; i < row.ColCount; i++)
                {
                    characters += row[i].Span.Length;
                }
            }

            Interlocked.Add(ref total, characters);
        });
        return total;
    }
}
