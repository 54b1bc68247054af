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
        Assert.Equal($"86 files in {logs}\n", stdout.Replace("\r", "", StringComparison.Ordinal));
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
}
