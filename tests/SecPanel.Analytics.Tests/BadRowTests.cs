using System.Text;
using NodaTime.Testing;
using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Logs;
using SecPanel.Cli;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Analytics.Tests;

/// <summary>Bad rows are counted and located, never dropped silently; --strict makes them fatal.</summary>
public sealed partial class BadRowTests : IDisposable
{
    private const string Header = "id,user,user_role,srv,smets,category,received,scheduled,responded,outcome";
    private const string Good = "SR1,SUP,supplier,4.1.1,2,on-demand,2026-11-02T10:00:00.000Z,,2026-11-02T10:00:05.000Z,success";
    private readonly TempFolder folder = new();

    public BadRowTests()
    {
        // Each bad row breaks one rule; the line numbers count the header as line 1.
        string[] lines =
        [
            Header,
            Good,                                                                                                    // 2: good
            "SR2,SUP,supplier,4.1.1,3,on-demand,2026-11-02T10:00:00.000Z,,,success",                              // 3: no SMETS3
            "SR3,SUP,supplier,4.1.1,2,on-demand,2026-11-02 10:00:00,,,success",                                   // 4: not the format
            "SR4,SUP,supplier,4.1.1,2,on-demand,2026-12-01T00:00:00.000Z,,,success",                              // 5: next month
            "SR5,SUP,supplier,4.1.1,2,on-demand,2026-11-02T10:00:00.000Z,,,success,extra",                        // 6: a value too many
            "SR6,SUP,supplier,1.1.1,2,future-dated,2026-11-02T10:00:00.000Z,,,success",                           // 7: future-dated without a schedule
            "SR7,,supplier,4.1.1,2,on-demand,2026-11-02T10:00:00.000Z,,,success",                                 // 8: no User
            "SR8,SUP,supplier,4.1.1,2,urgent,2026-11-02T10:00:00.000Z,,,success",                                 // 9: unknown category
            "SR9,SUP,supplier,4.1.1,2,on-demand,2026-11-02T10:00:00.000Z,,2026-11-02T09:59:59.999Z,success",      // 10: answered before asked
            "SR10,SUP,supplier,4.1.1,2,on-demand,2026-11-31T10:00:00.000Z,,,success",                             // 11: 31 November
            "SR11,SUP,supplier,4.1.1,2,on-demand,2026-11-02T24:00:00.000Z,,,success",                             // 12: hour 24
            "SR12,SUP,supplier,4.1.1,2,on-demand,2026-11-02T10:00:00.000Z,,,",                                    // 13: no outcome (the 11th bad row: counted, not shown)
            Good.Replace("SR1", "SR13", StringComparison.Ordinal),                                                   // 14: good
        ];
        File.WriteAllText(Path.Combine(folder.Path, "service-requests-2026-11-02.csv"), string.Join('\n', lines) + "\n");
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void BadRows_AreCountedAndTheFirstTenLocated()
    {
        var report = Traffic.Analyse(LogFile.InFolder(folder.Path).Value, Traffic.November);
        var file = Assert.Single(report.Files);
        Assert.Equal(13, file.Rows);
        Assert.Equal(11, file.BadRows);
        Assert.Equal(
            [
                "service-requests-2026-11-02.csv:3: field 'smets': '3' is not a SMETS generation (1 or 2)",
                "service-requests-2026-11-02.csv:4: field 'received': '2026-11-02 10:00:00' is not a timestamp of the form YYYY-MM-DDTHH:MM:SS.fffZ",
                "service-requests-2026-11-02.csv:5: field 'received': 2026-12-01T00:00:00.000Z is outside 2026-11: a row belongs to the month it was received",
                "service-requests-2026-11-02.csv:6: has 11 values but the header has 10 columns",
                "service-requests-2026-11-02.csv:7: field 'scheduled': '' is not a timestamp of the form YYYY-MM-DDTHH:MM:SS.fffZ (a future-dated request needs one)",
                "service-requests-2026-11-02.csv:8: field 'user': a value is required",
                "service-requests-2026-11-02.csv:9: field 'category': 'urgent' is not a category (on-demand, future-dated, scheduled)",
                "service-requests-2026-11-02.csv:10: field 'responded': the response is before the request was received",
                "service-requests-2026-11-02.csv:11: field 'received': '2026-11-31T10:00:00.000Z' is not a timestamp of the form YYYY-MM-DDTHH:MM:SS.fffZ",
                "service-requests-2026-11-02.csv:12: field 'received': '2026-11-02T24:00:00.000Z' is not a timestamp of the form YYYY-MM-DDTHH:MM:SS.fffZ",
            ],
            file.FirstBadRows.Select(p => p.ToString()));
        // The good rows are counted, the bad ones nowhere.
        Assert.Equal(2, report.Total.Sent);
        Assert.Equal((2L, 2L), (report.ServiceLevels[0].Within, report.ServiceLevels[0].Total));
    }

    [Fact]
    public void Cli_ReportsBadRowsOnStandardError_AndSucceeds()
    {
        var (code, stdout, stderr) = Run("traffic", "analyse", folder.Path);
        Assert.Equal(0, code);
        Assert.Contains("11 bad rows left out", stderr, StringComparison.Ordinal);
        Assert.Contains("service-requests-2026-11-02.csv:3: field 'smets'", stderr, StringComparison.Ordinal);
        Assert.Contains("1 files, 13 rows, 11 bad rows", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_Strict_MakesTheFirstBadRowFatal()
    {
        var (code, stdout, stderr) = Run("traffic", "analyse", folder.Path, "--strict");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal("secpanel: --strict: a bad row: service-requests-2026-11-02.csv:3: field 'smets': '3' is not a SMETS generation (1 or 2)\n", stderr.Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingColumn_RefusesTheFile_WithExit2()
    {
        File.WriteAllText(Path.Combine(folder.Path, "alerts-2026-11-02.csv"), "id,alert_code,recipient,generated,delivered\n");
        var (code, _, stderr) = Run("traffic", "analyse", folder.Path);
        Assert.Equal(2, code);
        Assert.Contains("alerts-2026-11-02.csv:1: the header lacks source", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alerts-2026-11-02.csv", "id,alert_code,recipient,generated,delivered,source,id\n", "alerts-2026-11-02.csv:1: the header names a column twice")] // crashed with an ArgumentException
    [InlineData("sr-forecasts-2026-11.csv", "month,user,srv,forecast,user\n2026-11,SUP,,5,SUP\n", "sr-forecasts-2026-11.csv:1: field 'user': the column is named twice in the header")]
    public void AHeaderNamingAColumnTwice_RefusesTheFile_WithExit2(string file, string text, string expected)
    {
        File.WriteAllText(Path.Combine(folder.Path, file), text);
        var (code, _, stderr) = Run("traffic", "analyse", folder.Path);
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("month,user,srv,forecast\n2026-11,SUP,,5000000000000000000\n2026-11,NET,,5000000000000000000\n", "sr-forecasts-2026-11.csv:3: field 'forecast': the Service Request forecasts of 2026-11 add up to more than 9,223,372,036,854,775,807")] // two Users: the report's total
    [InlineData("month,user,srv,forecast\n2026-11,SUP,4.1.1,5000000000000000000\n2026-11,SUP,1.1.1,5000000000000000000\n", "sr-forecasts-2026-11.csv:3: field 'forecast': the Service Request forecasts of 2026-11 add up to more than 9,223,372,036,854,775,807")] // one User's variants: its forecast
    public void ForecastsWhoseSumCannotBeHeld_AreRefusedWhereTheyOverflow(string forecasts, string expected)
    {
        File.WriteAllText(Path.Combine(folder.Path, "sr-forecasts-2026-11.csv"), forecasts);
        var (code, stdout, stderr) = Run("traffic", "analyse", folder.Path);
        Assert.Equal((2, string.Empty), (code, stdout));
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("exception", stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ANameTheStoreWouldRefuse_IsABadRow_NeverAUser_InEveryKindOfLog()
    {
        // Without --db, '-' (the total line's key as the audit trail writes it) was counted as a User.
        using var logs = new TempFolder();
        const string At = "2026-11-02T10:00:00.000Z";
        logs.Write("service-requests-2026-11-02.csv", $"{Header}\n{Good}\n" + Good.Replace(",SUP,", ",-,", StringComparison.Ordinal) + "\n" + Good.Replace(",SUP,", ",A/B,", StringComparison.Ordinal) + "\n" + Good.Replace(",SUP,", ",SUP ,", StringComparison.Ordinal) + "\n");
        logs.Write("alerts-2026-11-02.csv", $"id,alert_code,source,recipient,generated,delivered\nA1,8F3E,device,SUP,{At},\nA2,8F3E,device,-,{At},\n");
        logs.Write("csrs-2026-11-02.csv", $"id,subscriber,certificate_kind,received,issued\nC1,SUB,device,{At},\nC2,(SUB),device,{At},\n");

        var report = Traffic.Analyse(LogFile.InFolder(logs.Path).Value, Traffic.November);

        Assert.Equal(
            [
                "alerts-2026-11-02.csv:3: field 'recipient': '-' is not a User's name: a name starts with a letter or a digit (the total line leaves the User empty)",
                "csrs-2026-11-02.csv:3: field 'subscriber': '(SUB)' is not a User's name: a name starts with a letter or a digit (the total line leaves the User empty)",
                "service-requests-2026-11-02.csv:3: field 'user': '-' is not a User's name: a name starts with a letter or a digit (the total line leaves the User empty)",
                "service-requests-2026-11-02.csv:4: field 'user': 'A/B' holds '/'; a User's name holds letters, digits, spaces and . _ - & ( ) ' + only",
                "service-requests-2026-11-02.csv:5: field 'user': 'SUP ' ends with a space, so it would be stored as another User's name; take the space off", // a case file trims it: SUP twice
            ],
            report.Files.SelectMany(f => f.FirstBadRows).Select(p => p.ToString()));
        Assert.Equal(["SUP"], report.Users.Select(u => u.Key));
        Assert.Equal(["SUP"], report.UserProfiles.Select(u => u.User));
        Assert.Equal(["SUB"], report.Subscribers.Select(s => s.Key));
        Assert.Equal(2, report.System.Messages);

        var (code, stdout, stderr) = Run("traffic", "analyse", logs.Path, "--strict");
        Assert.Equal((2, string.Empty), (code, stdout));
        Assert.StartsWith("secpanel: --strict: a bad row: alerts-2026-11-02.csv:3: field 'recipient': '-' is not a User's name", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sr-forecasts-2026-11.csv", "month,user,srv,forecast\n2026-11,SUP,,5\n2026-11,-,,5\n", "sr-forecasts-2026-11.csv:3: field 'user': '-' is not a User's name")]            // would be a User line of its own
    [InlineData("sr-forecasts-2026-11.csv", "month,user,srv,forecast\n2026-11,SUP/X,4.1.1,5\n", "sr-forecasts-2026-11.csv:2: field 'user': 'SUP/X' holds '/'")]                     // a variant row alone makes its User's line
    [InlineData("csr-forecasts-2026-11.csv", "month,subscriber,forecast\n2026-11,-,5\n", "csr-forecasts-2026-11.csv:2: field 'subscriber': '-' is not a User's name")]
    [InlineData("sr-forecasts-2026-11.csv", "month,user,srv,forecast\n2026-11,Supplier \u0410,,5\n", "sr-forecasts-2026-11.csv:2: field 'user': 'Supplier \u0410' mixes Latin and Cyrillic letters")] // looks like Supplier A
    public void AForecastForANameTheStoreWouldRefuse_RefusesTheForecasts(string file, string text, string expected)
    {
        File.WriteAllText(Path.Combine(folder.Path, file), text);
        var (code, stdout, stderr) = Run("traffic", "analyse", folder.Path);
        Assert.Equal((2, string.Empty), (code, stdout));
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8_IsABadRow_NeverPartOfAName()
    {
        // A Latin-1 'é' (the one byte E9) made the User 'SUPPLIER-\uFFFD' and exit 0.
        using var logs = new TempFolder();
        var path = Path.Combine(logs.Path, "service-requests-2026-11-02.csv");
        File.WriteAllBytes(path, [
            .. Encoding.UTF8.GetBytes($"{Header}\n{Good}\n"),
            .. Encoding.Latin1.GetBytes(Good.Replace(",SUP,", ",SUPPLIER-\u00e9,", StringComparison.Ordinal) + "\n"),   // 3: in the User
            .. Encoding.UTF8.GetBytes(Good.Replace(",SUP,", ",SUPPLIER-\u00e9,", StringComparison.Ordinal) + "\n"),     // 4: the same name in UTF-8: good
            .. Encoding.Latin1.GetBytes(Good.Replace("SR1,", "SR\u00e9,", StringComparison.Ordinal) + "\n"),             // 5: in a value that names nothing
            .. Encoding.Latin1.GetBytes(Good.Replace("success", "succ\u00e8s", StringComparison.Ordinal) + "\n"),        // 6: in the last value
            .. Encoding.UTF8.GetBytes(Good.Replace("success", "succ\ufffds", StringComparison.Ordinal) + "\n"),          // 7: U+FFFD itself, what a decoder leaves for such bytes
        ]);
        File.WriteAllBytes(Path.Combine(logs.Path, "csrs-2026-11-02.csv"), [
            .. Encoding.UTF8.GetBytes("id,subscriber,certificate_kind,received,issued\nC1,SUB,device,2026-11-02T10:00:00.000Z,\n"),
            .. Encoding.Latin1.GetBytes("C2,SUB-\u00c9,device,2026-11-02T10:00:00.000Z,\n"),
        ]);

        var report = Traffic.Analyse(LogFile.InFolder(logs.Path).Value, Traffic.November);

        const string NotUtf8 = "not valid UTF-8: a byte that is no UTF-8 character (or U+FFFD, which stands for one); a log is written in UTF-8";
        Assert.Equal(
            [
                $"csrs-2026-11-02.csv:3: field 'subscriber': {NotUtf8}",
                $"service-requests-2026-11-02.csv:3: field 'user': {NotUtf8}",
                $"service-requests-2026-11-02.csv:5: field 'id': {NotUtf8}",
                $"service-requests-2026-11-02.csv:6: field 'outcome': {NotUtf8}",
                $"service-requests-2026-11-02.csv:7: field 'outcome': {NotUtf8}",
            ],
            report.Files.SelectMany(f => f.FirstBadRows).Select(p => p.ToString()));
        Assert.Equal(["SUP", "SUPPLIER-\u00e9"], report.Users.Select(u => u.Key));
        Assert.Equal(["SUB"], report.Subscribers.Select(u => u.Key));

        var (code, stdout, stderr) = Run("traffic", "analyse", logs.Path, "--strict");
        Assert.Equal((2, string.Empty), (code, stdout));
        Assert.StartsWith($"secpanel: --strict: a bad row: csrs-2026-11-02.csv:3: field 'subscriber': {NotUtf8}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8_InAForecastFile_IsRefusedWithItsLine()
    {
        File.WriteAllBytes(Path.Combine(folder.Path, "sr-forecasts-2026-11.csv"), [.. Encoding.UTF8.GetBytes("month,user,srv,forecast\n2026-11,SUP,,5\n"), .. Encoding.Latin1.GetBytes("2026-11,SUPPLIER-\u00e9,,5\n")]);
        var (code, stdout, stderr) = Run("traffic", "analyse", folder.Path);
        Assert.Equal((2, string.Empty), (code, stdout));
        Assert.Contains("sr-forecasts-2026-11.csv:3: not valid UTF-8", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(long.MaxValue)] // read whole
    [InlineData(4096)]          // read in parts: the line is counted from the file's start, not its part's
    public void ALineLongerThan16MiB_RefusesTheFile_WithItsLine(long partBytes)
    {
        // Sep's longest row: it threw NotSupportedException, unhandled.
        using var logs = new TempFolder();
        var lines = Enumerable.Range(0, 300).Select(i => Good.Replace("SR1,", $"SR{i},", StringComparison.Ordinal)).ToList();
        lines.Insert(200, Good + "," + new string('x', 17 << 20));
        logs.Write("service-requests-2026-11-02.csv", $"{Header}\n{string.Join('\n', lines)}\n");

        var report = new TrafficAnalyser(Traffic.Rules, Traffic.Targets) { PartBytes = partBytes }.Analyse(LogFile.InFolder(logs.Path).Value, Traffic.November);

        Assert.Equal($"service-requests-2026-11-02.csv:202: {LongLine}", Assert.Single(report.Problems).ToString());
    }

    [Fact]
    public void AHeaderOrForecastLineLongerThan16MiB_IsRefusedWithItsLine()
    {
        var xs = new string('x', 17 << 20);
        using (var gzip = new System.IO.Compression.GZipStream(File.Create(Path.Combine(folder.Path, "alerts-2026-11-02.csv.gz")), System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes($"id,alert_code,source,recipient,generated,delivered,{xs}\n"));
        }

        File.WriteAllText(Path.Combine(folder.Path, "sr-forecasts-2026-11.csv"), $"month,user,srv,forecast\n2026-11,SUP,,5\n2026-11,{xs},,5\n");

        var (code, stdout, stderr) = Run("traffic", "analyse", folder.Path, "--strict");

        Assert.Equal((2, string.Empty), (code, stdout));
        Assert.Equal(
            $"secpanel: 2 problems found:\n  sr-forecasts-2026-11.csv:3: the line is 17,825,803 characters long, more than the 16,000,000 SecPanel reads in one row\n  alerts-2026-11-02.csv.gz:1: {LongLine}\n",
            stderr.Replace("\r", "", StringComparison.Ordinal));
    }

    private const string LongLine = "longer than the longest line SecPanel reads, about 16 MiB (16,777,216 characters); is a line break missing?";

    internal static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = SecPanelCommand.Run([.. args, "--data", Repo.Data], stdout, stderr, new FakeClock(NodaTime.Instant.FromUtc(2026, 12, 1, 9, 0)));

        // The progress lines come every 5 seconds of real time, so whether there are any depends on
        // how busy the machine is: they are left out of what the tests compare.
        return (code, stdout.ToString(), string.Join('\n', stderr.ToString().Split('\n').Where(line => !Progress().IsMatch(line))));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^secpanel: read [0-9,]+ of [0-9,]+ files and parts of files, .* s\r?$")]
    private static partial System.Text.RegularExpressions.Regex Progress();
}
