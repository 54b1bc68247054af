using System.Globalization;
using NodaTime.Testing;
using SecPanel.Analytics.ClickHouse;
using SecPanel.Analytics.Logs;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Analytics.Tests;

/// <summary>
/// The two ClickHouse servers the tests load into (<c>tests/clickhouse/start</c>, which .ci/run
/// runs), named by SECPANEL_TEST_CLICKHOUSE; each test works in a database of its own, dropped after.
/// </summary>
public sealed class ClickHouseDatabase : IDisposable
{
    public const string Variable = "SECPANEL_TEST_CLICKHOUSE";

    public ClickHouseDatabase()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } urls)
        {
            Assert.Skip($"ClickHouse tests skipped: set {Variable} to the shards' addresses (tests/clickhouse/start prints them); .ci/run does.");
            return;
        }

        Urls = urls;
        Name = "t" + Guid.NewGuid().ToString("N")[..12];
        Shards = ClickHouseCluster.ParseShards(urls, out _)!;
        using var admin = new ClickHouseCluster(Shards);
        for (var shard = 0; shard < Shards.Count; shard++)
        {
            admin.Query(shard, $"CREATE DATABASE {Name}");
        }

        Cluster = new ClickHouseCluster(Shards, Name);
    }

    public string Urls { get; } = string.Empty;

    public string Name { get; } = string.Empty;

    public IReadOnlyList<Uri> Shards { get; } = [];

    public ClickHouseCluster Cluster { get; } = null!;

    /// <summary>The one value a query gives, from shard <paramref name="shard"/>.</summary>
    public string Value(string sql, int shard = 0) => Cluster.Rows(shard, sql)[0][0];

    public void Dispose()
    {
        if (Cluster is null)
        {
            return;
        }

        for (var shard = 0; shard < Shards.Count; shard++)
        {
            Cluster.Query(shard, $"DROP DATABASE IF EXISTS {Name}");
        }

        Cluster.Dispose();
    }
}

/// <summary>
/// <c>traffic load</c> against two real ClickHouse servers: every good row stored once on the shard
/// of its User, the counts those of <c>traffic analyse</c>; a file loaded once however often the load
/// is run; a load killed part-way completed by running it again; bad rows refused as the analysis
/// refuses them; and a cluster that is not the one described refused with a message.
/// </summary>
[Collection(nameof(ClickHouseAnalyseTests))]
public sealed class ClickHouseLoadTests : IDisposable
{
    private readonly ClickHouseDatabase db = new();
    private readonly TempFolder folder = new();

    public void Dispose()
    {
        db.Dispose();
        folder.Dispose();
    }

    private string Logs => folder.Path;

    private (int Code, string Stdout, string Stderr) Load(params string[] more) =>
        BadRowTests.Run(["traffic", "load", Logs, "--clickhouse", db.Urls, "--database", db.Name, .. more]);

    /// <summary>A generated November, its files and its figures as this machine counts them; SecPanel's tables made on the shards.</summary>
    private (IReadOnlyList<LogFile> Files, Figures.TrafficReport Report) AMonthAndTables(int meters, ulong seed)
    {
        Traffic.Generate(Logs, meters: meters, seed: seed);
        var files = LogFile.InFolder(Logs).Value;
        ClickHouseSchema.Ensure(db.Cluster, "secpanel");
        return (files, Traffic.Analyse(files, Traffic.November));
    }

    private IReadOnlyList<string> Lines(string sql) => [.. db.Cluster.Rows(0, sql).Select(r => string.Join("|", r))];

