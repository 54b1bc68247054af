using SecPanel.Records;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Storage.Tests;

/// <summary>
/// The import's guards for writes through the server: a dry run that validates and counts without
/// writing, the row version an edit expects (If-Match), and a writer who may not see every record.
/// </summary>
public sealed class GuardedImportTests
{
    private const string ActionsHeader = "committee,meeting_date,id,title,owner,due,status,text,closed,classification,public_summary\n";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void ADryRun_CountsWhatTheImportWouldWrite_AndWritesNothing(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        var before = Dump.Of(store);

        var dry = store.Import(Workspaces.Year, new ImportOptions("tester") { DryRun = true });
        Assert.True(dry.Succeeded, string.Join("\n", dry.Problems));
        Assert.Equal(before, Dump.Of(store));

        var real = store.Import(Workspaces.Year, new ImportOptions("tester"));
        Assert.Equal(real.Counts, dry.Counts);
        Assert.Contains(real.Counts, c => c.Kind == "action" && c.Inserted > 0);

        // A dry run with problems gives the same problems as the import would.
        var changed = Texts("actions.csv", ActionsHeader + "OPSG,2025-11-25,A1,Feedback from Members,Chair,2025-12,open,Changed.,,WHITE,\n");
        var after = Dump.Of(store);
        var refused = store.Import(changed, new ImportOptions("tester") { DryRun = true });
        Assert.Equal(store.Import(changed, new ImportOptions("tester")).Problems, refused.Problems);
        Assert.Contains("already stored with other values", Assert.Single(refused.Problems).Message);
        Assert.Equal(after, Dump.Of(store));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void AnEdit_GoesAheadOnlyAtTheVersionItExpects(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Workspaces.Year, new ImportOptions("tester")).Succeeded);
        string[] key = ["OPSG", "2025-11-25", "A1"];
        var version = store.ReadRecord("action", Access.Everything, key)!.Version;
        var edit = Texts("actions.csv", ActionsHeader + "OPSG,2025-11-25,A1,Feedback from Members,Chair,2025-12,done,Members to provide feedback via SECAS before the next meeting.,2026-03-25,WHITE,\n");
        var before = Dump.Of(store);

        var stale = store.Import(edit, new ImportOptions("tester", AllowUpdates: true) { Expect = new ImportExpectation("action", key, version + 1) });
        Assert.True(stale.Stale);
        Assert.Contains($"has changed since it was read: it is at version {version}, not {version + 1}", Assert.Single(stale.Problems).Message);
        var exists = store.Import(edit, new ImportOptions("tester", AllowUpdates: true) { Expect = new ImportExpectation("action", key, null) });
        Assert.True(exists.Stale);
        Assert.Equal(before, Dump.Of(store));

        var done = store.Import(edit, new ImportOptions("tester", AllowUpdates: true) { Expect = new ImportExpectation("action", key, version) });
        Assert.True(done.Succeeded, string.Join("\n", done.Problems));
        Assert.Equal(version + 1, store.ReadRecord("action", Access.Everything, key)!.Version);

        // A new record expects to be absent; a record that is gone is stale too.
        var added = Texts("actions.csv", ActionsHeader + "OPSG,2025-11-25,A99,New,Chair,2025-12,open,Text.,,WHITE,\n");
        var gone = store.Import(added, new ImportOptions("tester") { Expect = new ImportExpectation("action", ["OPSG", "2025-11-25", "A99"], 3) });
        Assert.True(gone.Stale);
        Assert.Contains("is no longer stored", Assert.Single(gone.Problems).Message);
        Assert.True(store.Import(added, new ImportOptions("tester") { Expect = new ImportExpectation("action", ["OPSG", "2025-11-25", "A99"], null) }).Succeeded);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void AWriter_MayWriteOnlyWhatItMaySee_AndIsNotShownStoredRecordsItMayNot(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Workspaces.Year, new ImportOptions("tester")).Succeeded);
        var amber = new Access(Tlp.Amber, null);
        var before = Dump.Of(store);

        // A record it would classify above its clearance.
        var red = store.Import(Texts("actions.csv", ActionsHeader + "OPSG,2025-11-25,A98,New,Chair,2025-12,open,Text.,,RED,\n"), new ImportOptions("secretary") { Writer = amber });
        var problem = Assert.Single(red.Problems);
        Assert.Equal(("actions.csv", 2), (problem.File, problem.Line));
        Assert.Contains("would be a RED record of OPSG, which this account may not see", problem.Message);

        // A stored record above its clearance, even when written down to a level it may see.
        var hidden = store.ReadRecords("item", Access.Everything, new Dictionary<string, string>(), 0, 10_000).Records.First(r => r.Level == Tlp.Red && r.Committee == "Panel");
        var fields = string.Join(",", Store.RecordColumns("item").Select(c => c == "classification" ? "WHITE" : Csv(hidden.Fields[c])));
        var declassify = store.Import(Texts("items.csv", string.Join(",", Store.RecordColumns("item")) + "\n" + fields + "\n"), new ImportOptions("secretary", AllowUpdates: true) { Writer = amber });
        Assert.Equal($"item {string.Join("/", hidden.Key)} may not be written by this account", Assert.Single(declassify.Problems).Message);

        // A committee it does not belong to.
        var member = store.Import(Texts("actions.csv", ActionsHeader + "TAG,2025-11-25,A98,New,Chair,2025-12,open,Text.,,WHITE,\n"), new ImportOptions("member") { Writer = new Access(Tlp.Red, new HashSet<string> { "OPSG" }) });
        Assert.Contains("record of TAG, which this account may not see", Assert.Single(member.Problems).Message);
        Assert.Equal(before, Dump.Of(store));

        // Within its access, it writes.
        Assert.True(store.Import(Texts("actions.csv", ActionsHeader + "OPSG,2025-11-25,A98,New,Chair,2025-12,open,Text.,,AMBER,\n"), new ImportOptions("secretary") { Writer = amber }).Succeeded);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void AProblemAtAStoredRecord_IsSaidWithoutIt_ToAWriterWhoMayNotSeeEveryRecord(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Workspaces.Year, new ImportOptions("tester")).Succeeded);

        // Obligations without quarterly-problem, which stored items name (and stored figures).
        var lines = File.ReadAllLines(Path.Combine(Repo.Data, "obligations.csv"));
        var without = Texts("obligations.csv", string.Join("\n", lines.Where(l => !l.StartsWith("quarterly-problem,", StringComparison.Ordinal))) + "\n");
        var everything = store.Import(without, new ImportOptions("admin", AllowUpdates: true));
        Assert.Contains(everything.Problems, p => p.ToString().Contains("store/items.csv", StringComparison.Ordinal));

        var limited = store.Import(without, new ImportOptions("secretary", AllowUpdates: true) { Writer = new Access(Tlp.Amber, null) });
        Assert.Equal(everything.Problems.Count, limited.Problems.Count);
        Assert.DoesNotContain(limited.Problems, p => p.ToString().Contains("store/items.csv", StringComparison.Ordinal));
        Assert.Contains(limited.Problems, p => p.Message == "the import conflicts with a stored item; ask someone cleared for every item to say which");

        // Problems at figures, which are not classified, are said in full.
        Assert.Equal(everything.Problems.Where(p => !p.ToString().Contains("store/items.csv", StringComparison.Ordinal)), limited.Problems.Where(p => !p.Message.StartsWith("the import conflicts", StringComparison.Ordinal)));
    }

    private static List<ImportText> Texts(string file, string text) => [new ImportText(file, file, text)];

    private static string Csv(string? value) => value is null ? string.Empty : value.Contains(',') || value.Contains('"') ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
