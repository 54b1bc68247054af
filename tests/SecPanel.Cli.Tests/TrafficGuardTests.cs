using Xunit;

namespace SecPanel.Cli.Tests;

/// <summary>What a traffic command's threads throw reaches the command line's handler as itself, not wrapped.</summary>
public sealed class TrafficGuardTests
{
    [Fact]
    public void AFileThatFailsOnAWorkerThread_IsThrownAsItself()
    {
        // Logs are read in Parallel.For, which wraps what its workers throw in an AggregateException;
        // unwrapped, the handler says it as an input error (exit 2), not an internal one.
        var thrown = Assert.Throws<IOException>(() => TrafficCommand.Guarded(() =>
        {
            Parallel.For(0, 2, _ => throw new IOException("the disk is gone"));
            return 0;
        }));
        Assert.Equal("the disk is gone", thrown.Message);
    }

    [Fact]
    public void AFaultOnTheCommandsOwnThread_PassesThrough() =>
        Assert.Equal("two\nlines", Assert.Throws<InvalidOperationException>(() => TrafficCommand.Guarded(() => throw new InvalidOperationException("two\nlines"))).Message);
}
