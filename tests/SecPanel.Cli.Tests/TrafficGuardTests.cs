using Xunit;

namespace SecPanel.Cli.Tests;

/// <summary>Whatever escapes a traffic command ends in one line and an exit code, never in a stack trace.</summary>
public sealed class TrafficGuardTests
{
    [Fact]
    public void AFaultOfSecPanel_IsOneLine_WithExit1()
    {
        using var stderr = new StringWriter();
        var code = TrafficCommand.Guarded(stderr, () => throw new InvalidOperationException("two\nlines"));
        Assert.Equal((1, "secpanel: internal error, a fault of SecPanel rather than of the input: InvalidOperationException: two lines\n"), (code, stderr.ToString().Replace("\r", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void AFileThatFailsOnAWorkerThread_IsAnInputError_WithExit2()
    {
        // Logs are read in Parallel.For, which wraps what its workers throw in an AggregateException.
        using var stderr = new StringWriter();
        var code = TrafficCommand.Guarded(stderr, () =>
        {
            Parallel.For(0, 2, _ => throw new IOException("the disk is gone"));
            return 0;
        });
        Assert.Equal((2, "secpanel: the disk is gone\n"), (code, stderr.ToString().Replace("\r", "", StringComparison.Ordinal)));
    }
}
