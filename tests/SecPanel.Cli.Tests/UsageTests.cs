using SecPanel.Testing;
using Xunit;

namespace SecPanel.Cli.Tests;

/// <summary>Numbers out of range or not numbers, and misspelt options: one line that says which option and what is wanted.</summary>
public class UsageTests
{
    private static readonly string[] Paper = ["paper", "--panel-meeting", "58", "--date", "2018-07-13", "--paper", "20", "--out", "never-written"];

    private static string[] With(string[] args, string option, string value)
    {
        var copy = args.ToArray();
        copy[Array.IndexOf(copy, option) + 1] = value;
        return copy;
    }

    [Theory]
    [InlineData("--paper", "-1", "--paper: -1 is not from 1 to 999")]                 // negative: wrote SECP_58_1307_-1
    [InlineData("--paper", "0", "--paper: 0 is not from 1 to 999")]                   // papers are numbered from 1
    [InlineData("--paper", "1000", "--paper: 1000 is not from 1 to 999")]             // the upper bound
    [InlineData("--paper", "99999999999", "--paper: 99999999999 is not from 1 to 999")] // beyond an int: still the range, not a type name
    [InlineData("--panel-meeting", "-5", "--panel-meeting: -5 is not from 1 to 9,999")]
    [InlineData("--panel-meeting", "abc", "--panel-meeting: 'abc' is not a whole number (one from 1 to 9,999 is wanted)")]
    [InlineData("--panel-meeting", "5.5", "--panel-meeting: '5.5' is not a whole number (one from 1 to 9,999 is wanted)")]
    public void Paper_NumbersOutOfRangeOrNotNumbers_AreRefusedByName(string option, string value, string message)
    {
        using var temp = new TempFolder();
        var args = With(Paper, "--out", temp.Path);
        var (code, output, error) = Cli.Run([.. With(args, option, value), Repo.Sample]);
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Equal($"secpanel: {message}\nRun 'secpanel --help' for usage.\n", error);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Theory]
    [InlineData(new[] { "calendar", "twenty" }, "year: 'twenty' is not a whole number (one from 1900 to 2199 (the years SecPanel keeps) is wanted)")]
    [InlineData(new[] { "calendar", "0" }, "year: 0 is not from 1900 to 2199 (the years SecPanel keeps)")]
    [InlineData(new[] { "calendar", "9999" }, "year: 9999 is not from 1900 to 2199 (the years SecPanel keeps)")] // the far end: a typing mistake, not a year of reports
    [InlineData(new[] { "usa", "--role", "supplier", "--premises", "-1", "--year", "1" }, "--premises: -1 is not from 0 to 9,223,372,036,854,775,807")]
    [InlineData(new[] { "usa", "--role", "supplier", "--premises", "many", "--year", "1" }, "--premises: 'many' is not a whole number (one from 0 to 9,223,372,036,854,775,807 is wanted)")]
    [InlineData(new[] { "usa", "--role", "supplier", "--premises", "10", "--year", "4" }, "--year: 4 is not from 1 to 3")]
    [InlineData(new[] { "traffic", "generate", "--month", "2018-06", "--meters", "lots", "--out", "never-written" }, "--meters: 'lots' is not a whole number (one from 1 to 150,000,000 (national scale is about 107 million) is wanted)")]
    [InlineData(new[] { "traffic", "generate", "--month", "2018-06", "--meters", "10", "--seed", "-1", "--out", "never-written" }, "--seed: -1 is not from 0 to 18,446,744,073,709,551,615")]
    [InlineData(new[] { "traffic", "generate", "--month", "2018-06", "--meters", "10", "--seed", "x", "--out", "never-written" }, "--seed: 'x' is not a whole number (one from 0 to 18,446,744,073,709,551,615 is wanted)")]
    public void OtherCommands_NumbersOutOfRangeOrNotNumbers_AreRefusedByName(string[] args, string message)
    {
        var (code, output, error) = Cli.Run(args);
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Equal($"secpanel: {message}\nRun 'secpanel --help' for usage.\n", error);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "due", "pmr", "9999-12" }, "'9999-12' is outside the periods kept: SecPanel keeps dates from 1900 to 2199")] // crashed with an OverflowException
    [InlineData(new[] { "due", "pmr", "\uFF12\uFF10\uFF11\uFF18-04" }, "'\uFF12\uFF10\uFF11\uFF18-04' is not a period; write YYYY-MM, such as 2018-04")] // full-width digits: crashed with a FormatException
    [InlineData(new[] { "assess", "--meeting", "9999-12-31" }, "--meeting: '9999-12-31' is outside the dates kept: SecPanel keeps dates from 1900 to 2199")]
    [InlineData(new[] { "paper", "--panel-meeting", "58", "--date", "0001-07-13", "--paper", "20", "--out", "never-written" }, "--date: '0001-07-13' is outside the dates kept: SecPanel keeps dates from 1900 to 2199")]
    [InlineData(new[] { "traffic", "generate", "--month", "1969-12", "--meters", "10", "--out", "never-written" }, "--month: '1969-12' is outside the months of message logs: 1970-01 to 2199-12")] // its rows came out unreadable
    public void DatesOutsideTheKeptRange_AreRefusedOnTheCommandLine(string[] args, string message)
    {
        var (code, output, error) = Cli.Run(args);
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Equal($"secpanel: {message}\n", error);
        Assert.False(Directory.Exists("never-written"));
    }

    [Theory]
    [InlineData(new[] { "paper", "--levle", "RED" }, "unknown option '--levle'; did you mean '--level'?")]     // two letters swapped
    [InlineData(new[] { "paper", "--panel-meting", "58" }, "unknown option '--panel-meting'; did you mean '--panel-meeting'?")] // a letter left out of a long name
    [InlineData(new[] { "assess", "--formt", "json" }, "unknown option '--formt'; did you mean '--format'?")]  // a letter left out
    [InlineData(new[] { "assess", "--committee", "OPSG", "--formt" }, "unknown option '--formt'; did you mean '--format'?")] // taken as the case folder, with no other error
    [InlineData(new[] { "calendar", "2018", "--dta", "x" }, "unknown option '--dta'; did you mean '--data'?")] // an option of the root, good below it
    [InlineData(new[] { "traffic", "generate", "--meter", "10" }, "unknown option '--meter'; did you mean '--meters'?")]
    [InlineData(new[] { "sample", "generate", "--user", "10" }, "unknown option '--user'; did you mean '--users'?")]
    [InlineData(new[] { "usa", "--zzzzzzzz" }, "unknown option '--zzzzzzzz'; the options of usa are --as, --data, --db, --help, --premises, --role, --shared-resource, --verbose, --year")] // nothing near: the list
    public void MisspeltOption_IsNamed_WithTheNearestOption(string[] args, string message)
    {
        var (code, output, error) = Cli.Run(args);
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Equal($"secpanel: {message}\nRun 'secpanel --help' for usage.\n", error);
    }

    [Theory]
    [InlineData(new[] { "asess", "--committee", "OPSG" }, "unknown command 'asess'; did you mean 'assess'?")]       // a letter left out
    [InlineData(new[] { "traffic", "analyze", "logs" }, "unknown command 'analyze'; did you mean 'analyse'?")]      // the American spelling
    [InlineData(new[] { "sample", "genrate" }, "unknown command 'genrate'; did you mean 'generate'?")]          // a letter left out
    [InlineData(new[] { "traffic", "count" }, "unknown command 'count'; the commands are analyse, forecast, generate, load, replay, warn")]      // nothing near: the list
    [InlineData(new[] { "traffic", "analyse", "logs", "--format", "csv" }, "--format: 'csv' is not one of table, json")] // a value not allowed: one line naming the option
    public void MisspeltCommandOrValue_IsNamed_OnOneLine(string[] args, string message)
    {
        var (code, output, error) = Cli.Run(args);
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Equal($"secpanel: {message}\nRun 'secpanel --help' for usage.\n", error);
    }

    [Fact]
    public void Seed_LeftOut_IsOne()
    {
        using var temp = new TempFolder();
        var left = Path.Combine(temp.Path, "left");
        var one = Path.Combine(temp.Path, "one");
        Assert.Equal(0, Cli.Run("traffic", "generate", "--month", "2018-06", "--meters", "10", "--out", left).Code);
        Assert.Equal(0, Cli.Run("traffic", "generate", "--month", "2018-06", "--meters", "10", "--seed", "1", "--out", one).Code);
        var files = Directory.GetFiles(left).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Equal(File.ReadAllBytes(Path.Combine(one, f!)), File.ReadAllBytes(Path.Combine(left, f!))));
    }
}
