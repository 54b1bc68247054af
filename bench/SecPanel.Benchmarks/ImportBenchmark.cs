using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using NodaTime;
using Npgsql;
using SecPanel.Storage;

namespace SecPanel.Benchmarks;

/// <summary>One timed import into one store.</summary>
/// <param name="Provider">SQLite or PostgreSQL.</param>
/// <param name="Import">The first import into an empty store, or the re-import of the same folder.</param>
/// <param name="Rows">The rows of the case folder the import took (inserted, updated or unchanged).</param>
/// <param name="Inserted">The rows it inserted.</param>
/// <param name="Unchanged">The rows it found already stored as they are.</param>
/// <param name="Seconds">The time of the whole <see cref="Store.Import(string, ImportOptions)"/> call.</param>
/// <param name="ReadSeconds">Up to the progress line "read N rows": the CSV files read and their values made canonical.</param>
/// <param name="CheckSeconds">From there up to "validated": the store read, the merged case validated, the changes planned.</param>
/// <param name="WriteSeconds">From there to the end: the changes and their audit entries written, in one transaction.</param>
/// <param name="AllocatedBytes">Managed memory allocated during the import.</param>
/// <param name="FullCollections">Full (generation 2) garbage collections during the import.</param>
/// <param name="StoreBytes">The store's size afterwards.</param>
internal sealed record ImportRun(
    string Provider, string Import, long Rows, long Inserted, long Unchanged, double Seconds,
    double? ReadSeconds, double? CheckSeconds, double? WriteSeconds, long AllocatedBytes, int FullCollections, long StoreBytes)
{
    public double RowsPerSecond => Rows / Seconds;
}

/// <summary>
/// Imports a year of per-User variance figures into each store provider, in one process, and
/// prints rows per second, store size and memory: the figures of docs/performance.md.
/// </summary>
internal static class ImportBenchmark
{
    /// <summary>A PostgreSQL connection string (or URL) to a server where the benchmark may create and drop a database.</summary>
    public const string PostgresVariable = "SECPANEL_BENCH_POSTGRES";

    private const string Actor = "bench";

    private const string Usage = """
        usage: dotnet run -c Release --project bench/SecPanel.Benchmarks [-- --users N]

        Generates a case folder with N Users' SR variance figures for the 12 months of 2019
        (default 83,334 Users: 1,000,008 lines), then times its import, and a re-import, into
        SQLite (a temporary file) and, when SECPANEL_BENCH_POSTGRES names a server, into a fresh
        PostgreSQL database that is dropped afterwards.
        """;

    public static int Run(string[] args, IClock clock, TextWriter stdout, TextWriter stderr)
    {
        var users = VarianceYear.DefaultUsers;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--users" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out users) && users > 0)
            {
                i++;
            }
            else
            {
                stderr.WriteLine(args[i] is "--help" or "-h" ? Usage : $"bench: unexpected '{args[i]}'\n{Usage}");
                return args[i] is "--help" or "-h" ? 0 : 2;
            }
        }

