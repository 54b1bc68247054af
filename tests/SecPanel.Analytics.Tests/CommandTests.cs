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
        var first = BadRowTests.Run("traffic", "analyse", logs, "--format", "json");
        var second = BadRowTests.Run("traffic", "analyse", logs, "--month", "2026-02", "--format", "json");
        Assert.Equal((0, ""), (first.Code, first.Stderr));
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Contains("\"month\": \"2026-02\"", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"measure\": \"CPM3\"", first.Stdout, StringComparison.Ordinal);
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
