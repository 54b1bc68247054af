using System.Diagnostics;
using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Logs;

namespace SecPanel.Benchmarks;

/// <summary>
/// The benchmark's peers as processes of their own, for timing whole processes as a user runs them
/// (bench/traffic.sh, with hyperfine): <c>duckdb-fair</c> and <c>duckdb-text</c> compute the figures
/// of a folder of logs with DuckDB; <c>figures</c> turns the JSON of <c>secpanel traffic analyse
/// --format json</c> into the same lines. With <c>--expect</c> a peer checks its figures against a
/// file of them, in the timed run, and fails (exit 1) when they differ.
/// </summary>
internal static class PeerProcess
{
    private const string Usage = """
        usage: SecPanel.Benchmarks duckdb-fair <folder> [--expect <figures file> | --sql]
               SecPanel.Benchmarks duckdb-text <folder> [--expect <figures file>]
               SecPanel.Benchmarks figures <secpanel traffic analyse --format json output>

        duckdb-fair: DuckDB as an analyst would write it (typed columns, one scan per kind of file).
        duckdb-text: the agreement tests' SQL over tables of every column as text, loaded first.
        Without --expect the figures are printed, a line each; with it they are compared with the
        file's (as figures printed them) and only the verdict is printed. --sql prints the analyst's
        SQL for the folder instead of running it.
        """;

    public static bool Handles(string mode) => mode is "duckdb-fair" or "duckdb-text" or "figures";

    public static int Run(string mode, string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? expect = null;
        var sql = false;
        if (args.Length == 3 && args[1] == "--expect")
        {
            expect = args[2];
        }
        else if (args.Length == 2 && args[1] == "--sql" && mode == "duckdb-fair")
        {
            sql = true;
        }
        else if (args.Length != 1 || args[0].StartsWith('-'))
        {
            stderr.WriteLine(Usage);
            return 2;
        }

        if (mode == "figures")
        {
            stdout.Write(TrafficFigures.Write(TrafficFigures.FromJson(File.ReadAllText(args[0]))));
            return 0;
        }

        var files = LogFile.InFolder(args[0]);
        var month = files.Succeeded ? TrafficAnalyser.MonthOf(files.Value, null, args[0]) : null;
        if (month is not { Succeeded: true })
        {
            stderr.WriteLine($"bench: {string.Join("; ", files.Succeeded ? month!.Problems : files.Problems)}");
            return 2;
        }

        if (sql)
        {
            stdout.WriteLine(DuckDbPeers.FairSql(args[0], month.Value));
            return 0;
        }

        var watch = Stopwatch.StartNew();
        var figures = mode == "duckdb-fair" ? DuckDbPeers.Fair(args[0], month.Value) : DuckDbPeers.TextMaterialised(args[0], month.Value);
        var name = mode == "duckdb-fair" ? DuckDbPeers.FairName : DuckDbPeers.TextName;
        if (expect is null)
        {
            stdout.Write(TrafficFigures.Write(figures));
            return 0;
        }

        var disagreements = TrafficFigures.Disagreements(TrafficFigures.Read(File.ReadAllText(expect)), figures);
        stderr.WriteLine($"bench: {name}: {watch.Elapsed.TotalSeconds:F2} s in the query; figures {(disagreements.Count == 0 ? "agree with " + expect : "DISAGREE with " + expect + ": " + string.Join(", ", disagreements))}");
        return disagreements.Count == 0 ? 0 : 1;
    }
}