        var data = Path.Combine(RepositoryRoot(), "data");
        var work = Directory.CreateTempSubdirectory("secpanel-bench-").FullName;
        try
        {
            return Measure(users, clock, data, work, stdout, stderr);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static int Measure(int users, IClock clock, string data, string work, TextWriter stdout, TextWriter stderr)
    {
#if DEBUG
        stderr.WriteLine("bench: this is a Debug build; run with -c Release for figures worth recording");
#endif
        var folder = Path.Combine(work, "case");
        var watch = Stopwatch.StartNew();
        var summary = VarianceYear.Write(folder, users, VarianceYear.DefaultSeed);
        stderr.WriteLine($"bench: case folder generated in {watch.Elapsed.TotalSeconds:F1} s");

        var runs = new List<ImportRun>();
        var sqlite = Path.Combine(work, "bench.db");
        runs.AddRange(Runs("SQLite", new StoreLocation(StoreKind.Sqlite, sqlite, "bench.db"), () => Length(sqlite) + Length(sqlite + "-wal"), clock, data, folder, stderr));

        string? postgresVersion = null;
        string? postgresNote = null;
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            postgresNote = $"PostgreSQL was not measured: set {PostgresVariable} to a connection string of a server where the benchmark may create a database.";
        }
        else
        {
            try
            {
                (postgresVersion, var postgresRuns) = Postgres(server, clock, data, folder, stderr);
                runs.AddRange(postgresRuns);
            }
            catch (Exception e) when (e is NpgsqlException or StoreException or ArgumentException)
            {
                postgresNote = $"PostgreSQL was not measured: {e.Message}";
            }
        }

        if (runs.Any(r => r.Rows != summary.Rows))
        {
            stderr.WriteLine("bench: an import did not take every row of the case folder; the figures are not comparable");
            return 1;
        }

        using var process = Process.GetCurrentProcess();
        Report(stdout, summary, runs, postgresVersion, postgresNote, process.PeakWorkingSet64);
        return postgresNote is null || string.IsNullOrWhiteSpace(server) ? 0 : 1;
    }

    /// <summary>Creates the store with the rule data, then times the import of <paramref name="folder"/> and its re-import.</summary>
    private static List<ImportRun> Runs(string provider, StoreLocation location, Func<long> size, IClock clock, string data, string folder, TextWriter stderr)
    {
        var watch = Stopwatch.StartNew();
        var store = Store.Init(location, clock, data, Actor);
        stderr.WriteLine($"bench: {provider} store created with the rule data in {watch.Elapsed.TotalSeconds:F1} s ({Megabytes(size())} MB)");
        return [Time(provider, "first", store, folder, size, stderr), Time(provider, "re-import", store, folder, size, stderr)];
    }

    private static ImportRun Time(string provider, string import, Store store, string folder, Func<long> size, TextWriter stderr)
    {
        // Each import starts from a collected heap, so that one run's garbage is not charged to the next.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var collections = GC.CollectionCount(2);
        var marks = new List<(double Seconds, string Line)>();
        var watch = Stopwatch.StartNew();
        var outcome = store.Import(folder, new ImportOptions(Actor, false, line =>
        {
            var at = watch.Elapsed.TotalSeconds;
            marks.Add((at, line));
            stderr.WriteLine($"bench: {provider} {import} {at,6:F1} s: {line}");
        }));
        var seconds = watch.Elapsed.TotalSeconds;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        collections = GC.CollectionCount(2) - collections;
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException("the generated case was refused:" + Environment.NewLine
                + string.Join(Environment.NewLine, outcome.Problems.Take(20).Select(p => "  " + p)));
        }

