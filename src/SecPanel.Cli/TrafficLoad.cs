using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using SecPanel.Analytics.ClickHouse;
using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Logs;

namespace SecPanel.Cli;

/// <summary><c>traffic load</c>: a month of logs into SecPanel's tables on a ClickHouse cluster (docs/scale-out.md).</summary>
internal static partial class TrafficCommand
{
    private static Command Load(Option<string?> dataOption, NodaTime.IClock clock, TextWriter stdout, TextWriter stderr)
    {
        var folder = new Argument<string>("folder") { Description = "The folder of log files, as for traffic analyse (docs/traffic.md)." };
        var month = new Option<string?>("--month") { Description = "The month to load (YYYY-MM). Default: the one month the folder holds." };
        var clickhouse = new Option<string>("--clickhouse") { Description = "The HTTP address of each shard of the cluster, in the cluster's order: http://host:8123[,http://host2:8123...].", Required = true };
        var cluster = new Option<string>("--cluster") { Description = "The cluster's name in the servers' remote_servers. Default: secpanel.", DefaultValueFactory = _ => "secpanel" };
        var database = new Option<string>("--database") { Description = "The database of SecPanel's tables on every shard. Default: default.", DefaultValueFactory = _ => "default" };
        var strict = StrictOption();
        var command = new Command("load", "Load a month of traffic logs into SecPanel's tables on a ClickHouse cluster, each User's rows on its shard: a file once (a file loaded already is left alone; one a killed load left part-way is loaded again whole); bad rows refused as traffic analyse refuses them.")
        {
            folder, month, clickhouse, cluster, database, strict,
        };
        command.SetAction(parse => Guarded(() => SecPanelCommand.WithRules(parse.GetValue(dataOption), stderr, rules =>
        {
            if (!TryChosen(parse, month, stderr, out var chosen))
            {
                return SecPanelCommand.UsageOrInputError;
            }

            if (ClickHouseCluster.ParseShards(parse.GetValue(clickhouse)!, out var wrong) is not { } shards)
            {
                return SecPanelCommand.Fail(stderr, $"--clickhouse: {wrong}");
            }

            if (ClickHouseSchema.NameProblem(parse.GetValue(cluster)!) is { } badCluster)
            {
                return SecPanelCommand.Fail(stderr, $"--cluster: {badCluster}");
            }

            if (ClickHouseSchema.NameProblem(parse.GetValue(database)!) is { } badDatabase)
            {
                return SecPanelCommand.Fail(stderr, $"--database: {badDatabase}");
            }

            var path = parse.GetValue(folder)!;
            var files = LogFile.InFolder(path);
            if (!files.Succeeded)
            {
                return SecPanelCommand.Fail(stderr, files.Problems);
            }

            var which = TrafficAnalyser.MonthOf(files.Value, chosen, path);
            if (!which.Succeeded)
            {
                return SecPanelCommand.Fail(stderr, which.Problems);
            }

            using var engine = new ClickHouseCluster(shards, parse.GetValue(database)!);
            try
            {
                ClickHouseSchema.Ensure(engine, parse.GetValue(cluster)!);
                // Ctrl-C (or a SIGTERM) stops the load cleanly: its claim on the month is ended, so it can be run again at once.
                using var stopping = new CancellationTokenSource();
                using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
                using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
                void Stop(PosixSignalContext signal)
                {
                    signal.Cancel = true;
                    stopping.Cancel();
                }

                var loader = new ClickHouseLoader(engine, rules, parse.GetValue(strict), clock) { Progress = new LoadLines(stderr), Stopping = stopping.Token };
                var loaded = loader.Load(files.Value, which.Value);
                if (!loaded.Succeeded)
                {
                    return SecPanelCommand.Fail(stderr, loaded.Problems);
                }

                var bad = loaded.Value.Sum(f => f.Summary.BadRows);
                if (bad > 0)
                {
                    stderr.WriteLine($"secpanel: {bad.ToString("N0", CultureInfo.InvariantCulture)} bad rows left out (the first of each file shown):");
                    foreach (var problem in loaded.Value.SelectMany(f => f.Summary.FirstBadRows))
                    {
                        stderr.WriteLine($"  {problem}");
                    }
                }

                var again = loaded.Value.Count(f => f.AlreadyLoaded);
                var rows = loaded.Value.Where(f => !f.AlreadyLoaded).Sum(f => f.Summary.Rows - f.Summary.BadRows);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{which.Value:uuuu-MM}: {loaded.Value.Count - again} file{(loaded.Value.Count - again == 1 ? "" : "s")} loaded ({rows:N0} rows), {again} loaded already, into {shards.Count} shard{(shards.Count == 1 ? "" : "s")}"));
                return SecPanelCommand.Ok;
            }
            catch (ClickHouseException e)
            {
                stderr.WriteLine("secpanel: the load stopped; run it again to finish it (files loaded whole are not loaded twice).");
                return SecPanelCommand.Fail(stderr, e.Message);
            }
            catch (OperationCanceledException)
            {
                stderr.WriteLine("secpanel: the load was interrupted; run it again to finish it (files loaded whole are not loaded twice).");
                return Interrupted;
            }
        })));
        return command;
    }

    /// <summary>The exit code of a load interrupted by Ctrl-C or SIGTERM: 128 + SIGINT, as shells give.</summary>
    private const int Interrupted = 130;

    /// <summary>A line on standard error per file: loaded, with its rows and time, or loaded already.</summary>
    private sealed class LoadLines(TextWriter stderr) : IProgress<LoadedFile>
    {
        public void Report(LoadedFile value) => stderr.WriteLine(value.AlreadyLoaded
            ? $"secpanel: {value.Summary.Name}: loaded already"
            : string.Create(CultureInfo.InvariantCulture, $"secpanel: {value.Summary.Name}: {value.Summary.Rows - value.Summary.BadRows:N0} rows loaded{(value.Summary.BadRows > 0 ? $", {value.Summary.BadRows:N0} bad" : string.Empty)} in {value.Seconds:0.0} s"));
    }
}
