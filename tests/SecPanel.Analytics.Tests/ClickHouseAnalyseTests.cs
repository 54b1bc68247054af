using System.IO.Compression;
using NodaTime.Testing;
using SecPanel.Analytics.ClickHouse;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Analytics.Tests;

/// <summary>
/// <c>traffic analyse --engine clickhouse</c> against two real servers: the same month through both
/// paths gives the same JSON and tables, byte for byte (bad rows, a gzip day, Planned Maintenance
/// and availability included), stores the same figures with <c>--db</c>, and a cluster that cannot
/// answer whole gives an error, never a figure.
/// </summary>
[Collection(nameof(ClickHouseAnalyseTests))]
public sealed class ClickHouseAnalyseTests : IDisposable
{
    private readonly ClickHouseDatabase db = new();
    private readonly TempFolder folder = new();

    public void Dispose()
    {
        db.Dispose();
        folder.Dispose();
    }

    private string Logs => Path.Combine(folder.Path, "logs");

    private (int Code, string Stdout, string Stderr) OnCluster(params string[] more) =>
        BadRowTests.Run(["traffic", "analyse", "--engine", "clickhouse", "--clickhouse", db.Urls, "--database", db.Name, .. more]);

    /// <summary>A month of a growing country, with bad rows in one day and a User whose name has a quote, another day gzip-compressed, and loaded.</summary>
    private void LoadAMonth()
    {
        Traffic.Generate(Logs, meters: 400, seed: 11, growthPerMille: 30);
        File.AppendAllText(Path.Combine(Logs, "service-requests-2026-11-04.csv"), "SR-BAD-1,SUPPLIER-A,supplier,4.1.1,3,on-demand,2026-11-04T10:00:00.000Z,,,success\nSR-BAD-2,SUPPLIER-A,supplier,4.1.1,2,on-demand,2026-11-04T10:00:00.000Z,,2026-11-04T09:00:00.000Z,success\n"
            + "SR-Q-1,O'Neill & Co.,supplier,4.1.1,2,on-demand,2026-11-04T11:00:00.000Z,,2026-11-04T11:00:05.000Z,success\n");
        var day = Path.Combine(Logs, "csrs-2026-11-05.csv");
        using (var input = File.OpenRead(day))
        using (var output = new GZipStream(File.Create(day + ".gz"), CompressionLevel.Fastest))
        {
            input.CopyTo(output);
        }

        File.Delete(day);
        var loaded = BadRowTests.Run("traffic", "load", Logs, "--clickhouse", db.Urls, "--database", db.Name);
        Assert.True(loaded.Code == 0, loaded.Stderr);
    }