        stderr.WriteLine($"bench: {provider} {import} {seconds,6:F1} s: done");
        double? read = marks.FirstOrDefault(m => m.Line.StartsWith("read ", StringComparison.Ordinal)) is { Line: not null } r ? r.Seconds : null;
        double? validated = marks.FirstOrDefault(m => m.Line.StartsWith("validated", StringComparison.Ordinal)) is { Line: not null } v ? v.Seconds : null;
        return new ImportRun(provider, import,
            outcome.Counts.Sum(c => (long)c.Inserted + c.Updated + c.Deleted + c.Unchanged),
            outcome.Counts.Sum(c => (long)c.Inserted),
            outcome.Counts.Sum(c => (long)c.Unchanged),
            seconds, read, validated - read, seconds - validated, allocated, collections, size());
    }

    /// <summary>Measures PostgreSQL in a database of its own, created for the run and dropped after it.</summary>
    private static (string Version, List<ImportRun> Runs) Postgres(string server, IClock clock, string data, string folder, TextWriter stderr)
    {
        var admin = StoreLocation.Parse(server, out var error);
        if (admin is not { Kind: StoreKind.Postgres })
        {
            throw new ArgumentException($"{PostgresVariable} is not a PostgreSQL connection string or URL{(error.Length > 0 ? ": " + error : string.Empty)}");
        }

        var database = string.Create(CultureInfo.InvariantCulture, $"secpanel_bench_{Environment.ProcessId}");
        var version = Scalar(admin.ConnectionString, "SHOW server_version") as string ?? "?";
        Scalar(admin.ConnectionString, $"CREATE DATABASE \"{database}\"");
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = database };
            var location = new StoreLocation(StoreKind.Postgres, builder.ConnectionString, $"PostgreSQL database '{database}'");
            var runs = Runs("PostgreSQL", location, () => (long)Scalar(builder.ConnectionString, "SELECT pg_database_size(current_database())")!, clock, data, folder, stderr);
            return (version, runs);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Scalar(admin.ConnectionString, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    private static object? Scalar(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    private static void Report(TextWriter output, CaseSummary summary, List<ImportRun> runs, string? postgresVersion, string? postgresNote, long peakWorkingSet)
    {
        output.WriteLine($"SecPanel store import: {summary.Users:N0} Users x 12 months of {VarianceYear.Year} = {summary.VarianceRows:N0} per-User variance lines, "
            + $"{summary.Rows:N0} rows with the meeting and 12 deliveries; case folder {Megabytes(summary.Bytes)} MB, variance.csv SHA-256 {summary.Sha256[..16]}");
        output.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, SQLite {SqliteVersion()}"
            + (postgresVersion is null ? string.Empty : $", PostgreSQL {postgresVersion}"));
        if (summary.Rows < 1_000_000)
        {
            output.WriteLine($"Fewer than a million rows (--users {summary.Users:N0}): a trial run, not comparable with docs/performance.md.");
        }

        output.WriteLine();

        string[] header = ["provider", "import", "rows", "inserted", "unchanged", "seconds", "rows/s", "read s", "check s", "write s", "allocated MB", "gen2 GCs", "store MB"];
        var table = runs.Select(r => new[]
        {
            r.Provider, r.Import, Count(r.Rows), Count(r.Inserted), Count(r.Unchanged), Fixed(r.Seconds), Count((long)r.RowsPerSecond),
            Fixed(r.ReadSeconds), Fixed(r.CheckSeconds), Fixed(r.WriteSeconds), Megabytes(r.AllocatedBytes), Count(r.FullCollections), Megabytes(r.StoreBytes),
        }).ToList();
        var widths = header.Select((h, i) => table.Select(row => row[i].Length).Append(h.Length).Max()).ToArray();
        output.WriteLine(Line(header, widths));
        output.WriteLine(Line([.. widths.Select(w => new string('-', w))], widths));
        foreach (var row in table)
        {
            output.WriteLine(Line(row, widths));
        }

        output.WriteLine();
        foreach (var import in new[] { "first", "re-import" })
        {
            var sqlite = runs.FirstOrDefault(r => r.Provider == "SQLite" && r.Import == import);
            var postgres = runs.FirstOrDefault(r => r.Provider == "PostgreSQL" && r.Import == import);
            if (sqlite is not null && postgres is not null)
            {
                output.WriteLine($"PostgreSQL/SQLite rows per second, {(import == "first" ? "first import" : import)}: {postgres.RowsPerSecond / sqlite.RowsPerSecond:F2}");
            }
        }

        if (postgresNote is not null)
        {
            output.WriteLine(postgresNote);
        }

        output.WriteLine($"peak working set of the process (generation and every import): {Megabytes(peakWorkingSet)} MB");
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i < 2 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Fixed(double? seconds) => seconds is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "?";

    private static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture);

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection.ServerVersion;
    }

    /// <summary>The repository root: the nearest folder above the program that holds SecPanel.slnx (its data/ is the rule data).</summary>
    internal static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SecPanel.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("SecPanel.slnx not found above " + AppContext.BaseDirectory);
    }
}