    [Fact]
    public void AMonth_IsStoredOnTheShardsOfItsUsers_AsTheAnalysisCountsIt_AndLoadedOnce()
    {
        Traffic.Generate(Logs, meters: 300, seed: 5);
        var report = Traffic.Analyse(LogFile.InFolder(Logs).Value, Traffic.November);

        var first = Load();
        Assert.True(first.Code == 0, first.Stderr);
        Assert.Equal($"2026-11: 90 files loaded ({report.Files.Sum(f => f.Rows):N0} rows), 0 loaded already, into 2 shards\n", first.Stdout.Replace("\r", "", StringComparison.Ordinal));

        // The figures of H3.24, L8.9 and the service levels' totals, counted by ClickHouse over both shards.
        Assert.Equal(report.Users.Where(u => u.Figure.Sent > 0).Select(u => $"{u.Key}|{u.Figure.Sent}"),
            Lines($"SELECT user, count() FROM {ClickHouseSchema.All(ClickHouseSchema.ServiceRequests)} WHERE smets = 2 GROUP BY user ORDER BY user"));
        Assert.Equal(report.Smets1Excluded.ToString(CultureInfo.InvariantCulture), db.Value($"SELECT count() FROM {ClickHouseSchema.All(ClickHouseSchema.ServiceRequests)} WHERE smets = 1"));
        Assert.Equal(report.Subscribers.Where(s => s.Figure.Sent > 0).Select(s => $"{s.Key}|{s.Figure.Sent}"),
            Lines($"SELECT subscriber, count() FROM {ClickHouseSchema.All(ClickHouseSchema.Csrs)} GROUP BY subscriber ORDER BY subscriber"));
        var alerts = report.ServiceLevels.Single(l => l.Measure.Key == "CPM3").Total;
        Assert.Equal(alerts.ToString(CultureInfo.InvariantCulture), db.Value($"SELECT count() FROM {ClickHouseSchema.All(ClickHouseSchema.Alerts)}"));

        // Each shard holds its Users' rows only, and both hold some.
        for (var shard = 0; shard < 2; shard++)
        {
            var users = db.Cluster.Rows(shard, $"SELECT DISTINCT user FROM {ClickHouseSchema.ServiceRequests}").Select(r => r[0]).ToList();
            Assert.NotEmpty(users);
            Assert.All(users, user => Assert.Equal(shard, ClickHouseLoader.ShardOf(user, 2)));
        }

        // The forecasts and the outages, on the first shard.
        Assert.Equal(File.ReadAllLines(Path.Combine(Logs, "outages-2026-11.csv")).Length - 1, int.Parse(db.Value($"SELECT count() FROM {ClickHouseSchema.Outages}"), CultureInfo.InvariantCulture));
        Assert.Equal(report.Users.Count(u => u.Figure.Forecast is not null).ToString(CultureInfo.InvariantCulture), db.Value($"SELECT count() FROM {ClickHouseSchema.Forecasts} WHERE kind = 'user'"));

        // Again: nothing loaded twice.
        var again = Load();
        Assert.Equal((0, "2026-11: 0 files loaded (0 rows), 90 loaded already, into 2 shards\n"), (again.Code, again.Stdout.Replace("\r", "", StringComparison.Ordinal)));
        Assert.Equal(report.Total.Sent.ToString(CultureInfo.InvariantCulture), db.Value($"SELECT count() FROM {ClickHouseSchema.All(ClickHouseSchema.ServiceRequests)} WHERE smets = 2"));
        Assert.Contains("secpanel: service-requests-2026-11-01.csv: loaded already", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ALoadKilledPartWay_RunAgain_EndsCompleteWithNothingTwice()
    {
        var (files, report) = AMonthAndTables(meters: 300, seed: 6);

        // Killed after a few inserts: some files whole, one part-way, the rest not begun.
        var killed = new ClickHouseLoader(db.Cluster, Traffic.Rules, strict: false, new FakeClock(NodaTime.Instant.FromUtc(2026, 12, 1, 9, 0))) { FailAfterInserts = 25, BatchChars = 4096 };
        Assert.Throws<ClickHouseException>(() => killed.Load(files, Traffic.November));
        // Files load in name order, the alerts first: some of their rows are in, not all.
        var alerts = report.ServiceLevels.Single(l => l.Measure.Key == "CPM3").Total;
        var partial = long.Parse(db.Value($"SELECT count() FROM {ClickHouseSchema.All(ClickHouseSchema.Alerts)}"), CultureInfo.InvariantCulture);
        Assert.InRange(partial, 1, alerts - 1);

        // Meanwhile the month gives no figures: a file is in the shards in part.
        var reading = BadRowTests.Run("traffic", "analyse", "--engine", "clickhouse", "--clickhouse", db.Urls, "--database", db.Name);
        Assert.Equal((2, ""), (reading.Code, reading.Stdout));
        Assert.Contains("a load stopped part-way: run traffic load again to finish it", reading.Stderr, StringComparison.Ordinal);
        Assert.Empty(ClickHouseMonthClaim.Live(db.Cluster, "2026-11"));

        var finished = Load();
        Assert.True(finished.Code == 0, finished.Stderr);
        Assert.Contains("loaded already", finished.Stdout, StringComparison.Ordinal);
        Assert.Equal((report.Total.Sent + report.Smets1Excluded).ToString(CultureInfo.InvariantCulture), db.Value($"SELECT count() FROM {ClickHouseSchema.All(ClickHouseSchema.ServiceRequests)}"));
        Assert.Equal(alerts.ToString(CultureInfo.InvariantCulture), db.Value($"SELECT count() FROM {ClickHouseSchema.All(ClickHouseSchema.Alerts)}"));
    }

    [Fact]
    public async Task ALoadOfAMonthAnotherLoadHolds_IsRefused_AndTwoAtOnceNeverStoreAFileTwice()
    {
        var (files, report) = AMonthAndTables(meters: 100, seed: 9);

        // While another load holds the month, a load is refused, naming it, and stores nothing.
        using (ClickHouseMonthClaim.Take(db.Cluster, "2026-11", "elsewhere process 1"))
        {
            var refused = Load();
            Assert.Equal((2, ""), (refused.Code, refused.Stdout));
            Assert.Contains($"{db.Shards[0]}: another load of 2026-11 is under way (elsewhere process 1, last heard of at ", refused.Stderr, StringComparison.Ordinal);
            Assert.Equal("0", db.Value($"SELECT count() FROM {ClickHouseSchema.Files}"));
            Assert.Equal(["elsewhere process 1"], ClickHouseMonthClaim.Live(db.Cluster, "2026-11").Select(l => l.Holder));
        }

        // A claim not renewed for the lapse (its load was killed) holds nothing; nor does another month's.
        db.Cluster.Query(0, $"INSERT INTO {ClickHouseSchema.Loads} SELECT '2026-11', 'killed process 2', 1, now() - {ClickHouseMonthClaim.LapseSeconds + 5}, 1");
        db.Cluster.Query(0, $"INSERT INTO {ClickHouseSchema.Loads} SELECT '2026-10', 'another month', 1, now(), 1");
        Assert.Empty(ClickHouseMonthClaim.Live(db.Cluster, "2026-11"));

        // Two loads begun together: one goes ahead and the other is refused (or both are), never both.
        using var together = new Barrier(2);
        var clock = new FakeClock(NodaTime.Instant.FromUtc(2026, 12, 1, 9, 0));
        var outcomes = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var loader = new ClickHouseLoader(db.Cluster, Traffic.Rules, strict: false, clock);
            together.SignalAndWait(TestContext.Current.CancellationToken);
            try
            {
                return loader.Load(files, Traffic.November).Value.Count(f => !f.AlreadyLoaded);
            }
            catch (ClickHouseException e) when (e.Message.Contains("another load of 2026-11 is under way", StringComparison.Ordinal))
            {
                return -1;
            }
        }, TestContext.Current.CancellationToken)).ToArray();
        var counts = await Task.WhenAll(outcomes);
        Assert.Contains(counts.Order().ToList(), new[] { new[] { -1, -1 }, [-1, 90], [0, 90] }, new SequenceComparer());
        Assert.Empty(ClickHouseMonthClaim.Live(db.Cluster, "2026-11"));

