using NodaTime;
using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Logs;
using SecPanel.Cases;
using SecPanel.Maintenance;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Analytics.Tests;

/// <summary>
/// Availability from the outage logs, Planned Maintenance left out: minutes worked out by hand,
/// London windows against UTC logs in winter and summer, bad outage rows located, no log not
/// taken for no outage, and the command line's --maintenance and --db.
/// </summary>
public sealed class AvailabilityTests
{
    private const string Header = "id,service,started,ended\n";

    private static MaintenanceWindow Window(string id, string start, string end) =>
        new(id, "ssi", LocalDateTime.FromDateTime(DateTime.Parse(start, System.Globalization.CultureInfo.InvariantCulture)), LocalDateTime.FromDateTime(DateTime.Parse(end, System.Globalization.CultureInfo.InvariantCulture)), new LocalDate(2026, 1, 5), "");

    private static IReadOnlyList<LogFile> Logs(TempFolder folder, YearMonth month, string outages) => Logs(folder.Path, month, outages);

    private static IReadOnlyList<LogFile> Logs(string folder, YearMonth month, string outages)
    {
        Traffic.Generate(folder, meters: 20, seed: 3, month: month);
        File.WriteAllText(Path.Combine(folder, $"outages-{month.ToString("uuuu-MM", System.Globalization.CultureInfo.InvariantCulture)}.csv"), Header + outages);
        return LogFile.InFolder(folder).Value;
    }

    private static AvailabilityLine Ssi(TrafficReport report) => Assert.Single(report.Availability!);

    [Fact]
    public void November_MinutesTouchedByAnOutage_LessThoseOfAPlannedWindow()
    {
        using var folder = new TempFolder();
        var files = Logs(folder, Traffic.November,
            // 03:30 to 04:10 against a window to 04:00: 40 minutes touched, the last 10 outside it.
            "OUT-1,ssi,2026-11-08T03:30:00.000Z,2026-11-08T04:10:00.000Z\n"
            // Half a minute: the minute it touches is down; the end at 10:01:00.000 touches no more.
            + "OUT-2,ssi,2026-11-20T10:00:30.000Z,2026-11-20T10:01:00.000Z\n"
            // From October: its five minutes in November count.
            + "OUT-3,ssi,2026-10-31T23:50:00.000Z,2026-11-01T00:05:00.000Z\n");
        var analyser = new TrafficAnalyser(Traffic.Rules, Traffic.Targets) { Maintenance = [Window("PM-1", "2026-11-08T00:00", "2026-11-08T04:00")] };

        var report = analyser.Analyse(files, Traffic.November);

        Assert.True(report.Succeeded, string.Join("\n", report.Problems));
        var ssi = Ssi(report.Value);
        Assert.Equal(("ssi", "CPM6", 30 * 1440L, 240L, 10L + 1 + 5, 3), (ssi.Service.Key, ssi.Measure!.Key, ssi.Minutes, ssi.PlannedMinutes, ssi.UnavailableMinutes, ssi.Outages));
        Assert.Equal((43_200L - 240 - 16, 43_200L - 240), (ssi.Within, ssi.Total));
        Assert.Equal(42_944m * 100 / 42_960, ssi.Level);
        Assert.Equal(Performance.ServiceLevelResult.TargetMet, ssi.Result);
        var json = TrafficJson.Write(report.Value);
        Assert.Contains("\"plannedMaintenanceMinutes\": 240,", json, StringComparison.Ordinal);
        Assert.Contains("\"level\": 99.9628,", json, StringComparison.Ordinal);
        Assert.Contains("ssi      CPM6         240 m       3     16 m    42,944    42,960   99.9628    99.5      98  target-met", TrafficText.Table(report.Value), StringComparison.Ordinal);
    }

    [Fact]
    public void Summer_AWindowInLondonTime_CoversTheUtcHourBefore()
    {
        using var folder = new TempFolder();
        var july = new YearMonth(2026, 7);
        // 01:00 to 02:00 in London (BST) is 00:00 to 01:00 UTC: the outage inside it costs nothing; the one after costs its 3 minutes.
        var files = Logs(folder, july, "OUT-1,ssi,2026-07-05T00:30:00.000Z,2026-07-05T00:40:00.000Z\nOUT-2,ssi,2026-07-05T01:00:00.000Z,2026-07-05T01:02:59.999Z\n");
        var analyser = new TrafficAnalyser(Traffic.Rules, Traffic.Targets) { Maintenance = [Window("PM-1", "2026-07-05T01:00", "2026-07-05T02:00")] };

        var ssi = Ssi(analyser.Analyse(files, july).Value);

        Assert.Equal((60L, 3L), (ssi.PlannedMinutes, ssi.UnavailableMinutes));
    }

