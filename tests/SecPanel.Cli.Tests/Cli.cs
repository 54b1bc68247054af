namespace SecPanel.Cli.Tests;

/// <summary>Runs the secpanel command in process, with the clock fixed at 2026-11-28 12:00 UTC and nothing on standard input.</summary>
internal static class Cli
{
    public static (int Code, string Out, string Err) Run(params string[] args) => RunWithInput(string.Empty, args);

    /// <summary>Runs the command with <paramref name="input"/> as its standard input.</summary>
    public static (int Code, string Out, string Err) RunWithInput(string input, params string[] args)
    {
        using var stdin = new StringReader(input);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = SecPanelCommand.Run(args, stdout, stderr, new NodaTime.Testing.FakeClock(NodaTime.Instant.FromUtc(2026, 11, 28, 12, 0)), stdin);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
