using SecPanel.Testing;
using Xunit;

namespace SecPanel.Cli.Tests;

/// <summary><c>secpanel calendar feed</c> as a user runs it: what it says it wrote, and what it refuses, writing nothing.</summary>
public class CalendarFeedCommandTests
{
    [Fact]
    public void TheFeed_IsWritten_AndTheSameStoreGivesTheSameFile()
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "secpanel.db");
        Assert.Equal(0, Cli.Run("init", "--db", db).Code);
        Assert.Equal(0, Cli.Run("import", Repo.Sample, "--db", db).Code);
        var file = Path.Combine(temp.Path, "opsg.ics");
        var (code, output, error) = Cli.Run("calendar", "feed", "--db", db, "--out", file, "--committee", "OPSG", "--from", "2018-06-01", "--to", "2018-08-31", "--level", "RED");
        Assert.Equal((0, string.Empty), (code, error));
        Assert.Equal($"{file}: 15 events from 2018-06-01 to 2018-08-31 for OPSG, actions up to Red – Confidential\n", output);
        var first = File.ReadAllBytes(file);
        Assert.Equal(0, Cli.Run("calendar", "feed", "--db", db, "--out", file, "--committee", "OPSG", "--from", "2018-06-01", "--to", "2018-08-31", "--level", "RED").Code);
        Assert.Equal(first, File.ReadAllBytes(file));
        Assert.Contains("UID:action/OPSG/2018-06-26/A1@secpanel\r\n", System.Text.Encoding.UTF8.GetString(first), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--committee", "NOPE" }, "--committee: 'NOPE' is not a committee; the committees are OPSG, SSC, SMKI PMA, TABASC, TAG, Panel")]
    [InlineData(new[] { "--from", "2018-08-01", "--to", "2018-07-01" }, "--to: 2018-07-01 is before --from 2018-08-01")]
    [InlineData(new[] { "--from", "2018-02-30" }, "--from: '2018-02-30' is not a date of the form YYYY-MM-DD")]
    [InlineData(new[] { "--level", "PINK" }, "--level: 'PINK' is not RED, AMBER, GREEN or WHITE")]
    public void ABadOption_IsRefused_AndNoFileIsWritten(string[] options, string message)
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "secpanel.db");
        Assert.Equal(0, Cli.Run("init", "--db", db).Code);
        var file = Path.Combine(temp.Path, "feed.ics");
        var (code, output, error) = Cli.Run(["calendar", "feed", "--db", db, "--out", file, .. options]);
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Contains($"secpanel: {message}", error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }
}