        var finished = Load();
        Assert.True(finished.Code == 0, finished.Stderr);
        Assert.Equal((report.Total.Sent + report.Smets1Excluded).ToString(CultureInfo.InvariantCulture), db.Value($"SELECT count() FROM {ClickHouseSchema.All(ClickHouseSchema.ServiceRequests)}"));
        Assert.Equal(report.ServiceLevels.Single(l => l.Measure.Key == "CPM3").Total.ToString(CultureInfo.InvariantCulture), db.Value($"SELECT count() FROM {ClickHouseSchema.All(ClickHouseSchema.Alerts)}"));
    }

    [Fact]
    public void ALoadInterrupted_EndsItsClaim_SoThatRunAgainAtOnceItFinishes()
    {
        var (files, report) = AMonthAndTables(meters: 100, seed: 10);

        // Interrupted (as Ctrl-C does) once the first file is loaded.
        using var stopping = new CancellationTokenSource();
        var interrupted = new ClickHouseLoader(db.Cluster, Traffic.Rules, strict: false, new FakeClock(NodaTime.Instant.FromUtc(2026, 12, 1, 9, 0)))
        {
            Stopping = stopping.Token,
            Progress = new Progress(stopping.Cancel),
            Parallelism = 1,
        };
        Assert.ThrowsAny<OperationCanceledException>(() => interrupted.Load(files, Traffic.November));
        Assert.Empty(ClickHouseMonthClaim.Live(db.Cluster, "2026-11"));
        var loadedBefore = int.Parse(db.Value($"SELECT count() FROM {ClickHouseSchema.Files}"), CultureInfo.InvariantCulture);
        Assert.InRange(loadedBefore, 1, 89);

        var finished = Load();
        Assert.True(finished.Code == 0, finished.Stderr);
        Assert.Contains($"{loadedBefore} loaded already", finished.Stdout, StringComparison.Ordinal);
        Assert.Equal((report.Total.Sent + report.Smets1Excluded).ToString(CultureInfo.InvariantCulture), db.Value($"SELECT count() FROM {ClickHouseSchema.All(ClickHouseSchema.ServiceRequests)}"));
    }

    /// <summary>Calls <paramref name="told"/> on the loading thread after each file, at once (not through a synchronisation context).</summary>
    private sealed class Progress(Action told) : IProgress<LoadedFile>
    {
        public void Report(LoadedFile value) => told();
    }

    private sealed class SequenceComparer : IEqualityComparer<IEnumerable<int>>
    {
        public bool Equals(IEnumerable<int>? x, IEnumerable<int>? y) => x!.SequenceEqual(y!);

        public int GetHashCode(IEnumerable<int> obj) => 0;
    }

    [Fact]
    public void BadRows_AreRefusedAsTheAnalysisRefusesThem_AndWithStrictNothingOfTheFileIsStored()
    {
        Traffic.Generate(Logs, meters: 60, seed: 7);
        var day = Path.Combine(Logs, "alerts-2026-11-02.csv");
        File.AppendAllText(day, "A-BAD-1,8F3E,satellite,SUPPLIER-A,2026-11-02T01:00:00.000Z,\nA-BAD-2,8F3E,device,SUPPLIER-A,2026-10-02T01:00:00.000Z,\n");
        var analysed = BadRowTests.Run("traffic", "analyse", Logs);

        var loaded = Load();

        Assert.Equal(0, loaded.Code);
        var said = analysed.Stderr.Split('\n').Where(l => l.StartsWith("  alerts-2026-11-02.csv:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, said.Count);
        Assert.Equal(said, loaded.Stderr.Split('\n').Where(l => l.StartsWith("  alerts-2026-11-02.csv:", StringComparison.Ordinal)));
        Assert.Contains("secpanel: alerts-2026-11-02.csv: ", loaded.Stderr, StringComparison.Ordinal);
        Assert.Equal((File.ReadAllLines(day).Length - 1 - 2).ToString(CultureInfo.InvariantCulture), db.Value($"SELECT count() FROM {ClickHouseSchema.All(ClickHouseSchema.Alerts)} WHERE file = 'alerts-2026-11-02.csv'"));

        // With --strict the file is refused whole: its rows are dropped again and it is not recorded.
        db.Cluster.Query(0, $"DROP TABLE {ClickHouseSchema.Files}");
        db.Cluster.Query(1, $"DROP TABLE {ClickHouseSchema.Files}");
        var strict = Load("--strict");
        Assert.Equal(2, strict.Code);
        Assert.Contains("--strict: a bad row: alerts-2026-11-02.csv:", strict.Stderr, StringComparison.Ordinal);
        Assert.Equal("0", db.Value($"SELECT count() FROM {ClickHouseSchema.All(ClickHouseSchema.Alerts)} WHERE file = 'alerts-2026-11-02.csv'"));
        Assert.Equal("0", db.Value($"SELECT count() FROM {ClickHouseSchema.Files} WHERE file = 'alerts-2026-11-02.csv'"));
    }

    [Fact]
    public void AClusterNotAsDescribed_IsRefusedWithAMessage_BeforeAnythingIsCreated()
    {
        Traffic.Generate(Logs, meters: 20, seed: 8);

        var unknown = Load("--cluster", "nosuch");
        Assert.Equal(2, unknown.Code);
        Assert.Contains($"{db.Shards[0]}: has no cluster 'nosuch' in its remote_servers", unknown.Stderr, StringComparison.Ordinal);

        var one = BadRowTests.Run("traffic", "load", Logs, "--clickhouse", db.Shards[0].ToString(), "--database", db.Name);
        Assert.Equal(2, one.Code);
        Assert.Contains("its cluster 'secpanel' has 2 shards, but 1 were given", one.Stderr, StringComparison.Ordinal);

        var down = BadRowTests.Run("traffic", "load", Logs, "--clickhouse", $"{db.Shards[0]},http://127.0.0.1:18199", "--database", db.Name);
        Assert.Equal(2, down.Code);
        Assert.Contains("http://127.0.0.1:18199/: cannot be reached", down.Stderr, StringComparison.Ordinal);
        Assert.Equal("0", db.Value($"SELECT count() FROM system.tables WHERE database = '{db.Name}'"));

        // Tables of another version of SecPanel's schema are not written into.
        ClickHouseSchema.Ensure(db.Cluster, "secpanel");
        db.Cluster.Query(1, "INSERT INTO secpanel_schema VALUES (99)");
        var other = Load();
        Assert.Equal(2, other.Code);
        Assert.Contains($"{db.Shards[1]}: holds SecPanel's tables at schema version 99; this SecPanel writes version {ClickHouseSchema.Version}", other.Stderr, StringComparison.Ordinal);

        var name = BadRowTests.Run("traffic", "load", Logs, "--clickhouse", db.Urls, "--database", "x; DROP TABLE y");
        Assert.Equal(2, name.Code);
        Assert.Contains("--database: 'x; DROP TABLE y' is not a name SecPanel uses in SQL", name.Stderr, StringComparison.Ordinal);

        var bad = BadRowTests.Run("traffic", "load", Logs, "--clickhouse", "127.0.0.1:8123");
        Assert.Equal(2, bad.Code);
        Assert.Contains("--clickhouse: '127.0.0.1:8123' is not the address of a ClickHouse server's HTTP interface", bad.Stderr, StringComparison.Ordinal);
    }
}
