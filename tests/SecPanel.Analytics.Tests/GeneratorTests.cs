using SecPanel.Analytics.Generation;
using SecPanel.Analytics.Logs;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Analytics.Tests;

public sealed class GeneratorTests
{
    [Fact]
    public void SameSeed_GivesTheSameBytes_AnotherSeedDoesNot()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        using var other = new TempFolder();
        Traffic.Generate(first.Path, meters: 150, seed: 42);
        Traffic.Generate(second.Path, meters: 150, seed: 42);
        Traffic.Generate(other.Path, meters: 150, seed: 43);
        var names = Directory.GetFiles(first.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(93, names.Count);
        Assert.Equal(names, Directory.GetFiles(second.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(names, n => Assert.Equal(File.ReadAllBytes(Path.Combine(first.Path, n!)), File.ReadAllBytes(Path.Combine(second.Path, n!))));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(first.Path, "service-requests-2026-11-01.csv")), File.ReadAllBytes(Path.Combine(other.Path, "service-requests-2026-11-01.csv")));
    }

    [Fact]
    public void DegreeOfParallelism_DoesNotChangeTheBytes()
    {
        using var one = new TempFolder();
        using var two = new TempFolder();
        using var four = new TempFolder();
        Traffic.Generate(one.Path, meters: 700, seed: 5, parallelism: 1);
        Traffic.Generate(two.Path, meters: 700, seed: 5, parallelism: 2);
        Traffic.Generate(four.Path, meters: 700, seed: 5, parallelism: 4);
        var names = Directory.GetFiles(one.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(93, names.Count);
        foreach (var other in new[] { two.Path, four.Path })
        {
            Assert.Equal(names, Directory.GetFiles(other).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.All(names, n => Assert.Equal(File.ReadAllBytes(Path.Combine(one.Path, n!)), File.ReadAllBytes(Path.Combine(other, n!))));
        }
    }

    [Fact]
    public void DayFiles_AreInTimeOrder_WithIdsInFileOrder()
    {
        using var folder = new TempFolder();
        Traffic.Generate(folder.Path, meters: 2_000, seed: 3);
        // The time column of each kind: received, generated, received.
        foreach (var (prefix, id, column) in new[] { ("service-requests", "SR", 6), ("alerts", "AL", 4), ("csrs", "CSR", 3) })
        {
            var files = Directory.GetFiles(folder.Path, $"{prefix}-2026-11-??.csv");
            Assert.Equal(30, files.Length);
            foreach (var file in files)
            {
                var date = Path.GetFileNameWithoutExtension(file)[^10..].Replace("-", "", StringComparison.Ordinal);
                var previous = "";
                var line = 0;
                foreach (var row in File.ReadLines(file).Skip(1))
                {
                    line++;
                    var fields = row.Split(',');
                    Assert.Equal($"{id}-{date}-{line:D7}", fields[0]);
                    Assert.True(string.CompareOrdinal(previous, fields[column]) <= 0, $"{Path.GetFileName(file)}:{line + 1} is before the row above it");
                    previous = fields[column];
                }
            }
        }
    }

    [Fact]
    public void Progress_IsReportedOncePerDay_UpToEveryMessage()
    {
        using var folder = new TempFolder();
        var reports = new List<GeneratorProgress>();
        var files = TrafficGenerator.Write(new GeneratorOptions(Traffic.November, 500, 8) { Parallelism = 2 }, Traffic.Targets, folder.Path, new Collect(reports));
        Assert.Equal(93, files.Count);
        Assert.Equal(Enumerable.Range(1, 30), reports.Select(r => r.DaysWritten));
        Assert.All(reports, r => Assert.Equal(30, r.Days));
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Messages <= p.Second.Messages));
        var report = Traffic.Analyse(LogFile.InFolder(folder.Path).Value, Traffic.November);
        Assert.Equal(report.System.Messages, reports[^1].Messages);
        Assert.Equal(report.Files.Where(f => f.Name.StartsWith("csrs-", StringComparison.Ordinal)).Sum(f => f.Rows), reports[^1].Csrs);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(TrafficGenerator.MaxMeters + 1)]
    public void Meters_OutOfRange_AreRefused(int meters)
    {
        using var folder = new TempFolder();
        Assert.Throws<ArgumentOutOfRangeException>(() => TrafficGenerator.Write(new GeneratorOptions(Traffic.November, meters, 1), Traffic.Targets, folder.Path));
    }

