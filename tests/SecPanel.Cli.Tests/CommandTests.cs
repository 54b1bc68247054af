using System.Text.Json;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Cli.Tests;

/// <summary>The secpanel command as a user runs it: output, standard error and exit code.</summary>
public class CommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    [Theory]
    [InlineData("pmr", "2018-04", "2018-06-06")] // the example
    [InlineData("sr-variance", "2018-04", "2018-05-15")]
    [InlineData("csr-variance", "2018-05", "2018-06-14")]
    [InlineData("quarterly-problem", "2018-Q1", "2018-04-30")]
    [InlineData("network-enhancement", "2018-H1", "2018-07-27")]
    [InlineData("rdp-incidents", "2018-05", "unspecified")]
    public void Due_PrintsTheDueDate(string obligation, string period, string expected)
    {
        var (code, output, error) = Run("due", obligation, period);
        Assert.Equal((0, expected + "\n", string.Empty), (code, output, error));
    }

    [Fact]
    public void Due_InScotland_UsesScottishHolidays()
    {
        // 10th Working Day after March 2018: England and Wales skip Easter Monday (16 April); Scotland does not (13 April).
        Assert.Equal("2018-04-16\n", Run("due", "sr-variance", "2018-03").Out);
        Assert.Equal("2018-04-13\n", Run("due", "sr-variance", "2018-03", "--region", "scotland").Out);
    }

    [Theory]
    [InlineData(new[] { "due", "pmr", "2018-Q2" }, "secpanel: '2018-Q2' is a quarter but the obligation is monthly")]
    [InlineData(new[] { "due", "pmrr", "2018-04" }, "secpanel: unknown obligation 'pmrr'")]
    [InlineData(new[] { "due", "pmr" }, "secpanel: Required argument 'period' missing")]
    [InlineData(new[] { "due", "pmr", "2018-04", "--region", "wales" }, "secpanel: unknown region 'wales'")]
    [InlineData(new[] { "calendar", "twenty" }, "secpanel: year: 'twenty' is not a whole number")]
    [InlineData(new[] { "assess", "no-such-folder" }, "secpanel: 1 problem found:\n  no-such-folder: case folder not found")]
    [InlineData(new[] { "assess", "x", "--format", "pdf" }, "secpanel: --format: 'pdf' is not one of table, json, markdown\n")]
    [InlineData(new[] { "frobnicate" }, "secpanel: unknown command 'frobnicate'; the commands are assess, backup, calendar, copy, due, export, forecast-quality, history, import, init, paper, remind, sample, serve, token, traffic, usa, user\n")]
    public void UsageAndInputErrors_ExitWith2AndAMessageOnStandardError(string[] args, string expected)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_ListsTheYearsHolidays_OneALine()
    {
        var (code, output, _) = Run("calendar", "2022");
        Assert.Equal(0, code);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(10, lines.Length);
        Assert.Equal("2022-09-19  Bank Holiday for the State Funeral of Queen Elizabeth II", lines[7]);
    }

    [Fact]
    public void Calendar_NorthernIreland_IncludesTheBoyne() =>
        Assert.Contains("2018-07-12  Battle of the Boyne", Run("calendar", "2018", "--region", "northern-ireland").Out, StringComparison.Ordinal);

    [Fact]
    public void Assess_Sample_Json_IsTheGoldenFileAndValidJson()
    {
        var (code, output, error) = Run("assess", Repo.Sample, "--committee", "OPSG", "--format", "json");
        Assert.Equal((0, string.Empty), (code, error));
        Assert.Equal(File.ReadAllText(Repo.Path("tests", "golden", "opsg-2018-06.json")), output);
        using var json = JsonDocument.Parse(output);
        var csr = json.RootElement.GetProperty("reports").EnumerateArray().Single(r => r.GetProperty("obligation").GetString() == "csr-variance");
        Assert.Equal(157.7m, csr.GetProperty("percentOfForecast").GetDecimal());
        Assert.True(csr.GetProperty("exception").GetBoolean());
    }

    [Fact]
    public void Assess_Sample_Table_ShowsEveryReport()
    {
        var (code, output, _) = Run("assess", Repo.Sample, "--committee", "OPSG");
        Assert.Equal(0, code);
        Assert.Contains("sr-variance          2018-04  2018-05-15   2018-05-24  late by 7 working days", output, StringComparison.Ordinal);
        Assert.Contains("157.7%", output, StringComparison.Ordinal);
        Assert.Equal(3, output.Split('\n').Count(l => l.Contains("not due", StringComparison.Ordinal)));
    }

    [Fact]
    public void Assess_CaseWithSeveralMeetings_NeedsTheMeetingNamed()
    {
        using var temp = new TempFolder().CopyFrom(Repo.Sample);
        File.AppendAllText(Path.Combine(temp.Path, "meeting.csv"), "OPSG,2018-05-22,2018-04-24,\n");
        var (code, _, error) = Run("assess", temp.Path, "--committee", "OPSG");
        Assert.Equal(2, code);
        Assert.Contains("2 meetings match; name one with --committee and --meeting (the meetings are OPSG 2018-05-22, OPSG 2018-06-26, Panel 2018-07-13, SMKI PMA 2018-06-19, SSC 2018-06-20, TABASC 2018-06-14, TAG 2018-06-27)", error, StringComparison.Ordinal);

        var june = Run("assess", temp.Path, "--committee", "OPSG", "--meeting", "2018-06-26", "--format", "json");
        Assert.Equal(File.ReadAllText(Repo.Path("tests", "golden", "opsg-2018-06.json")), june.Out);

        // At the May meeting, the March PMR and the April CSR report were considered, and the April SR report was outstanding.
        var may = Run("assess", temp.Path, "--committee", "opsg", "--meeting", "2018-05-22");
        Assert.Equal(0, may.Code);
        var sr = may.Out.Split('\n').Single(l => l.StartsWith("sr-variance", StringComparison.Ordinal));
        Assert.Contains("2018-04  2018-05-15", sr, StringComparison.Ordinal);
        Assert.Contains("outstanding (5 working days past due)", sr, StringComparison.Ordinal);
        Assert.Equal(2, Run("assess", temp.Path, "--committee", "OPSG", "--meeting", "2018-06-27").Code);
    }

    [Fact]
    public void Assess_TwiceOnTheSameCase_GivesTheSameBytes() =>
        Assert.Equal(Run("assess", Repo.Sample, "--committee", "OPSG", "--format", "markdown").Out, Run("assess", Repo.Sample, "--committee", "OPSG", "--format", "markdown").Out);

    [Fact]
    public void Assess_BadCase_ListsEveryProblemAndPrintsNoTable()
    {
        using var temp = new TempFolder().CopyFrom(Repo.Sample);
        File.AppendAllText(Path.Combine(temp.Path, "deliveries.csv"), "pmr,2018-05,2018-13-01,,\n");
        var (code, output, error) = Run("assess", temp.Path, "--committee", "OPSG");
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Contains("deliveries.csv:10: field 'delivered': '2018-13-01' is not a real date", error, StringComparison.Ordinal);
    }

    [Fact]
    public void DataOption_UsesTheUsersRules_AndRefusesABadFileWithItsLocation()
    {
        using var data = new TempFolder().CopyFrom(Repo.Data);
        File.AppendAllText(Path.Combine(data.Path, "calendar", "bank-holidays.csv"), "england-and-wales,2031-06-02,New proclamation,proclamation: test\n");
        // 2031 is now listed, and only with the new day.
        Assert.Equal("2031-06-02  New proclamation\n", Run("calendar", "2031", "--data", data.Path).Out);

        File.AppendAllText(Path.Combine(data.Path, "obligations.csv"), "new-report,New,,,weekly,timing not specified,none,,\n");
        var (code, _, error) = Run("due", "pmr", "2018-04", "--data", data.Path);
        Assert.Equal(2, code);
        Assert.Contains("obligations.csv:9: field 'cadence': unknown cadence 'weekly'", error, StringComparison.Ordinal);
    }
}