    [Fact]
    public void TheSameMonth_GivesTheSameJsonAndTables_OnTheClusterAsOnThisMachine()
    {
        LoadAMonth();
        var windows = Path.Combine(folder.Path, "windows.csv");
        File.WriteAllText(windows, "id,service,start,end,notified,description\nPM-1,ssi,2026-11-01T00:00,2026-11-01T04:00,2026-10-01,Sunday window\n");

        foreach (string[] options in (string[][])[["--format", "json"], ["--format", "table"], ["--format", "json", "--maintenance", windows]])
        {
            var here = BadRowTests.Run(["traffic", "analyse", Logs, .. options]);
            var there = OnCluster(options);
            Assert.Equal(0, here.Code);
            Assert.Equal((0, here.Stdout, here.Stderr), (there.Code, there.Stdout, there.Stderr));
        }

        Assert.Contains("service-requests-2026-11-04.csv:", OnCluster().Stderr, StringComparison.Ordinal);
        var strict = OnCluster("--strict");
        Assert.Equal((2, ""), (strict.Code, strict.Stdout));
        Assert.Contains("--strict: a bad row: service-requests-2026-11-04.csv:", strict.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void WithDb_TheClusterStoresWhatThisMachineStores()
    {
        LoadAMonth();
        var exports = new List<string>();
        foreach (var onCluster in new[] { false, true })
        {
            var store = Path.Combine(folder.Path, $"store-{onCluster}.db");
            var month = Path.Combine(folder.Path, $"month-{onCluster}");
            Directory.CreateDirectory(month);
            File.WriteAllText(Path.Combine(month, "meeting.csv"), "committee,meeting_date,previous_meeting_date\nOPSG,2027-01-26,2026-12-15\n");
            File.WriteAllText(Path.Combine(month, "deliveries.csv"), "obligation,period,delivered\nsr-variance,2026-11,2026-12-14\ncsr-variance,2026-11,2026-12-14\npmr,2026-11,2027-01-06\n");
            Assert.Equal(0, BadRowTests.Run("init", "--db", store).Code);
            Assert.Equal(0, BadRowTests.Run("import", month, "--db", store).Code);
            var analysed = onCluster ? OnCluster("--db", store, "--as", "analyst") : BadRowTests.Run("traffic", "analyse", Logs, "--db", store, "--as", "analyst");
            Assert.True(analysed.Code == 0, analysed.Stderr);
            var export = Path.Combine(folder.Path, $"export-{onCluster}");
            Assert.Equal(0, BadRowTests.Run("export", "--db", store, "--out", export).Code);
            exports.Add(File.ReadAllText(Path.Combine(export, "variance.csv")) + File.ReadAllText(Path.Combine(export, "performance.csv")));
        }

        Assert.Equal(exports[0], exports[1]);
        Assert.Contains("pmr,2026-11,CPM6,", exports[1], StringComparison.Ordinal);
    }

    [Fact]
    public void AMonthBeingLoaded_OrWithAFileStoredTwice_GivesNoFigure_UntilLoadedAgain()
    {
        LoadAMonth();
        var embedded = BadRowTests.Run("traffic", "analyse", Logs, "--format", "json");

        using (ClickHouseMonthClaim.Take(db.Cluster, "2026-11", "elsewhere process 1"))
        {
            var during = OnCluster("--format", "json");
            Assert.Equal((2, ""), (during.Code, during.Stdout));
            Assert.Contains($"{db.Shards[0]}: a load of 2026-11 is under way (elsewhere process 1); the month's figures can be read when it has ended", during.Stderr, StringComparison.Ordinal);
        }

        // One shard's rows of a file written twice (as two loads at once would have): found from the shards' parts, no figure given.
        db.Cluster.Query(0, "INSERT INTO secpanel_alerts SELECT * FROM secpanel_alerts WHERE file = 'alerts-2026-11-03.csv'");
        var twice = OnCluster("--format", "json");
        Assert.Equal((2, ""), (twice.Code, twice.Stdout));
        Assert.Matches(@"the shards hold [0-9,]+ rows of alerts-2026-11-03\.csv, but its load stored [0-9,]+; load the month again \(traffic load\) to replace the file", twice.Stderr);

        // Loading again replaces that file alone, and the figures are this machine's again.
        var mended = BadRowTests.Run("traffic", "load", Logs, "--clickhouse", db.Urls, "--database", db.Name);
        Assert.True(mended.Code == 0, mended.Stderr);
        Assert.StartsWith("2026-11: 1 file loaded (", mended.Stdout, StringComparison.Ordinal);
        Assert.Contains("secpanel: alerts-2026-11-03.csv: ", mended.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("alerts-2026-11-03.csv: loaded already", mended.Stderr, StringComparison.Ordinal);
        Assert.Equal((0, embedded.Stdout), (OnCluster("--format", "json").Code, OnCluster("--format", "json").Stdout));

        // Rows in a partition no load recorded (a load stopped part-way through a file): no figure.
        db.Cluster.Query(1, "INSERT INTO secpanel_alerts SELECT month, 'alerts-2026-11-31.csv', alert_code, source, recipient, generated, delivered FROM secpanel_alerts LIMIT 5");
        var inPart = OnCluster();
        Assert.Equal((2, ""), (inPart.Code, inPart.Stdout));
        Assert.Contains("the shards hold rows of the partition ('2026-11','alerts-2026-11-31.csv') that no load finished; a load stopped part-way: run traffic load again to finish it", inPart.Stderr, StringComparison.Ordinal);
        db.Cluster.Query(1, "ALTER TABLE secpanel_alerts DROP PARTITION ('2026-11', 'alerts-2026-11-31.csv')");
        Assert.Equal(0, OnCluster().Code);

        // A file a load was given and did not load (it stopped before that file): no figure.
        db.Cluster.Query(0, "INSERT INTO secpanel_month_files VALUES ('2026-11', 'alerts-2026-11-31.csv')");
        var notLoaded = OnCluster();
        Assert.Equal((2, ""), (notLoaded.Code, notLoaded.Stdout));
        Assert.Contains($"{db.Shards[0]}: 1 of the 91 files given to loads of 2026-11 is not loaded (the first: alerts-2026-11-31.csv); a load stopped part-way: run traffic load again to finish it", notLoaded.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Stops or starts shard <paramref name="shard"/> with tests/clickhouse/start, in the folder .ci/run started the servers in.</summary>
    private static void Shard(string action, int shard)
    {
        var servers = Environment.GetEnvironmentVariable("SECPANEL_TEST_CLICKHOUSE_FOLDER");
        Assert.SkipWhen(servers is null, "The shard-stopping test skipped: set SECPANEL_TEST_CLICKHOUSE_FOLDER to the folder tests/clickhouse/start started the servers in; .ci/run does.");
        using var script = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", [Repo.Path("tests", "clickhouse", "start"), action, servers!, shard.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { RedirectStandardError = true })!;
        var said = script.StandardError.ReadToEnd();
        script.WaitForExit();
        Assert.True(script.ExitCode == 0, said);
    }

    [Fact]
    public void AShardStopped_DuringALoadAndAQuery_IsSaid_AndOnceItIsBackTheLoadFinishesWhole()
    {
        Traffic.Generate(Logs, meters: 200, seed: 12);
        var files = Analytics.Logs.LogFile.InFolder(Logs).Value;
        var report = Traffic.Analyse(files, Traffic.November);
        ClickHouseSchema.Ensure(db.Cluster, "secpanel");

        // The second shard stops after the first file is loaded: the load stops with its address.
        var stopped = false;
        var loader = new ClickHouseLoader(db.Cluster, Traffic.Rules, strict: false, new FakeClock(NodaTime.Instant.FromUtc(2026, 12, 1, 9, 0)))
        {
            Progress = new Stopper(() =>
            {
                if (!stopped)
                {
                    stopped = true;
                    Shard("stop-shard", 2);
                }
            }),
        };
        try
        {
            var refused = Assert.Throws<ClickHouseException>(() => loader.Load(files, Traffic.November));
            Assert.StartsWith($"{db.Shards[1]}: cannot be reached", refused.Message, StringComparison.Ordinal);

            // A query with the shard down: an error naming it, and no figure.
            var analysed = OnCluster("--format", "json");
            Assert.Equal((2, ""), (analysed.Code, analysed.Stdout));
            Assert.Contains($"{db.Shards[1]}: cannot be reached", analysed.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (stopped)
            {
                Shard("start-shard", 2);
            }
        }

        // Back: the load, run again, finishes; the figures are the month's, every row once.
        var finished = BadRowTests.Run("traffic", "load", Logs, "--clickhouse", db.Urls, "--database", db.Name);
        Assert.True(finished.Code == 0, finished.Stderr);
        // What was loaded before the shard stopped (a file or two, as they load two at a time) is not loaded again.
        Assert.Matches(@"files loaded \([\d,]+ rows\), [1-9]\d* loaded already", finished.Stdout);
        Assert.Equal(BadRowTests.Run("traffic", "analyse", Logs, "--format", "json").Stdout, OnCluster("--format", "json").Stdout);
        Assert.Equal((report.Total.Sent + report.Smets1Excluded).ToString(System.Globalization.CultureInfo.InvariantCulture), db.Value($"SELECT count() FROM {ClickHouseSchema.All(ClickHouseSchema.ServiceRequests)}"));
    }

    private sealed class Stopper(Action action) : IProgress<LoadedFile>
    {
        public void Report(LoadedFile value) => action();
    }

    [Fact]
    public void AClusterThatCannotAnswerWhole_GivesAnError_NeverAFigure()
    {
        LoadAMonth();

        var down = BadRowTests.Run("traffic", "analyse", "--engine", "clickhouse", "--clickhouse", $"{db.Shards[0]},http://127.0.0.1:18199", "--database", db.Name, "--format", "json");
        Assert.Equal((2, ""), (down.Code, down.Stdout));
        Assert.Contains("http://127.0.0.1:18199/: cannot be reached", down.Stderr, StringComparison.Ordinal);

        // A shard that answers a query with an error (here its Distributed table is gone): said, with no figure.
        db.Cluster.Query(0, "DROP TABLE secpanel_alerts_all");
        var broken = OnCluster("--format", "json");
        Assert.Equal((2, ""), (broken.Code, broken.Stdout));
        Assert.Contains("refused", broken.Stderr, StringComparison.Ordinal);

        // A shard whose rows are gone is found before anything is counted: the figures would be of part of the month.
        db.Cluster.Query(1, "DROP TABLE secpanel_alerts");
        var lost = OnCluster("--format", "json");
        Assert.Equal((2, ""), (lost.Code, lost.Stdout));
        Assert.Matches(@"the shards hold [0-9,]+ rows of alerts-2026-11-0[0-9]\.csv, but its load stored [0-9,]+; load the month again", lost.Stderr);

        var empty = BadRowTests.Run("traffic", "analyse", "--engine", "clickhouse", "--clickhouse", db.Urls, "--database", "default_nothing_here");
        Assert.Equal(2, empty.Code);

        var both = BadRowTests.Run("traffic", "analyse", Logs, "--engine", "clickhouse", "--clickhouse", db.Urls);
        Assert.Equal(2, both.Code);
        Assert.Contains("--engine clickhouse reads the cluster, not the folder", both.Stderr, StringComparison.Ordinal);
        var none = BadRowTests.Run("traffic", "analyse", "--engine", "clickhouse");
        Assert.Contains("name the shards with --clickhouse", none.Stderr, StringComparison.Ordinal);
        var month = OnCluster("--month", "2026-10");
        Assert.Equal(2, month.Code);
    }
}
