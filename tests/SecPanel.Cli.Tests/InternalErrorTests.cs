using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace SecPanel.Cli.Tests;

/// <summary>
/// A fault of SecPanel's rather than of the input: one line and exit code 1, never a stack trace
/// on the user's screen unless <c>--verbose</c> asks for it.
/// </summary>
public class InternalErrorTests
{
    private const string Hint = " (run with --verbose for the details)";

    /// <summary>
    /// Runs with a standard output that is already closed: writing to it throws an
    /// ObjectDisposedException, which no command expects, so it stands for any unexpected exception.
    /// </summary>
    private static (int Code, string Err) RunWithClosedOutput(params string[] args)
    {
        var stdout = new StringWriter();
        stdout.Dispose();
        using var stderr = new StringWriter();
        var code = SecPanelCommand.Run(args, stdout, stderr, new FakeClock(Instant.FromUtc(2026, 11, 28, 12, 0)));
        return (code, stderr.ToString());
    }

    [Fact]
    public void AnUnexpectedException_IsOneLine_WithExitCodeOne()
    {
        // Before, the exception left Run and .NET printed it, stack trace and all.
        var (code, error) = RunWithClosedOutput("calendar", "2018");
        Assert.Equal(1, code);
        Assert.StartsWith("secpanel: internal error: Cannot write to a closed TextWriter.", error, StringComparison.Ordinal);
        Assert.EndsWith(Hint + "\n", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verbose_AddsTheExceptionAndItsStackTrace()
    {
        var (code, error) = RunWithClosedOutput("--verbose", "calendar", "2018");
        Assert.Equal(1, code);
        var lines = error.TrimEnd('\n').Split('\n');
        Assert.StartsWith("secpanel: internal error: Cannot write to a closed TextWriter.", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(Hint, error, StringComparison.Ordinal);
        Assert.StartsWith("System.ObjectDisposedException: ", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.TrimStart().StartsWith("at SecPanel.Cli.", StringComparison.Ordinal));
    }

    [Fact]
    public void Verbose_GoesAnywhereOnTheCommandLine_AndChangesNothingElse()
    {
        Assert.Equal(Cli.Run("calendar", "2018"), Cli.Run("calendar", "2018", "--verbose"));
        Assert.Equal(Cli.Run("assess", "no-such-folder"), Cli.Run("assess", "no-such-folder", "--verbose"));
        Assert.Equal(1, RunWithClosedOutput("calendar", "--verbose", "2018").Code);
    }
}
