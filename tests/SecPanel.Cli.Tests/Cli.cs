namespace SecPanel.Cli.Tests;

/// <summary>Runs the secpanel command in process, with the clock fixed at 2026-11-28 12:00 UTC.</summary>
internal static class Cli
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = SecPanelCommand.Run(args, stdout, stderr, new NodaTime.Testing.FakeClock(NodaTime.Instant.FromUtc(2026, 11, 28, 12, 0)));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
