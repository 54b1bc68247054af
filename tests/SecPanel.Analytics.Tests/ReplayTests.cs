using DuckDB.NET.Data;
using NodaTime;
using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Logs;
using SecPanel.Testing;
using SecPanel.Traffic;
using Xunit;

namespace SecPanel.Analytics.Tests;

/// <summary>
/// The replay under traffic management rules: against answers worked out by hand on small logs,
/// against DuckDB running plain SQL over a generated month and the rule files as written, and
/// merged from day files.
/// </summary>
public sealed class ReplayTests
{
    private const string SrHeader = "id,user,user_role,srv,smets,category,received,scheduled,responded,outcome";
    private const string AlertHeader = "id,alert_code,source,recipient,generated,delivered";

    /// <summary>Rules for 400 generated meters: thresholds a storm and the nightly peaks cross, changed mid-month, with a fixed allocation for part of it and a second exempt code from the 20th.</summary>
    private static readonly Dictionary<string, string> SmallCountry = new()
    {
        [TrafficRules.ThresholdsFile] = """
            service,from,until,capacity_per_minute,operating_threshold_per_minute,allocation,note
            service-requests,2026-01-01,2026-11-15,5,3,forecast-share,
            service-requests,2026-11-16,,6,4,forecast-share,
            alerts,2026-01-01,,4,2,,
            """,
        [TrafficRules.AllocationsFile] = """
            user,from,until,allocation_per_minute,note
            SUPPLIER-C,2026-11-10,2026-11-20,2,
            OTHER-1,2026-01-01,,1,
            """,
        [TrafficRules.ExemptFile] = """
            alert_code,from,until,note
            AD1,2026-01-01,,
            N12,2026-11-20,,
            """,
    };

    [Fact]
    public void Share_GivesWholeMessages_InProportion_LargestRemaindersFirst_FirstUserOnATie()
    {
        Assert.Equal([2, 2, 1], TrafficReplay.Share(5, [3, 3, 3], 9));
        Assert.Equal([1, 0, 9], TrafficReplay.Share(10, [1, 0, 9], 10));
        // 7 × 4/10 = 2.8, 7 × 6/10 = 4.2: 2 and 4, and the one left goes to the larger remainder.
        Assert.Equal([3, 4], TrafficReplay.Share(7, [4, 6], 10));
        Assert.Equal([0, 0], TrafficReplay.Share(0, [4, 6], 10));
    }