    [Fact]
    public void GeneratedMonth_LooksLikeNationalTraffic()
    {
        using var folder = new TempFolder();
        const int meters = 1_000;
        var report = Traffic.Analyse(Traffic.Generate(folder.Path, meters, seed: 9), Traffic.November);
        var rows = report.Files.Sum(f => f.Rows);
        // About 28 messages per meter per month, of which about 60% are the nightly daily reads.
        Assert.InRange(rows, 25L * meters, 31L * meters);
        var dailyReads = File.ReadLines(Path.Combine(folder.Path, "service-requests-2026-11-10.csv")).Count(l => l.Contains(",scheduled,", StringComparison.Ordinal));
        var day = report.Files.Where(f => f.Name.EndsWith("2026-11-10.csv", StringComparison.Ordinal)).Sum(f => f.Rows);
        Assert.InRange(dailyReads * 100 / day, 45, 72);
        // Users of very different sizes, some over and some under their forecasts, and one with none.
        Assert.True(report.Users.Max(u => u.Figure.Sent) > 20 * report.Users.Where(u => u.Figure.Sent > 0).Min(u => u.Figure.Sent));
        Assert.Contains(report.Users, u => u.Figure.PercentOfForecast > 100);
        Assert.Contains(report.Users, u => u.Figure.PercentOfForecast < 100);
        Assert.Contains(report.Users, u => u.Figure.Forecast is null);
        Assert.Equal(0, report.BadRows);
        Assert.All(LogFile.InFolder(folder.Path).Value, f => Assert.Equal(Traffic.November, f.Month));
    }

    [Fact]
    public void Growth_RaisesTheDailyVolume_EvenlyThroughTheMonth()
    {
        using var flat = new TempFolder();
        using var growing = new TempFolder();
        const int meters = 2_000;
        TrafficGenerator.Write(new GeneratorOptions(Traffic.November, meters, 4), Traffic.Targets, flat.Path);
        TrafficGenerator.Write(new GeneratorOptions(Traffic.November, meters, 4) { GrowthPerMille = 300 }, Traffic.Targets, growing.Path);
        long Rows(TempFolder folder, int day) => File.ReadLines(Path.Combine(folder.Path, $"service-requests-2026-11-{day:D2}.csv")).LongCount() - 1;

        // The first day is the same meters (and the same draws); by the last, 29/30 of 30% more.
        Assert.Equal(Rows(flat, 1), Rows(growing, 1));
        var ratio = (double)Rows(growing, 30) / Rows(flat, 30);
        Assert.InRange(ratio, 1.22, 1.36);
    }

    [Fact]
    public void AStorm_BringsASurgeOfTheVictimsServiceRequests_AndPowerOutageAlerts()
    {
        using var folder = new TempFolder();
        var report = Traffic.Analyse(Traffic.Generate(folder.Path, meters: 3_000, seed: 9), Traffic.November);
        // The storm's quarter of an hour is the system's busiest minute, with every meter of its victim
        // alerting and sending: well above the nightly peak of daily reads.
        var stormMinute = report.System.PeakMinute;
        var day = stormMinute / 1440 + 1;
        var alerts = File.ReadLines(Path.Combine(folder.Path, $"alerts-2026-11-{day:D2}.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var inStorm = alerts.Where(a => Minute(a[4]) >= (stormMinute % 1440) - 15 && Minute(a[4]) <= (stormMinute % 1440) + 15).ToList();
        var outage = inStorm.Count(a => a[1] == "AD1");
        Assert.InRange(outage * 100 / inStorm.Count, 15, 35);
        var requests = File.ReadLines(Path.Combine(folder.Path, $"service-requests-2026-11-{day:D2}.csv")).Skip(1).Select(l => l.Split(','))
            .Count(r => r[5] == "on-demand" && Minute(r[6]) == stormMinute % 1440);
        Assert.True(requests > 3 * report.Users.Count, $"{requests} on-demand requests in the storm's busiest minute");

        static int Minute(string timestamp) => (int.Parse(timestamp[11..13], System.Globalization.CultureInfo.InvariantCulture) * 60) + int.Parse(timestamp[14..16], System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class Collect(List<GeneratorProgress> reports) : IProgress<GeneratorProgress>
    {
        public void Report(GeneratorProgress value) => reports.Add(value);
    }
}