    [Fact]
    public void NoOutageLog_IsNotComputed_RatherThanShownAsWhollyAvailable()
    {
        using var folder = new TempFolder();
        var files = Traffic.Generate(folder.Path, meters: 20, seed: 3).Where(f => f.Kind != LogKind.Outages).ToList();

        var report = Traffic.Analyse(files, Traffic.November);

        Assert.Null(report.Availability);
        Assert.Contains("\"availability\": null,", TrafficJson.Write(report), StringComparison.Ordinal);
        Assert.Contains("not computed: the month has no outage log (outages-*)", TrafficText.Table(report), StringComparison.Ordinal);
        Assert.DoesNotContain("CPM6", ReportContent.PerformanceCsv(report), StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyOutageLog_IsAWhollyAvailableMonth()
    {
        using var folder = new TempFolder();
        var ssi = Ssi(Traffic.Analyse(Logs(folder, Traffic.November, ""), Traffic.November));
        Assert.Equal((43_200L, 43_200L, 100m), (ssi.Within, ssi.Total, ssi.Level));
    }

    [Theory]
    [InlineData("OUT-1,dsp,2026-11-08T03:30:00.000Z,2026-11-08T04:10:00.000Z", "field 'service': unknown service 'dsp'; the services with Planned Maintenance are ssi (planned-maintenance.csv)")]
    [InlineData("OUT-1,ssi,2026-11-08T03:30:00.000Z,2026-11-08T03:30:00.000Z", "field 'ended': 2026-11-08T03:30:00.000Z is not after the start 2026-11-08T03:30:00.000Z")]
    [InlineData("OUT-1,ssi,2026-10-08T03:30:00.000Z,2026-10-08T04:00:00.000Z", "field 'started': the outage is not in 2026-11; a month's file holds the outages that overlap the month")]
    [InlineData("OUT-1,ssi,2026-11-08 03:30,2026-11-08T04:00:00.000Z", "field 'started': '2026-11-08 03:30' is not a UTC time of the form yyyy-MM-ddTHH:mm:ss.fffZ")]
    [InlineData("OUT-1,ssi,2026-11-08T03:30:00.000Z,", "field 'ended': a value is required")]
    public void ABadOutageRow_RefusesTheMonth_AtItsLine(string row, string message)
    {
        using var folder = new TempFolder();
        var files = Logs(folder, Traffic.November, "OUT-0,ssi,2026-11-02T03:30:00.000Z,2026-11-02T03:31:00.000Z\n" + row + "\n");

        var report = new TrafficAnalyser(Traffic.Rules, Traffic.Targets).Analyse(files, Traffic.November);

        Assert.False(report.Succeeded);
        Assert.Equal($"outages-2026-11.csv:3: {message}", Assert.Single(report.Problems).ToString());
    }

    [Fact]
    public void AnOutageGivenTwice_IsRefused()
    {
        using var folder = new TempFolder();
        var files = Logs(folder, Traffic.November, "OUT-1,ssi,2026-11-02T03:30:00.000Z,2026-11-02T03:31:00.000Z\nOUT-1,ssi,2026-11-03T03:30:00.000Z,2026-11-03T03:31:00.000Z\n");
        var report = new TrafficAnalyser(Traffic.Rules, Traffic.Targets).Analyse(files, Traffic.November);
        Assert.Equal("outages-2026-11.csv:3: field 'id': the outage 'OUT-1' is already given (outages-2026-11.csv:2)", Assert.Single(report.Problems).ToString());
    }

    [Fact]
    public void Command_Maintenance_LeavesItsMinutesOut_AndIsRefusedWhereItCannotApply()
    {
        using var folder = new TempFolder();
        var logs = Path.Combine(folder.Path, "logs");
        Logs(logs, Traffic.November, "OUT-1,ssi,2026-11-08T03:30:00.000Z,2026-11-08T04:10:00.000Z\n");
        var windows = Path.Combine(folder.Path, "windows.csv");
        File.WriteAllText(windows, "id,service,start,end,notified,description\nPM-1,ssi,2026-11-08T00:00,2026-11-08T04:00,2026-10-01,upgrade\n");

        var without = BadRowTests.Run("traffic", "analyse", logs, "--format", "json");
        var with = BadRowTests.Run("traffic", "analyse", logs, "--maintenance", windows, "--format", "json");

        Assert.Equal((0, ""), (with.Code, with.Stderr));
        Assert.Contains("\"plannedMaintenanceMinutes\": 0,\n      \"outages\": 1,\n      \"unavailableMinutes\": 40,", without.Stdout.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"plannedMaintenanceMinutes\": 240,\n      \"outages\": 1,\n      \"unavailableMinutes\": 10,", with.Stdout.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);

        File.WriteAllText(windows, "id,service,start,end,notified,description\nPM-1,ssi,2026-11-08T04:00,2026-11-08T00:00,2026-10-01,upgrade\n");
        var bad = BadRowTests.Run("traffic", "analyse", logs, "--maintenance", windows);
        Assert.Equal(2, bad.Code);
        Assert.Contains($"{windows}:2: field 'end': 2026-11-08T00:00 is not after the start 2026-11-08T04:00", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal("", bad.Stdout);

        var missing = BadRowTests.Run("traffic", "analyse", logs, "--maintenance", Path.Combine(folder.Path, "none.csv"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("--maintenance: '", missing.Stderr, StringComparison.Ordinal);

        var db = Path.Combine(folder.Path, "secpanel.db");
        Assert.Equal(0, BadRowTests.Run("init", "--db", db).Code);
        var stored = BadRowTests.Run("traffic", "analyse", logs, "--db", db, "--maintenance", windows);
        Assert.Equal(2, stored.Code);
        Assert.Contains("--maintenance: with --db the store's Planned Maintenance windows are used", stored.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_Db_StoresTheAvailabilityAsCpm6_WithTheStoresWindowsLeftOut()
    {
        using var folder = new TempFolder();
        var logs = Path.Combine(folder.Path, "logs");
        Logs(logs, Traffic.November, "OUT-1,ssi,2026-11-08T03:30:00.000Z,2026-11-08T04:10:00.000Z\n");
        var db = Path.Combine(folder.Path, "secpanel.db");
        var month = Path.Combine(folder.Path, "month");
        Directory.CreateDirectory(month);
        File.WriteAllText(Path.Combine(month, CaseFolder.MeetingFile), "committee,meeting_date,previous_meeting_date\nOPSG,2027-01-26,2026-12-15\n");
        File.WriteAllText(Path.Combine(month, CaseFolder.DeliveriesFile), "obligation,period,delivered\nsr-variance,2026-11,2026-12-14\ncsr-variance,2026-11,2026-12-14\npmr,2026-11,2027-01-06\n");
        File.WriteAllText(Path.Combine(month, CaseFolder.MaintenanceFile), "id,service,start,end,notified,description\nPM-1,ssi,2026-11-08T00:00,2026-11-08T04:00,2026-10-01,upgrade\n");
        Assert.Equal(0, BadRowTests.Run("init", "--db", db).Code);
        var imported = BadRowTests.Run("import", month, "--db", db);
        Assert.True(imported.Code == 0, imported.Stderr);

        var analysed = BadRowTests.Run("traffic", "analyse", logs, "--db", db, "--as", "analyst");

        Assert.True(analysed.Code == 0, analysed.Stderr);
        var assessed = BadRowTests.Run("assess", "--db", db, "--committee", "OPSG", "--meeting", "2027-01-26", "--format", "json");
        using var document = System.Text.Json.JsonDocument.Parse(assessed.Stdout);
        var pmr = document.RootElement.GetProperty("reports").EnumerateArray().Single(r => r.GetProperty("obligation").GetString() == "pmr" && r.GetProperty("period").GetString() == "2026-11");
        var cpm6 = pmr.GetProperty("measures").EnumerateArray().Single(m => m.GetProperty("measure").GetString() == "CPM6");
        Assert.Equal((43_200L - 240 - 10, 43_200L - 240), (cpm6.GetProperty("within").GetInt64(), cpm6.GetProperty("total").GetInt64()));
    }
}
