using System.Diagnostics;
using System.Text;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Storage.Tests;

/// <summary>
/// Two imports that each pass the checks alone, and together would break one (a total and the
/// per-User lines that must sum to it; a delivery and the obligation it refers to; the same new
/// record with other values), run at the same time in two processes: exactly one is written, the
/// other is refused naming its own line, and the store still validates. Many rounds, both engines.
/// </summary>
public class ConcurrencyTests
{
    private const int HeldRounds = 4;
    private const int FreeRounds = 2;

    public static TheoryData<StoreKind, string> Checks
    {
        get
        {
            var data = new TheoryData<StoreKind, string>();
            foreach (var kind in new[] { StoreKind.Sqlite, StoreKind.Postgres })
            {
                foreach (var check in new[] { "totals", "references", "duplicates" })
                {
                    data.Add(kind, check);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public async Task ConflictingImports_AtTheSameTime_OneIsWrittenAndTheStoreStaysValid(StoreKind kind, string check)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Repo.Sample, new ImportOptions("setup")).Succeeded);

        for (var round = 0; round < HeldRounds + FreeRounds; round++)
        {
            var conflict = Conflict.Make(check, round, Path.Combine(fixture.Folder, $"round-{round}"));
            if (conflict.Setup is { } setup)
            {
                var prepared = store.Import(setup, new ImportOptions("setup", AllowUpdates: true));
                Assert.True(prepared.Succeeded, string.Join(Environment.NewLine, prepared.Problems));
            }

            var (first, second) = round % 2 == 0 ? (conflict.One, conflict.Other) : (conflict.Other, conflict.One);
            var outcomes = round < HeldRounds
                ? await Held(store, fixture.Location, first, second)
                : await Free(fixture.Location, first, second);

            // Exactly one of the two is written; the other names its own file and line.
            var (winner, loser) = outcomes[0].Succeeded ? (outcomes[0], outcomes[1]) : (outcomes[1], outcomes[0]);
            Assert.True(winner.Succeeded, $"round {round}: neither import was written:{Environment.NewLine}{outcomes[0].Output}{Environment.NewLine}{outcomes[1].Output}");
            Assert.False(loser.Succeeded, $"round {round}: both imports were written, together breaking the {check} check");
            Assert.Contains(loser.Side.Display, loser.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("changed by someone else", loser.Output, StringComparison.Ordinal);

            // The store is valid: it reads back, and an import of the unchanged sample goes through.
            _ = Store.Open(fixture.Location, fixture.Clock).Case();
        }

        Assert.True(store.Import(Repo.Sample, new ImportOptions("after")).Succeeded);
    }

    /// <summary>
    /// The first import, in this process, validates and then holds its write back while the second,
    /// in another process, starts: the second must not be written over checks the first has passed.
    /// </summary>
    private static async Task<Outcome[]> Held(Store store, StoreLocation location, Side first, Side second)
    {
        Task<Outcome>? other = null;
        store.BeforeApply = () =>
        {
            using var started = new ManualResetEventSlim();
            other = Run(location, second, started);

            // Once the other process is about to read the store, give it time to finish if it can.
            started.Wait(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
            other.Wait(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        };
        try
        {
            var outcome = store.Import(first.Path, new ImportOptions("first", first.Update));
            var mine = new Outcome(first, outcome.Succeeded, string.Join(Environment.NewLine, outcome.Problems.Select(p => p.ToString())));
            return [mine, await other!];
        }
        finally
        {
            store.BeforeApply = null;
        }
    }

    /// <summary>Both imports in processes of their own, started together.</summary>
    private static async Task<Outcome[]> Free(StoreLocation location, Side first, Side second) =>
        await Task.WhenAll(Run(location, first, null), Run(location, second, null));

    private static async Task<Outcome> Run(StoreLocation location, Side side, ManualResetEventSlim? started)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        var arguments = new List<string> { Path.Combine(AppContext.BaseDirectory, "SecPanel.Cli.dll"), "import", side.Path, "--db", location.ConnectionString, "--as", "second" };
        if (side.Update)
        {
            arguments.Add("--update");
        }

        arguments.ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = new StringBuilder();
        while (await process.StandardError.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            stderr.AppendLine(line);

            // Printed when the files are read, just before the import takes the store.
            if (line.Contains("; validating", StringComparison.Ordinal))
            {
                started?.Set();
            }
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        started?.Set();
        return new Outcome(side, process.ExitCode == 0, stderr + await stdout);
    }

    /// <summary>One import: a case or rule file, and whether it may replace stored records.</summary>
    private sealed record Side(string Path, bool Update)
    {
        public string Display => System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(Path)!) + "/" + System.IO.Path.GetFileName(Path);
    }

    private sealed record Outcome(Side Side, bool Succeeded, string Output);

    /// <summary>Two imports each valid alone and not together, after an optional setup import.</summary>
    private sealed record Conflict(string? Setup, Side One, Side Other)
    {
        public static Conflict Make(string check, int round, string folder)
        {
            // Each round works on a month of its own, so that what earlier rounds wrote does not matter.
            var month = $"2016-{round + 1:00}";
            var delivered = $"2016-{round + 2:00}-10";
            return check switch
            {
                // The total and the per-User lines must sum to it.
                "totals" => new(
                    Write(folder, "setup", "deliveries.csv", $"obligation,period,delivered\nsr-variance,{month},{delivered}\n"),
                    new(Write(folder, "one", "variance.csv", $"obligation,period,user,sent,forecast\nsr-variance,{month},,1000,2000\nsr-variance,{month},USER-A,600,1200\nsr-variance,{month},USER-B,400,800\n"), false),
                    new(Write(folder, "other", "variance.csv", $"obligation,period,user,sent,forecast\nsr-variance,{month},SKEW-USER,12345,1\n"), false)),

                // A delivery refers to an obligation that the other import takes out of the rules
                // (the lists keep the obligations of earlier rounds, whose deliveries may be stored).
                "references" => new(
                    Write(folder, "setup", "obligations.csv", Obligations(round + 1)),
                    new(Write(folder, "one", "deliveries.csv", $"obligation,period,delivered\nextra-{round},{month},{delivered}\n"), false),
                    new(Write(folder, "other", "obligations.csv", Obligations(round)), true)),

                // The same new record, with other values.
                _ => new(
                    null,
                    new(Write(folder, "one", "deliveries.csv", $"obligation,period,delivered,reference\nsr-variance,{month},{delivered},ONE\n"), false),
                    new(Write(folder, "other", "deliveries.csv", $"obligation,period,delivered,reference\nsr-variance,{month},{delivered},OTHER\n"), false)),
            };
        }

        /// <summary>The shipped obligations and <paramref name="extra"/> more, <c>extra-0</c> onwards.</summary>
        private static string Obligations(int extra) =>
            File.ReadAllText(System.IO.Path.Combine(Repo.Data, "obligations.csv")).TrimEnd('\n') + "\n"
            + string.Concat(Enumerable.Range(0, extra).Select(i => $"extra-{i},Extra report {i},,,monthly,20 working days after period end,none,,A report that one import delivers and the other removes.\n"));

        private static string Write(string folder, string side, string name, string text)
        {
            var path = System.IO.Path.Combine(folder, side, name);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return path;
        }
    }
}
