using SecPanel.Testing;
using Xunit;

namespace SecPanel.Cli.Tests;

/// <summary><c>secpanel sample generate</c> as a user runs it: a workspace the other commands accept, the same for the same arguments, and mistakes said in a line.</summary>
public class SampleCommandTests
{
    private static string[] Generate(string folder, params string[] more) =>
        ["sample", "generate", "--years", "2", "--users", "50", "--out", folder, .. more];

    [Fact]
    public void Generated_IsAssessed_AndImported_ByTheOtherCommands()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "ws");
        var (code, output, _) = Cli.Run(Generate(folder, "--seed", "3"));
        Assert.Equal(0, code);
        Assert.StartsWith($"{folder}: 24 months, 2024-11 to 2026-10, 50 Users, seed 3\n  meeting.csv ", output, StringComparison.Ordinal);

        var assessed = Cli.Run("assess", folder, "--committee", "OPSG", "--meeting", "2026-10-27");
        Assert.Equal((0, string.Empty), (assessed.Code, assessed.Err));
        Assert.StartsWith("OPSG meeting of 2026-10-27: DCC reports due or delivered after the meeting of 2026-09-22", assessed.Out, StringComparison.Ordinal);

        var db = Path.Combine(temp.Path, "secpanel.db");
        Assert.Equal(0, Cli.Run("init", "--db", db).Code);
        var imported = Cli.Run("import", folder, "--db", db);
        Assert.True(imported.Code == 0, imported.Err);
        var paper = Cli.Run("paper", "--db", db, "--panel-meeting", "100", "--date", "2026-10-09", "--paper", "1", "--out", Path.Combine(temp.Path, "paper"));
        Assert.True(paper.Code == 0, paper.Err);
    }

    [Fact]
    public void SameArguments_GiveTheSameBytes_TheSeedLeftOutIsOne_AnotherSeedOthers()
    {
        using var temp = new TempFolder();
        string Run(string name, params string[] more)
        {
            var folder = Path.Combine(temp.Path, name);
            Assert.Equal(0, Cli.Run(Generate(folder, more)).Code);
            return folder;
        }

        var left = Run("left");
        var one = Run("one", "--seed", "1", "--end", "2026-10");
        var two = Run("two", "--seed", "2");
        var files = Directory.GetFiles(left).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        Assert.Contains("variance.csv", files);
        Assert.All(files, f => Assert.Equal(File.ReadAllBytes(Path.Combine(left, f)), File.ReadAllBytes(Path.Combine(one, f))));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(left, "variance.csv")), File.ReadAllBytes(Path.Combine(two, "variance.csv")));
    }

    [Theory]
    [InlineData("--years", "0", "--years: 0 is not from 1 to 50")]   // nothing to generate
    [InlineData("--years", "51", "--years: 51 is not from 1 to 50")] // the upper bound
    [InlineData("--users", "0", "--users: 0 is not from 1 to 1,000,000 (the real number is in the hundreds)")]
    [InlineData("--users", "many", "--users: 'many' is not a whole number (one from 1 to 1,000,000 (the real number is in the hundreds) is wanted)")]
    public void NumbersOutOfRange_AreRefusedByName(string option, string value, string message)
    {
        using var temp = new TempFolder();
        var args = Generate(Path.Combine(temp.Path, "ws"));
        args[Array.IndexOf(args, option) + 1] = value;
        var (code, output, error) = Cli.Run(args);
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Equal($"secpanel: {message}\nRun 'secpanel --help' for usage.\n", error);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Theory]
    [InlineData("2", "2200-01", "--end: '2200-01' is outside the months SecPanel keeps: 1900-01 to 2199-12")]  // after the last date kept
    [InlineData("2", "1899-12", "--end: '1899-12' is outside the months SecPanel keeps: 1900-01 to 2199-12")]  // before the first
    [InlineData("5", "1904-06", "--end: 5 years ending 1904-06 would start in 1899-07, before 1900-01: SecPanel keeps dates from 1900 to 2199")] // the end is kept, the start is not
    [InlineData("1", "2026-13", "--end: '2026-13' is not a month of the form YYYY-MM")]
    [InlineData("1", "2026-1", "--end: '2026-1' is not a month of the form YYYY-MM")]
    public void MonthsOutsideTheKeptDates_AreRefusedInALine(string years, string end, string message)
    {
        using var temp = new TempFolder();
        var args = Generate(Path.Combine(temp.Path, "ws"), "--end", end);
        args[Array.IndexOf(args, "--years") + 1] = years;
        var (code, output, error) = Cli.Run(args);
        Assert.Equal((2, string.Empty, $"secpanel: {message}\n"), (code, output, error));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Out_AFile_IsRefusedInALine_AndLeftAlone()
    {
        using var temp = new TempFolder();
        var file = temp.Write("ws", "mine");
        var (code, output, error) = Cli.Run(Generate(file));
        Assert.Equal((2, string.Empty, $"secpanel: --out: '{file}' is a file, not a folder\n"), (code, output, error));
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public void Out_AFolderNotEmpty_IsRefusedInALine_AndLeftAlone()
    {
        using var temp = new TempFolder();
        var kept = temp.Write(Path.Combine("ws", "variance.csv"), "mine");
        var folder = Path.GetDirectoryName(kept)!;
        var (code, output, error) = Cli.Run(Generate(folder));
        Assert.Equal((2, string.Empty, $"secpanel: --out: '{folder}' is not empty; generate into a new folder\n"), (code, output, error));
        Assert.Equal(["variance.csv"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(kept));
    }
}
