using SecPanel.Testing;
using Xunit;

namespace SecPanel.Analytics.Tests;

public sealed class CommandTests
{
    [Fact]
    public void GenerateThenAnalyse_GivesDeterministicJson()
    {
        using var folder = new TempFolder();
        var logs = Path.Combine(folder.Path, "logs");
        var (code, stdout, stderr) = BadRowTests.Run("traffic", "generate", "--month", "2026-02", "--meters", "120", "--seed", "5", "--out", logs);
        Assert.True(code == 0, stderr);
        Assert.Equal($"87 files in {logs}\n", stdout.Replace("\r", "", StringComparison.Ordinal));
        // Progress goes to standard error, a line per day written.
        var progress = stderr.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(28, progress.Length);
        Assert.All(progress, line => Assert.Matches(@"^secpanel: \d+ of 28 days written, [\d,]+ messages and [\d,]+ CSRs in [\d.]+ s \([\d,]+ messages/s\)$", line));
        Assert.StartsWith("secpanel: 28 of 28 days written, ", progress[^1], StringComparison.Ordinal);
        var first = BadRowTests.Run("traffic", "analyse", logs, "--format", "json");
        var second = BadRowTests.Run("traffic", "analyse", logs, "--month", "2026-02", "--format", "json");
        Assert.Equal((0, ""), (first.Code, first.Stderr));
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Contains("\"month\": \"2026-02\"", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"measure\": \"CPM3\"", first.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("150000001")]
    public void Generate_MetersOutOfRange_IsAUsageError(string meters)
    {
        using var folder = new TempFolder();
        var logs = Path.Combine(folder.Path, "logs");
        var (code, stdout, stderr) = BadRowTests.Run("traffic", "generate", "--month", "2026-11", "--meters", meters, "--out", logs);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"secpanel: --meters: {meters} is not from 1 to 150,000,000 (national scale is about 107 million)\nRun 'secpanel --help' for usage.\n", stderr.Replace("\r", "", StringComparison.Ordinal));
        Assert.False(Directory.Exists(logs));
    }

