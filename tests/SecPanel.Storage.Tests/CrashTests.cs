using System.Diagnostics;
using System.Globalization;
using System.Text;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Storage.Tests;

/// <summary>
/// An import killed hard in the middle of its transaction (a separate process, SIGKILL) leaves the
/// store intact, holding either all of that import or none of it.
/// </summary>
public class CrashTests
{
    private const int Users = 12_000;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ImportKilledMidTransaction_LeavesAllOrNothing(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Repo.Sample, new ImportOptions("setup")).Succeeded);
        var before = Dump.Of(store);
        var big = WriteBigCase(fixture.Folder);

        var cli = Path.Combine(AppContext.BaseDirectory, "SecPanel.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { cli, "import", big, "--db", fixture.Location.ConnectionString, "--as", "doomed" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var seen = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.AppendLine(line);

            // Progress is printed every 100,000 changes written: the transaction is open, and not committed.
            if (line.Contains("written 100,000", StringComparison.Ordinal))
            {
                process.Kill(entireProcessTree: true);
                break;
            }
        }

        await process.WaitForExitAsync(timeout.Token);
        await stdout;
        Assert.Contains("written 100,000", seen.ToString(), StringComparison.Ordinal);

        var after = Store.Open(fixture.Location, fixture.Clock);
        var variance = after.Counts().Single(c => c.Kind == "variance").Rows;
        if (variance == 3)
        {
            // None of it: the store is exactly as before, audit trail included.
            Assert.Equal(before, Dump.Of(after));
        }
        else
        {
            // All of it (the commit won the race with the kill): every row, and every row audited.
            Assert.Equal(3 + (12 * Users), variance);
            Assert.Equal(12 * Users, after.AuditTrail().Count(e => e.Actor == "doomed" && e.Kind == "variance"));
        }

        // The store still takes writes after the crash.
        Assert.True(after.Import(Repo.Sample, new ImportOptions("after")).Succeeded);
    }

    public static TheoryData<StoreKind, string> CopyKinds => new()
    {
        { StoreKind.Sqlite, "copy" },
        { StoreKind.Postgres, "copy" },
        { StoreKind.Postgres, "backup" },
    };

    /// <summary>
    /// A copy or backup killed hard while it writes (after a varying delay) leaves either the whole
    /// store at the target or nothing that looks like a store there: no SQLite file, no PostgreSQL
    /// tables. A PostgreSQL store is backed up into a new SQLite file, as copy does.
    /// </summary>
    [Theory]
    [MemberData(nameof(CopyKinds))]
    public async Task CopyOrBackupKilledPartWay_LeavesTheWholeStoreOrNothing(StoreKind target, string command)
    {
        using var fixture = new StoreFixture(command == "backup" ? StoreKind.Postgres : StoreKind.Sqlite);
        using var other = new StoreFixture(target);
        var store = fixture.Init();
        Assert.True(store.Import(WriteBigCase(fixture.Folder), new ImportOptions("setup")).Succeeded);
        var whole = Dump.Of(store);
        var cli = Path.Combine(AppContext.BaseDirectory, "SecPanel.Cli.dll");
        for (var round = 0; round < 3; round++)
        {
            var location = target == StoreKind.Sqlite || command == "backup" ? SqliteAt(other.Folder, $"round-{round}.db") : other.Another($"round{round}");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { cli, command, "--db", fixture.Location.ConnectionString, command == "copy" ? "--to" : "--out", location.ConnectionString })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var output = Task.WhenAll(process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken), process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
            await Task.Delay(TimeSpan.FromMilliseconds(700 + (600 * round)), TestContext.Current.CancellationToken);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            await output;

            if (location.Kind == StoreKind.Sqlite)
            {
                // The file is there only when complete; a killed run leaves at most its hidden temporary file.
                Assert.DoesNotContain(Directory.GetFiles(other.Folder), f => Path.GetFileName(f).StartsWith($"round-{round}.db-", StringComparison.Ordinal));
                if (File.Exists(location.ConnectionString))
                {
                    Assert.Equal(whole, Dump.Of(Store.Open(location, fixture.Clock)));
                }
            }
            else
            {
                await using var connection = new Npgsql.NpgsqlConnection(location.ConnectionString);
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var tables = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
                if ((long)(await tables.ExecuteScalarAsync(TestContext.Current.CancellationToken))! > 0)
                {
                    Assert.Equal(whole, Dump.Of(Store.Open(location, fixture.Clock)));
                }
            }
        }
    }

    private static StoreLocation SqliteAt(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        return new StoreLocation(StoreKind.Sqlite, path, path);
    }

    /// <summary>A case of 12 months of per-User SR variance figures for 2017, enough to take a while to write.</summary>
    private static string WriteBigCase(string root)
    {
        var folder = Path.Combine(root, "big");
        Directory.CreateDirectory(folder);
        var deliveries = new StringBuilder("obligation,period,delivered\n");
        var variance = new StringBuilder("obligation,period,user,sent,forecast\n");
        for (var month = 1; month <= 12; month++)
        {
            var period = string.Create(CultureInfo.InvariantCulture, $"2017-{month:D2}");
            var delivered = new NodaTime.LocalDate(2017, month, 1).PlusMonths(1).PlusDays(9);
            deliveries.Append(CultureInfo.InvariantCulture, $"sr-variance,{period},{delivered:uuuu-MM-dd}\n");
            for (var user = 0; user < Users; user++)
            {
                variance.Append(CultureInfo.InvariantCulture, $"sr-variance,{period},User{user:D5},{1000 + ((user * 7919) % 500)},{1000 + ((user * 104729) % 300)}\n");
            }
        }

        File.WriteAllText(Path.Combine(folder, "deliveries.csv"), deliveries.ToString());
        File.WriteAllText(Path.Combine(folder, "variance.csv"), variance.ToString());
        return folder;
    }
}