    [Fact]
    public void AMinuteAboveTheThreshold_ThrottlesUsersOverTheirAllocation_DownToTheThreshold_NeverBelowAnAllocation()
    {
        using var folder = new TempFolder();
        // Minute 00:00: A sends 10, B 2, C 1. Threshold 8, capacity 11; A's allocation 3, B's 5, C none.
        // Excess 13 − 8 = 5; what can be cut: A 7 over, B none, C 1 over: 8, so 5 are cut,
        // shared 7:1 → 4.375 and 0.625: 4 and 0, and the one left to C (remainder 5 against 3).
        // Minute 00:01: A sends 12 alone: excess 4, A over by 9: 4 cut; 12 is above capacity, 8 after.
        // Minute 00:03: B sends 8, at the threshold: nothing cut, and not a minute above it.
        var rows = new List<string>();
        rows.AddRange(Requests("A", "2026-11-03T00:00", 10));
        rows.AddRange(Requests("B", "2026-11-03T00:00", 2));
        rows.AddRange(Requests("C", "2026-11-03T00:00", 1));
        rows.AddRange(Requests("A", "2026-11-03T00:01", 12));
        rows.AddRange(Requests("B", "2026-11-03T00:03", 8));
        File.WriteAllLines(Path.Combine(folder.Path, "service-requests-2026-11-03.csv"), [SrHeader, .. rows]);
        var rules = Rules(folder, "service-requests,2026-01-01,,11,8,fixed,", "alerts,2026-01-01,,100,50,,", allocations: ["A,2026-01-01,,3,", "B,2026-01-01,,5,"]);

        var replay = Replay(folder.Path, rules).Requests;

        Assert.Equal((2, 2, 2, 9L, 0), (replay.MinutesAboveThreshold, replay.MinutesAboveCapacity, replay.MinutesCut, replay.Cut, replay.MinutesAboveCapacityAfter));
        Assert.Equal([(13L, 5L, 8L), (12L, 4L, 8L)], replay.Minutes.Select(m => (m.Messages, m.Cut, m.Admitted)));
        Assert.Equal(["A|8", "B|0", "C|1"], replay.Users.Select(u => $"{u.User}|{u.Cut}"));
        var a = replay.Users.Single(u => u.User == "A");
        Assert.Equal((22L, 12L, 2, 8L), (a.Messages, a.PeakPerMinute, a.MinutesCut, a.Cut));
        Assert.Equal([new AllocationSpan(new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 30), 3)], a.Allocations);
        Assert.Equal(0, replay.Users.Single(u => u.User == "B").Cut);
        var episode = Assert.Single(replay.Episodes);
        Assert.Equal((2 * 1440, (2 * 1440) + 1, 13L, 9L), (episode.FirstMinute, episode.LastMinute, episode.Peak, episode.Cut));
        Assert.Equal(["A", "C"], episode.Users);
    }

    [Fact]
    public void AnAlertStorm_DropsAlertsOfCodesNotExempt_DownToTheThreshold_AndNeverAnExemptOne()
    {
        using var folder = new TempFolder();
        // One minute: 6 alerts for A (3 of them AD1, exempt) and 2 for B. Threshold 3, capacity 5:
        // excess 5, but only 5 are not exempt (A 3, B 2): all 5 dropped, 3 let through.
        // Another minute: 7 AD1 alone: above capacity, nothing to drop, still above capacity after.
        var rows = new List<string>();
        rows.AddRange(Alerts("A", "8F3E", "2026-11-05T10:00", 3));
        rows.AddRange(Alerts("A", "AD1", "2026-11-05T10:00", 3));
        rows.AddRange(Alerts("B", "N12", "2026-11-05T10:00", 2));
        rows.AddRange(Alerts("B", "AD1", "2026-11-05T11:00", 7));
        File.WriteAllLines(Path.Combine(folder.Path, "alerts-2026-11-05.csv"), [AlertHeader, .. rows]);
        var rules = Rules(folder, "service-requests,2026-01-01,,11,8,fixed,", "alerts,2026-01-01,,5,3,,", exempt: ["AD1,2026-01-01,,"]);

        var replay = Replay(folder.Path, rules).Alerts;

        Assert.Equal((2, 2, 1, 5L, 1), (replay.MinutesAboveThreshold, replay.MinutesAboveCapacity, replay.MinutesCut, replay.Cut, replay.MinutesAboveCapacityAfter));
        Assert.Equal([(8L, 3L, 5L), (7L, 7L, 0L)], replay.Minutes.Select(m => (m.Messages, m.Exempt, m.Cut)));
        Assert.Equal(["A|3", "B|2"], replay.Users.Select(u => $"{u.User}|{u.Cut}"));
    }

    [Fact]
    public void RuleVersions_StartAtMidnightInLondon_NotInUtc()
    {
        using var folder = new TempFolder();
        // 2026-07-14T23:30Z is 00:30 on 15 July in London (BST): the version from the 15th applies.
        File.WriteAllLines(Path.Combine(folder.Path, "service-requests-2026-07-14.csv"), [SrHeader, .. Requests("A", "2026-07-14T23:30", 6), .. Requests("A", "2026-07-14T22:30", 6)]);
        var rules = Rules(
            folder,
            "service-requests,2026-01-01,2026-07-14,20,10,fixed,\nservice-requests,2026-07-15,,8,4,fixed,",
            "alerts,2026-01-01,,100,50,,");

        var replay = Replay(folder.Path, rules).Requests;

        var minute = Assert.Single(replay.Minutes);
        Assert.Equal(("2026-07-14T23:30Z", 4L, 2L), (Timestamp(minute.Minute), minute.Threshold, minute.Cut));
    }

    [Fact]
    public void DaysWithoutThresholds_AreCountedAsNotReplayed_NotSilentlyPassed()
    {
        using var folder = new TempFolder();
        File.WriteAllLines(Path.Combine(folder.Path, "service-requests-2026-11-03.csv"), [SrHeader, .. Requests("A", "2026-11-03T00:00", 50)]);
        var rules = Rules(folder, "service-requests,2026-11-10,,11,8,fixed,", "alerts,2026-01-01,,100,50,,");

        var replay = Replay(folder.Path, rules).Requests;

        Assert.Equal((9 * 1440, 0, 50L), (replay.MinutesWithoutRules, replay.MinutesAboveThreshold, replay.Peak));
        Assert.Contains("minutes not replayed, on days without thresholds in force: 12,960", TrafficReplayText.Table(Replay(folder.Path, rules)), StringComparison.Ordinal);
    }

    [Fact]
    public void AMonth_AgreesWithDuckDb_UsersThrottledAndAlertsDropped_WithVersionsAllocationsAndExemptions()
    {
        using var folder = new TempFolder();
        var files = Traffic.Generate(folder.Path, meters: 400, seed: 20_261_101);
        var (rulesFolder, rules) = SmallCountryRules(folder);
        var replay = Replay(files, rules);
        Assert.True(replay.Requests.Cut > 0 && replay.Alerts.Cut > 0, "the rules are meant to bite");
        Assert.Contains(replay.Requests.Users, u => u.User == "SUPPLIER-C" && u.Allocations.Count == 3);

        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        DuckDbOracle.Load(db, folder.Path, materialise: false);
        DuckDbOracle.Execute(db, DuckDbOracle.TrafficRules(rulesFolder));

        Assert.Equal(
            DuckDbOracle.Rows(db, DuckDbOracle.ReplayTotals("requests", 2026, 11)),
            [$"{replay.Requests.MinutesAboveThreshold}|{replay.Requests.MinutesAboveCapacity}|{replay.Requests.MinutesCut}|{replay.Requests.Cut}|{replay.Requests.MinutesAboveCapacityAfter}"]);
        Assert.Equal(DuckDbOracle.Rows(db, DuckDbOracle.ReplayUsers("requests", 2026, 11)), PerUser(replay.Requests));
        Assert.Equal(
            DuckDbOracle.Rows(db, DuckDbOracle.ReplayTotals("alerts", 2026, 11)),
            [$"{replay.Alerts.MinutesAboveThreshold}|{replay.Alerts.MinutesAboveCapacity}|{replay.Alerts.MinutesCut}|{replay.Alerts.Cut}|{replay.Alerts.MinutesAboveCapacityAfter}"]);
        Assert.Equal(DuckDbOracle.Rows(db, DuckDbOracle.ReplayUsers("alerts", 2026, 11)), PerUser(replay.Alerts));
    }

    [Fact]
    public void DayFilesCountedSeparatelyAndMerged_ReplayAsTheMonthReadAtOnce()
    {
        using var folder = new TempFolder();
        var files = Traffic.Generate(folder.Path, meters: 300, seed: 5);
        var (rulesFolder, rules) = SmallCountryRules(folder);
        var analyser = new TrafficAnalyser(Traffic.Rules, Traffic.Targets) { WatchedAlertCodes = TrafficReplay.Watched(rules, Traffic.November) };
        var forecasts = Forecasts.Read(files, Traffic.November).Value;
        var whole = TrafficReplay.Of(analyser.Count(files, Traffic.November).Value, forecasts, rules);
        var merged = new TrafficPartial(Traffic.November);
        foreach (var file in files.Where(f => f.Kind is LogKind.ServiceRequests or LogKind.Alerts).Reverse())
        {
            merged.Merge(analyser.Count([file], Traffic.November).Value);
        }

        Assert.True(whole.Requests.Cut > 0 && whole.Alerts.Cut > 0);
        // The files read differ (no CSR files in the merge): compare the services.
        Assert.Equal(Without(TrafficReplayText.Json(whole)), Without(TrafficReplayText.Json(TrafficReplay.Of(merged, forecasts, rules))));
    }

    /// <summary>The rules of <see cref="SmallCountry"/>, written into a folder "rules" of <paramref name="folder"/>.</summary>
    private static (string Folder, TrafficRules Rules) SmallCountryRules(TempFolder folder)
    {
        var rules = Path.Combine(folder.Path, "rules");
        Directory.CreateDirectory(rules);
        foreach (var (file, text) in SmallCountry)
        {
            File.WriteAllText(Path.Combine(rules, file), text + "\n");
        }

        return (rules, TrafficRules.Load(rules, "rules").Value);
    }

    private static string Without(string json) => json[..json.IndexOf("\"badRows\"", StringComparison.Ordinal)];

    private static List<string> PerUser(ServiceReplay service) =>
        [.. service.Users.Where(u => u.Cut > 0).Select(u => $"{u.User}|{u.Cut}|{u.MinutesCut}|{u.FirstMinute}|{u.LastMinute}")];

    private static string Timestamp(int minute) => Internals.Timestamp.FormatMinute(new YearMonth(2026, 7), minute);

    private static TrafficReplay Replay(string folder, TrafficRules rules) => Replay(LogFile.InFolder(folder).Value, rules);

    private static TrafficReplay Replay(IReadOnlyList<LogFile> files, TrafficRules rules)
    {
        var month = TrafficAnalyser.MonthOf(files, null, "logs").Value;
        var analyser = new TrafficAnalyser(Traffic.Rules, Traffic.Targets) { WatchedAlertCodes = TrafficReplay.Watched(rules, month) };
        var counted = analyser.Count(files, month);
        Assert.True(counted.Succeeded, string.Join("\n", counted.Problems));
        Assert.Equal(0, counted.Value.Files.Sum(f => f.BadRows));
        return TrafficReplay.Of(counted.Value, Forecasts.Read(files, month).Value, rules);
    }

    private static TrafficRules Rules(TempFolder folder, string requests, string alerts, string[]? allocations = null, string[]? exempt = null)
    {
        var rules = Path.Combine(folder.Path, "..", Path.GetFileName(folder.Path) + "-rules");
        Directory.CreateDirectory(rules);
        File.WriteAllText(Path.Combine(rules, TrafficRules.ThresholdsFile), $"service,from,until,capacity_per_minute,operating_threshold_per_minute,allocation,note\n{requests}\n{alerts}\n");
        File.WriteAllLines(Path.Combine(rules, TrafficRules.AllocationsFile), ["user,from,until,allocation_per_minute,note", .. allocations ?? []]);
        File.WriteAllLines(Path.Combine(rules, TrafficRules.ExemptFile), ["alert_code,from,until,note", .. exempt ?? []]);
        var loaded = TrafficRules.Load(rules, "rules");
        Directory.Delete(rules, recursive: true);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Problems));
        return loaded.Value;
    }

    private static IEnumerable<string> Requests(string user, string minute, int count) =>
        Enumerable.Range(0, count).Select(i => $"SR-{user}-{minute}-{i},{user},supplier,4.1.1,2,on-demand,{minute}:{i % 60:D2}.000Z,,{minute}:{i % 60:D2}.500Z,success");

    private static IEnumerable<string> Alerts(string user, string code, string minute, int count) =>
        Enumerable.Range(0, count).Select(i => $"AL-{user}-{code}-{minute}-{i},{code},device,{user},{minute}:{i % 60:D2}.000Z,{minute}:{i % 60:D2}.500Z");
}