    [Theory]
    [InlineData("2026-13", "--month: '2026-13' is not a month of the form YYYY-MM")] // not a month
    [InlineData("2026-10", "no message logs for 2026-10")]                          // a month the folder lacks
    public void Analyse_BadMonth_IsAUsageError(string month, string message)
    {
        using var folder = new TempFolder();
        Traffic.Generate(folder.Path, meters: 20, seed: 1);
        var (code, _, stderr) = BadRowTests.Run("traffic", "analyse", folder.Path, "--month", month);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateAQuarter_ThenReplayAndForecast_NameWhoWouldHaveBeenThrottled_AndWhenTheThresholdIsReached()
    {
        using var folder = new TempFolder();
        var logs = Path.Combine(folder.Path, "logs");
        var generated = BadRowTests.Run("traffic", "generate", "--month", "2026-09", "--months", "3", "--growth", "5", "--meters", "20000", "--seed", "7", "--out", logs);
        Assert.True(generated.Code == 0, generated.Stderr);
        Assert.Equal($"{(90 + 3) + (93 + 3) + (90 + 3)} files in {logs}\n", generated.Stdout.Replace("\r", "", StringComparison.Ordinal));
        var rules = Repo.Path("samples", "traffic-rules");

        var table = BadRowTests.Run("traffic", "replay", logs, "--month", "2026-11", "--rules", rules);
        var json = BadRowTests.Run("traffic", "replay", logs, "--month", "2026-11", "--rules", rules, "--format", "json");
        var again = BadRowTests.Run("traffic", "replay", logs, "--month", "2026-11", "--rules", rules, "--format", "json");

        Assert.Equal((0, ""), (table.Code, table.Stderr));
        Assert.Equal(json.Stdout, again.Stdout);
        using var document = System.Text.Json.JsonDocument.Parse(json.Stdout);
        var requests = document.RootElement.GetProperty("serviceRequests");
        var deferred = requests.GetProperty("deferred").GetInt64();
        Assert.True(deferred > 0, "the storm's surge is throttled");
        Assert.Contains($"deferred {deferred:N0}", table.Stdout, StringComparison.Ordinal);
        var throttled = requests.GetProperty("users").EnumerateArray().Where(u => u.GetProperty("deferred").GetInt64() > 0).Select(u => u.GetProperty("user").GetString()!).ToList();
        Assert.NotEmpty(throttled);
        Assert.All(throttled, user => Assert.Contains($"\n  {user} ", table.Stdout, StringComparison.Ordinal));
        Assert.Equal(["AD1"], document.RootElement.GetProperty("rules").GetProperty("exemptAlertCodes").EnumerateArray().Select(c => c.GetString()));
        Assert.True(document.RootElement.GetProperty("alerts").GetProperty("dropped").GetInt64() > 0);

        // The quarter's daily peaks, growing: when the operating threshold is reached, and which Users reach their allocation.
        var forecast = BadRowTests.Run("traffic", "forecast", logs, "--rules", rules, "--format", "json");
        var forecastTable = BadRowTests.Run("traffic", "forecast", logs, "--rules", rules);
        Assert.Equal((0, ""), (forecast.Code, forecast.Stderr));
        using var time = System.Text.Json.JsonDocument.Parse(forecast.Stdout);
        Assert.Equal(["2026-09", "2026-10", "2026-11"], time.RootElement.GetProperty("months").EnumerateArray().Select(m => m.GetString()));
        var threshold = time.RootElement.GetProperty("serviceRequests").GetProperty("operatingThreshold");
        Assert.Equal(140, threshold.GetProperty("perMinute").GetInt64());
        var date = threshold.GetProperty("date").GetString()!;
        Assert.True(string.CompareOrdinal(date, "2026-12-01") > 0 && string.CompareOrdinal(date, "2027-12-01") <= 0, date);
        Assert.Contains($"operating threshold: 140 a minute, reached about {date} (80% interval: {threshold.GetProperty("earliest").GetString()} to ", forecastTable.Stdout, StringComparison.Ordinal);
        Assert.NotEmpty(time.RootElement.GetProperty("users").EnumerateArray());
        Assert.Equal(forecast.Stdout, BadRowTests.Run("traffic", "forecast", logs, "--rules", rules, "--format", "json").Stdout);

        // Raised at the next OPSG meeting in a store, with the DCC's action once the secretariat confirms; again, nothing changes.
        var db = Path.Combine(folder.Path, "secpanel.db");
        var meeting = Path.Combine(folder.Path, "opsg-2027-01");
        Directory.CreateDirectory(meeting);
        File.WriteAllText(Path.Combine(meeting, "meeting.csv"), "committee,meeting_date,previous_meeting_date\nOPSG,2026-11-24,2026-10-27\nOPSG,2027-01-26,2026-11-24\nPanel,2027-02-12,2027-01-15\n");
        Assert.Equal(0, BadRowTests.Run("init", "--db", db).Code);
        Assert.Equal(0, BadRowTests.Run("import", meeting, "--db", db).Code);
        string[] raise = ["traffic", "forecast", logs, "--rules", rules, "--db", db, "--as", "analyst", "--raise", "--confirm-action", "--on", "2026-12-02"];
        var raised = BadRowTests.Run(raise);
        Assert.True(raised.Code == 0, raised.Stderr);
        Assert.Contains("Raised at the OPSG meeting of 2027-01-26 in ", raised.Stdout, StringComparison.Ordinal);
        var store = SecPanel.Storage.Store.Open(SecPanel.Storage.StoreLocation.Parse(db, out _)!, new NodaTime.Testing.FakeClock(NodaTime.Instant.FromUtc(2026, 12, 2, 9, 0)));
        var records = store.Case().Case.Records;
        var item = Assert.Single(records.Items, i => i.Id == "TM-SR");
        Assert.Equal(("OPSG", new NodaTime.LocalDate(2027, 1, 26), "Traffic management: Service Requests and the operating threshold"), (item.Committee, item.MeetingDate, item.Title));
        Assert.Contains($"At that rate it reaches the operating threshold of 140 a minute about {date} (80% interval: {threshold.GetProperty("earliest").GetString()} to ", item.Text, StringComparison.Ordinal);
        var action = Assert.Single(records.Actions, a => a.Id == "TM-SR");
        Assert.Equal(("DCC", SecPanel.Records.ActionStatus.Open), (action.Owner, action.Status));
        Assert.Contains(store.AuditTrail(), e => e.Kind == "item" && e.Actor == "analyst" && e.Action == "insert");
        var raisedAgain = BadRowTests.Run(raise);
        Assert.Contains("item                             0        0        0          1", raisedAgain.Stdout, StringComparison.Ordinal);
        Assert.Contains("action                           0        0        0          1", raisedAgain.Stdout, StringComparison.Ordinal);

        // The item's outlook is stored with it, once: the quarter's 91 days observed, then the forecast past the latest likely crossing.
        var outlook = Assert.Single(store.TrafficOutlooksOf("OPSG", new NodaTime.LocalDate(2027, 1, 26)));
        Assert.Equal(("TM-SR", SecPanel.Traffic.TrafficService.ServiceRequests, 80), (outlook.Item, outlook.Service, outlook.ConfidencePercent));
        Assert.Equal((new NodaTime.LocalDate(2026, 9, 1), new NodaTime.LocalDate(2026, 11, 30), 91), (outlook.Observed.First().Date, outlook.Observed.Last().Date, outlook.Observed.Count()));
        var latest = threshold.GetProperty("latest").GetString();
        var chartEnd = NodaTime.Text.LocalDatePattern.Iso.Parse(latest ?? date!).Value.PlusDays(14);
        Assert.Equal(chartEnd > new NodaTime.LocalDate(2027, 11, 30) ? new NodaTime.LocalDate(2027, 11, 30) : chartEnd, outlook.Days[^1].Date);
        Assert.All(outlook.Forecast, d => Assert.True(d.Lower <= d.Expected && d.Expected <= d.Upper && d.Threshold == 140 && d.Capacity == 180, d.ToString()));
        Assert.Single(store.AuditTrail(), e => e.Kind == "traffic-outlook");

        // The Panel paper prints the item in OPSG's section with its chart beneath it.
        var paper = Path.Combine(folder.Path, "paper");
        Directory.CreateDirectory(paper);
        var built = BadRowTests.Run("paper", "--db", db, "--panel-meeting", "70", "--date", "2027-02-12", "--paper", "1", "--out", paper);
        Assert.True(built.Code == 0, built.Stderr);
        var markdown = File.ReadAllText(Assert.Single(Directory.GetFiles(paper, "SECP_70_*.md"), f => !f.Contains("Appendix", StringComparison.Ordinal)));
        var at = markdown.IndexOf("Traffic management: Service Requests and the operating threshold", StringComparison.Ordinal);
        Assert.True(at > 0, markdown);
        Assert.Contains("Service Requests: the busiest minute of each day, 1 September 2026 to 30 November 2026, and the forecast to ", markdown[at..], StringComparison.Ordinal);
        Assert.Contains("| November 2026 | ", markdown[at..], StringComparison.Ordinal);

        // After the last OPSG meeting in the store, there is nowhere to raise it: said, and nothing stored.
        var late = BadRowTests.Run([.. raise[..^1], "2027-02-01"]);
        Assert.Equal(2, late.Code);
        Assert.Contains("--raise: the store has no OPSG meeting on or after 2027-02-01; import the meeting (meeting.csv) first", late.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, BadRowTests.Run("traffic", "forecast", logs, "--raise").Code);
    }

    [Fact]
    public void Replay_WithABadRulesFolder_IsRefusedWithTheFileLineAndField_BeforeReadingLogs()
    {
        using var folder = new TempFolder();
        Traffic.Generate(folder.Path, meters: 20, seed: 1);
        var rules = Path.Combine(folder.Path, "rules");
        Directory.CreateDirectory(rules);
        foreach (var file in new[] { "traffic-thresholds.csv", "traffic-allocations.csv", "traffic-exempt-alerts.csv" })
        {
            File.Copy(Repo.Path("samples", "traffic-rules", file), Path.Combine(rules, file));
        }

        File.WriteAllText(Path.Combine(rules, "traffic-thresholds.csv"), "service,from,until,capacity_per_minute,operating_threshold_per_minute,allocation\nservice-requests,2026-01-01,,150,150,forecast-share\nalerts,2026-01-01,,100,60,\n");

        var (code, stdout, stderr) = BadRowTests.Run("traffic", "replay", folder.Path, "--rules", rules);

        Assert.Equal((2, ""), (code, stdout));
        Assert.Contains($"{rules}/traffic-thresholds.csv:2: field 'operating_threshold_per_minute': 150 is not below the capacity 150", stderr.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.Equal((2, true), (BadRowTests.Run("traffic", "replay", folder.Path, "--rules", Path.Combine(folder.Path, "none")).Code, true));
    }

    [Theory]
    [InlineData("101", "--growth: 101 is not a percentage from 0 to 100 with at most one decimal place")]
    [InlineData("2.25", "--growth: 2.25 is not a percentage from 0 to 100 with at most one decimal place")]
    public void Generate_BadGrowth_IsAUsageError(string growth, string message)
    {
        using var folder = new TempFolder();
        var logs = Path.Combine(folder.Path, "logs");
        var (code, _, stderr) = BadRowTests.Run("traffic", "generate", "--month", "2026-11", "--meters", "10", "--growth", growth, "--out", logs);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(logs));
    }
}
