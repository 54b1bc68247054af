using SecPanel.Testing;
using Xunit;

namespace SecPanel.Cli.Tests;

/// <summary>The store commands as a user runs them, on a SQLite store in a temporary folder.</summary>
public class StoreCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Cli.Run(args);

    [Fact]
    public void InitImportAssess_GivesTheSameTableAsTheCaseFolder()
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "secpanel.db");
        var init = Run("init", "--db", db);
        Assert.Equal(0, init.Code);
        Assert.Contains("holiday", init.Out, StringComparison.Ordinal);
        Assert.Equal(0, Run("import", Repo.Sample, "--db", db, "--as", "analyst").Code);
        var fromStore = Run("assess", "--db", db, "--committee", "OPSG", "--meeting", "2018-06-26", "--format", "markdown");
        Assert.Equal((0, File.ReadAllText(Repo.Path("tests", "golden", "opsg-2018-06.md"))), (fromStore.Code, fromStore.Out));

        var history = Run("history", "delivery", "sr-variance/2018-04", "--db", db);
        Assert.Equal("2026-11-28T12:00:00Z  analyst  insert  obligation=sr-variance, period=2018-04, delivered=2018-05-24\n", history.Out);
    }

    [Fact]
    public void Import_BadFile_Exits2_SaysNothingWasImported_AndWhere()
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "secpanel.db");
        Run("init", "--db", db);
        var file = temp.Write("deliveries.csv", "obligation,period,delivered\npmr,2018-04,2018-02-30\n");
        var (code, output, error) = Run("import", file, "--db", db);
        Assert.Equal((2, string.Empty), (code, output));
        Assert.Contains("nothing was imported; the store is unchanged", error, StringComparison.Ordinal);
        Assert.Contains($"{file}:2: field 'delivered': '2018-02-30' is not a real date", error, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreCommands_WithoutAStore_SayHowToMakeOne()
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "none.db");
        var (code, _, error) = Run("assess", "--db", db);
        Assert.Equal(2, code);
        Assert.Equal($"secpanel: {db}: no store here; create one with 'secpanel init --db {db}'\n", error);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public void Export_IntoAFolderThatIsNotEmpty_IsRefused()
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "secpanel.db");
        Run("init", "--db", db);
        temp.Write(Path.Combine("out", "keep.txt"), "mine");
        var (code, _, error) = Run("export", "--db", db, "--out", Path.Combine(temp.Path, "out"));
        Assert.Equal(2, code);
        Assert.Contains("the folder is not empty", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_UnknownMeeting_ListsTheMeetings()
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "secpanel.db");
        Run("init", "--db", db);
        Run("import", Repo.Sample, "--db", db);
        var (code, _, error) = Run("assess", "--db", db, "--committee", "OPSG", "--meeting", "2018-06-27");
        Assert.Equal(2, code);
        Assert.Contains("no such meeting; the meetings are OPSG 2018-06-26, Panel 2018-07-13", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UserFiguresWhoseSumCannotBeHeld_AreRefused_ByAssessAndImport()
    {
        // Two Users of 5,000,000,000,000,000,000 and no total: the assessment's sum overflowed.
        using var temp = new TempFolder().CopyFrom(Repo.Sample);
        var variance = Path.Combine(temp.Path, "variance.csv");
        File.WriteAllText(variance, "obligation,period,user,sent,forecast\nsr-variance,2018-05,A,5000000000000000000,1\nsr-variance,2018-05,B,5000000000000000000,1\n");
        var expected = $"{temp.Path}/variance.csv:3: field 'sent': the per-User figures of sr-variance 2018-05 add up to more than 9,223,372,036,854,775,807";

        var assess = Run("assess", temp.Path, "--committee", "OPSG");
        Assert.Equal((2, string.Empty), (assess.Code, assess.Out));
        Assert.Contains(expected, assess.Err, StringComparison.Ordinal);

        var db = Path.Combine(temp.Path, "secpanel.db");
        Assert.Equal(0, Run("init", "--db", db).Code);
        var import = Run("import", temp.Path, "--db", db);
        Assert.Equal((2, string.Empty), (import.Code, import.Out));
        Assert.Contains("nothing was imported", import.Err, StringComparison.Ordinal);
        Assert.Contains("variance.csv:3: field 'sent': the per-User figures of sr-variance 2018-05 add up to more than", import.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void BadPostgresUrl_IsAUsageError() =>
        Assert.Equal(2, Run("assess", "--db", "postgres://nohost").Code);

    [Theory]
    [InlineData("mallory\n2026-12-01T09:00:00Z  auditor  update  delivered: 2018-06-14 -> 2018-06-13", "--as: 'mallory\\n2026-12-01T09:00:00Z  auditor  update  delivered: 2018-06-14 -> 2018-06-13' holds the invisible character U+000A; a name is one line of visible text")] // a forged second entry
    [InlineData("eve\u202E", "--as: 'eve\\u202E' holds the invisible character U+202E")] // a direction override
    [InlineData("", "--as: a name is required")]
    [InlineData("   ", "--as: a name is required")]
    public void AnActorThatCouldForgeOrHideTheTrail_IsRefused_AndNothingIsWritten(string actor, string expected)
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "store.db");
        Assert.Equal(0, Run("init", "--db", db).Code);
        var (code, _, error) = Run("import", Repo.Sample, "--db", db, "--as", actor);
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(2, Run("history", "delivery", "sr-variance/2018-04", "--db", db).Code); // nothing imported
    }

    [Theory]
    [InlineData("Deliveries.csv", "is not a file SecPanel reads; did you mean 'deliveries.csv'?")] // a capital: skipped silently before
    [InlineData("deliveries.csv ", "is not a file SecPanel reads; did you mean 'deliveries.csv'?")] // a trailing space
    [InlineData("deliverys.csv", "is not a file SecPanel reads; did you mean 'deliveries.csv'?")] // a letter wrong
    [InlineData("minutes-of-june.csv", "is not a file SecPanel reads here; the files are ")] // no name near it
    public void ACaseFileSecPanelWouldSkip_IsNamed_WithTheNameMeant_AndNothingIsImported(string name, string expected)
    {
        using var temp = new TempFolder();
        var folder = new TempFolder().CopyFrom(Repo.Sample);
        File.Move(Path.Combine(folder.Path, "deliveries.csv"), Path.Combine(folder.Path, name));
        var db = Path.Combine(temp.Path, "store.db");
        Assert.Equal(0, Run("init", "--db", db).Code);
        var (code, _, error) = Run("import", folder.Path, "--db", db);
        Assert.Equal(2, code);
        Assert.Contains($"{folder.Path}/{name}: {expected}", error, StringComparison.Ordinal);
        Assert.Equal(2, Run("history", "meeting", "OPSG/2018-06-26", "--db", db).Code); // nothing imported
        folder.Dispose();
    }
}
