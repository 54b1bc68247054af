using System.Data.Common;
using Microsoft.Data.Sqlite;
using NodaTime;
using Npgsql;
using SecPanel.Assessment;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Storage.Tests;

/// <summary>The store's behaviour, written once and run against SQLite and PostgreSQL.</summary>
public class StoreTests
{
    private static readonly string GoldenJson = File.ReadAllText(Repo.Path("tests", "golden", "opsg-2018-06.json"));

    private static ImportOptions As(string actor, bool update = false) => new(actor, update);

    private static string AssessJune(Store store) =>
        AssessmentJson.Write(store.Assess("OPSG", new LocalDate(2018, 6, 26)).Value);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void ImportedSample_AssessesExactlyAsTheCaseFolder(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        var outcome = store.Import(Repo.Sample, As("analyst"));
        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Problems));
        Assert.Equal(GoldenJson, AssessJune(store));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void Reimport_OfTheSameData_ChangesNothing(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        store.Import(Repo.Sample, As("analyst"));
        var before = Dump.Of(store);
        var again = store.Import(Repo.Sample, As("analyst"));
        Assert.True(again.Succeeded);
        Assert.All(again.Counts, c => Assert.Equal((0, 0, 0), (c.Inserted, c.Updated, c.Deleted)));
        Assert.Equal(before, Dump.Of(store));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void CorrectedFigure_IsRefusedWithoutUpdate_AndAuditedWithIt(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        store.Import(Repo.Sample, As("analyst"));
        var before = Dump.Of(store);
        var file = System.IO.Path.Combine(fixture.Folder, "variance.csv");
        File.WriteAllText(file, "obligation,period,user,sent,forecast\nsr-variance,2018-05,,208852,583151\n");

        var refused = store.Import(file, As("analyst"));
        var problem = Assert.Single(refused.Problems);
        Assert.Equal($"{file}:2: variance sr-variance/2018-05/- is already stored with other values (sent: '208851' stored, '208852' here); to replace it, import again with --update", problem.ToString());
        Assert.Equal(before, Dump.Of(store));

        var updated = store.Import(file, As("reviewer", update: true));
        Assert.True(updated.Succeeded);
        Assert.Equal(1, updated.Counts.Single().Updated);
        var history = store.History("variance", "sr-variance/2018-05/-");
        Assert.Equal(["insert", "update"], history.Select(h => h.Action));
        Assert.Equal("reviewer", history[1].Actor);
        Assert.Contains("\"sent\":\"208851\"", history[1].OldValue, StringComparison.Ordinal);
        Assert.Contains("\"sent\":\"208852\"", history[1].NewValue, StringComparison.Ordinal);
        Assert.Contains("208,852 Service Requests", AssessJune(store), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void ImportOfText_IsTheImportOfTheSameFile_NamedAsTheCallerSays(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        store.Import(Repo.Sample, As("analyst"));
        var before = Dump.Of(store);
        const string Stored = "obligation,period,user,sent,forecast\nsr-variance,2018-05,,208851,583151\n";

        // What is stored already changes nothing; another value is refused, named as the caller named it, and needs --update.
        var same = store.Import([new ImportText("variance.csv", "computed variance.csv", Stored)], As("analyst"));
        Assert.Equal((0, 0, 1), (same.Counts.Single().Inserted, same.Counts.Single().Updated, same.Counts.Single().Unchanged));
        Assert.Equal(before, Dump.Of(store));
        var changed = Stored.Replace("208851", "208852", StringComparison.Ordinal);
        var refused = store.Import([new ImportText("variance.csv", "computed variance.csv", changed)], As("analyst"));
        Assert.Equal(["computed variance.csv:2: variance sr-variance/2018-05/- is already stored with other values (sent: '208851' stored, '208852' here); to replace it, import again with --update"], refused.Problems.Select(p => p.ToString()));
        Assert.Equal(before, Dump.Of(store));

        // Checked like a file: a bad value is located; a name that is no file of the store is refused.
        var bad = store.Import([new ImportText("variance.csv", "computed variance.csv", "obligation,period,user,sent,forecast\nsr-variance,2018-05,,-1,583151\n")], As("analyst"));
        Assert.Contains(bad.Problems, p => p.ToString().StartsWith("computed variance.csv:2: field 'sent': -1 is negative", StringComparison.Ordinal));
        var unknown = store.Import([new ImportText("volumes.csv", "computed volumes.csv", Stored)], As("analyst"));
        Assert.StartsWith("computed volumes.csv: is not a file SecPanel imports", unknown.Problems.Single().ToString(), StringComparison.Ordinal);
        Assert.Equal(before, Dump.Of(store));

        var updated = store.Import([new ImportText("variance.csv", "computed variance.csv", changed)], As("reviewer", update: true));
        Assert.Equal(1, updated.Counts.Single().Updated);
        Assert.Equal("reviewer", store.History("variance", "sr-variance/2018-05/-")[^1].Actor);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void AnImportThatReplacesAScope_DeletesWhatItNoLongerHolds_OnlyWithUpdate_AndNothingOutsideIt(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        store.Import(Repo.Sample, As("analyst"));
        const string Header = "obligation,period,user,sent,forecast\n";
        const string Total = "sr-variance,2018-05,,208851,583151\n";
        var first = store.Import([new ImportText("variance.csv", "computed variance.csv", Header + Total + "sr-variance,2018-05,SUP-A,100000,300000\nsr-variance,2018-05,SUP-B,108851,283151\n")], As("analyst"));
        Assert.True(first.Succeeded, string.Join("\n", first.Problems));
        var before = Dump.Of(store);
        var may = new ImportScope(
            "variance.csv",
            new Dictionary<string, IReadOnlyList<string>> { ["obligation"] = ["sr-variance"], ["period"] = ["2018-05"] },
            "the sr-variance lines of 2018-05");
        // SUP-B gone: the total is SUP-A's alone.
        const string NewTotal = "sr-variance,2018-05,,100000,300000\n";
        ImportText[] withoutB = [new("variance.csv", "computed variance.csv", Header + NewTotal + "sr-variance,2018-05,SUP-A,100000,300000\n")];

        // Without --update the line the import no longer holds is refused, and nothing is written.
        var refused = store.Import(withoutB, new ImportOptions("analyst", Replaces: [may]));
        Assert.Contains(
            "computed variance.csv: variance sr-variance/2018-05/SUP-B is stored but not among these lines, which replace the whole of the sr-variance lines of 2018-05; to delete it, import again with --update",
            refused.Problems.Select(p => p.ToString()));
        Assert.Equal(before, Dump.Of(store));

        // With it, the line is deleted and audited; the lines outside the scope (another month, another report) stay.
        var replaced = store.Import(withoutB, new ImportOptions("reviewer", AllowUpdates: true, Replaces: [may]));
        Assert.Equal((0, 1, 1, 1), (replaced.Counts.Single().Inserted, replaced.Counts.Single().Updated, replaced.Counts.Single().Deleted, replaced.Counts.Single().Unchanged));
        Assert.Equal(["insert", "delete"], store.History("variance", "sr-variance/2018-05/SUP-B").Select(h => h.Action));
        Assert.Equal("reviewer", store.History("variance", "sr-variance/2018-05/SUP-B")[^1].Actor);
        using var exported = new TempFolder();
        store.Export(exported.Path);
        Assert.Equal(
            Header + "csr-variance,2018-05,,873383,553814\nsr-variance,2018-04,,94715,10586714\n" + NewTotal + "sr-variance,2018-05,SUP-A,100000,300000\n",
            File.ReadAllText(Path.Combine(exported.Path, "variance.csv")));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void Export_ImportsIntoAnEmptyStore_WithAnIdenticalResult(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        store.Import(Repo.Sample, As("analyst"));

        // A user's own rule change travels with the export.
        var rules = System.IO.Path.Combine(fixture.Folder, "obligations.csv");
        File.WriteAllText(rules, File.ReadAllText(Repo.Path("data", "obligations.csv")).Replace("Quarterly Problem Report", "Quarterly Problem Management Report", StringComparison.Ordinal));
        Assert.True(store.Import(rules, As("analyst", update: true)).Succeeded);

        var folder = System.IO.Path.Combine(fixture.Folder, "export");
        store.Export(folder);
        var copy = Store.Init(fixture.Another("copy"), fixture.Clock, Repo.Data, "tester");
        var imported = copy.Import(folder, As("analyst", update: true));
        Assert.True(imported.Succeeded, string.Join("\n", imported.Problems));

        var second = System.IO.Path.Combine(fixture.Folder, "export2");
        copy.Export(second);
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
        {
            Assert.Equal(File.ReadAllText(file), File.ReadAllText(System.IO.Path.Combine(second, System.IO.Path.GetRelativePath(folder, file))));
        }

        Assert.Equal(AssessJune(store), AssessJune(copy));
        Assert.Equal("Quarterly Problem Management Report", copy.Rules().Catalogue.Find("quarterly-problem")!.Name);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void TextThatASpreadsheetWouldRun_IsExportedAsText_AndImportsBackExactly(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Repo.Sample, As("analyst")).Succeeded);
        string[] texts = ["=cmd|' /C calc'!A0", "+1 for the plan", "-5% on the month", "@SUM(A1:A9)", "'=already quoted", "'plain quote", "Ordinary text"];
        // In a file, a ' before a formula's first character is taken off on reading, as export writes it:
        // "'=already quoted" is written with one more.
        var written = texts.Select(t => t == "'=already quoted" ? "''=already quoted" : t);
        var items = System.IO.Path.Combine(fixture.Folder, "items.csv");
        File.WriteAllText(items, "committee,meeting_date,id,kind,title,text\n" + string.Concat(written.Select((t, i) => $"OPSG,2018-06-26,X{i},highlight,T{i},\"{t.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n")));
        Assert.True(store.Import(items, As("analyst")).Succeeded);
        var stored = store.Case().Case.Records.Items.Where(i => i.Id.StartsWith('X')).OrderBy(i => i.Id, StringComparer.Ordinal).Select(i => i.Text).ToList();
        Assert.Equal(texts, stored);

        // Exported, each formula is text to a spreadsheet: a leading ' (which Excel and LibreOffice hide).
        var folder = System.IO.Path.Combine(fixture.Folder, "export");
        store.Export(folder);
        var exported = File.ReadAllText(System.IO.Path.Combine(folder, "items.csv"));
        foreach (var line in new[] { ",T0,'=cmd|' /C calc'!A0,", ",T1,'+1 for the plan,", ",T2,'-5% on the month,", ",T3,'@SUM(A1:A9),", ",T4,''=already quoted,", ",T5,'plain quote,", ",T6,Ordinary text," })
        {
            Assert.Contains(line, exported, StringComparison.Ordinal);
        }

        // And imported, exactly what was stored comes back, byte for byte on the next export.
        var copy = Store.Init(fixture.Another("copy"), fixture.Clock, Repo.Data, "tester");
        Assert.True(copy.Import(folder, As("analyst")).Succeeded);
        Assert.Equal(stored, copy.Case().Case.Records.Items.Where(i => i.Id.StartsWith('X')).OrderBy(i => i.Id, StringComparer.Ordinal).Select(i => i.Text));
        var second = System.IO.Path.Combine(fixture.Folder, "export2");
        copy.Export(second);
        Assert.Equal(exported, File.ReadAllText(System.IO.Path.Combine(second, "items.csv")));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void TextOverSeveralLines_IsStoredWithLf_ExportedQuoted_AndImportsBackIdentically(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        store.Import(Repo.Sample, As("analyst"));

        // An observation pasted with Windows line breaks, in a file saved with them.
        var file = System.IO.Path.Combine(fixture.Folder, "deliveries.csv");
        File.WriteAllText(file, "obligation,period,delivered,reference,observations\r\ncsr-variance,2018-04,2018-05-14,,\"Capacity is sufficient.\r\nSee the DCC's letter.\"\r\n");
        var outcome = store.Import(file, As("analyst", update: true));
        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Problems));

        var folder = System.IO.Path.Combine(fixture.Folder, "export");
        store.Export(folder);
        var exported = File.ReadAllText(System.IO.Path.Combine(folder, "deliveries.csv"));
        Assert.Contains("csr-variance,2018-04,2018-05-14,,\"Capacity is sufficient.\nSee the DCC's letter.\"\n", exported, StringComparison.Ordinal);

        var copy = Store.Init(fixture.Another("copy"), fixture.Clock, Repo.Data, "tester");
        var imported = copy.Import(folder, As("analyst", update: true));
        Assert.True(imported.Succeeded, string.Join("\n", imported.Problems));
        var second = System.IO.Path.Combine(fixture.Folder, "export2");
        copy.Export(second);
        Assert.Equal(exported, File.ReadAllText(System.IO.Path.Combine(second, "deliveries.csv")));

        // A stored row after the two-line one is named by the line an export writes it on.
        var rules = System.IO.Path.Combine(fixture.Folder, "obligations.csv");
        File.WriteAllText(rules, File.ReadAllText(Repo.Path("data", "obligations.csv")).Replace("H13.4,H13.1,monthly", "H13.4,H13.1,quarterly", StringComparison.Ordinal));
        var refused = store.Import(rules, As("analyst", update: true));
        var line = Array.IndexOf(exported.Split('\n'), "pmr,2018-03,2018-05-04,,") + 1;
        Assert.True(line > 3, exported);
        Assert.Contains(refused.Problems, p => p.ToString().StartsWith($"store/deliveries.csv:{line}: field 'period': '2018-03' is a month but the obligation is quarterly", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void RulesImport_ReplacesTheWholeList_AndDeletesOnlyWithUpdate(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        var file = System.IO.Path.Combine(fixture.Folder, "bank-holidays.csv");
        File.WriteAllLines(file, File.ReadAllLines(Repo.Path("data", "calendar", "bank-holidays.csv")).Where(l => !l.StartsWith("england-and-wales,2022-09-19", StringComparison.Ordinal)));
        var before = Dump.Of(store);

        var refused = store.Import(file, As("analyst"));
        Assert.Contains(refused.Problems, p => p.Message.StartsWith("holiday england-and-wales/2022-09-19 is stored but not in this file", StringComparison.Ordinal));
        Assert.Equal(before, Dump.Of(store));

        var applied = store.Import(file, As("analyst", update: true));
        Assert.Equal(1, applied.Counts.Single().Deleted);
        Assert.True(store.Rules().CalendarFor(Calendar.Region.EnglandAndWales).IsWorkingDay(new LocalDate(2022, 9, 19)));
        Assert.Equal("delete", store.History("holiday", "england-and-wales/2022-09-19")[^1].Action);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void AnImportOfOneReport_ReadsTheStoredFiguresOfThatReportOnly_AndStillChecksAgainstThem(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        store.Import(Repo.Sample, As("analyst"));
        var folder = System.IO.Path.Combine(fixture.Folder, "months");
        Directory.CreateDirectory(folder);
        File.WriteAllText(System.IO.Path.Combine(folder, "deliveries.csv"), "obligation,period,delivered\n" + string.Concat(Enumerable.Range(1, 12).Select(m => $"sr-variance,2017-{m:00},2018-01-20\n")));
        File.WriteAllText(System.IO.Path.Combine(folder, "variance.csv"), "obligation,period,user,sent,forecast\n" + string.Concat(Enumerable.Range(1, 12).SelectMany(m => Enumerable.Range(1, 100).Select(u => $"sr-variance,2017-{m:00},User{u:000},{u},{u + 5}\n"))));
        Assert.True(store.Import(folder, As("analyst")).Succeeded);
        var stored = store.Counts().Sum(c => c.Rows);
        var figures = store.Counts().Where(c => c.Kind is "variance" or "performance" or "incident-count" or "incident").Sum(c => c.Rows);
        string? read = null;
        ImportOptions Watched(bool update = false) => new("analyst", update, line => read = line.StartsWith("read ", StringComparison.Ordinal) && line.Contains("stored rows", StringComparison.Ordinal) ? line : read);
        var file = System.IO.Path.Combine(fixture.Folder, "variance.csv");

        // One more User for 2017-03: of the stored figures (1,200 lines of 2017 and the sample's),
        // only its report's 100 lines are read.
        File.WriteAllText(file, "obligation,period,user,sent,forecast\nsr-variance,2017-03,User101,1,1\n");
        Assert.True(store.Import(file, Watched()).Succeeded);
        Assert.Equal($"read {stored - figures + 100:N0} stored rows; checking the import against them", read);

        // Checks against the report's stored lines still see them: a total that is not their sum ...
        File.WriteAllText(file, "obligation,period,user,sent,forecast\nsr-variance,2017-04,,1,5550\n");
        var total = Assert.Single(store.Import(file, Watched()).Problems);
        Assert.Equal($"{file}:2: field 'sent': the total 1 is not the sum of the per-User figures (5,050)", total.ToString());

        // ... a stored User's line with other figures ...
        File.WriteAllText(file, "obligation,period,user,sent,forecast\nsr-variance,2017-05,User007,8,12\n");
        Assert.StartsWith($"{file}:2: variance sr-variance/2017-05/User007 is already stored with other values (sent: '7' stored, '8' here)", Assert.Single(store.Import(file, Watched()).Problems).ToString(), StringComparison.Ordinal);

        // ... and a stored total (2018-05's, from the sample) that a new User's line would break.
        File.WriteAllText(file, "obligation,period,user,sent,forecast\nsr-variance,2018-05,User001,5,583151\n");
        Assert.Equal($"{file}:2: field 'sent': the total 208,851 is not the sum of the per-User figures (5)", Assert.Single(store.Import(file, Watched()).Problems).ToString());
        Assert.Equal(stored + 1, store.Counts().Sum(c => c.Rows));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void Assess_ReadsTheFiguresOfTheReportsItJudges_AndGivesWhatTheWholeCaseGives(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        store.Import(Repo.Sample, As("analyst"));

        // A report of long ago delivered in the June meeting's window (its figures are judged there)
        // and one delivered long before it (whose figures are not).
        var folder = System.IO.Path.Combine(fixture.Folder, "old");
        Directory.CreateDirectory(folder);
        File.WriteAllText(System.IO.Path.Combine(folder, "deliveries.csv"), "obligation,period,delivered\nsr-variance,2017-01,2018-06-20\nsr-variance,2017-02,2017-03-14\n");
        File.WriteAllText(System.IO.Path.Combine(folder, "variance.csv"), "obligation,period,user,sent,forecast\nsr-variance,2017-01,User1,900,100\nsr-variance,2017-01,User2,5,100\nsr-variance,2017-02,User1,1,1\n");
        Assert.True(store.Import(folder, As("analyst")).Succeeded);

        var (rules, whole) = store.Case();
        foreach (var meeting in whole.Meetings)
        {
            var scoped = store.Assess(meeting.Committee, meeting.Date);
            Assert.Equal(AssessmentJson.Write(new Assessor(rules).Assess(whole, meeting)), AssessmentJson.Write(scoped.Value));
        }

        var june = AssessmentJson.Write(store.Assess("OPSG", new LocalDate(2018, 6, 26)).Value);
        Assert.Contains("\"2017-01\"", june, StringComparison.Ordinal);
        Assert.Contains("User1", june, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void Export_StreamsRowsInCodePointOrder_OnEveryEngine(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        store.Import(Repo.Sample, As("analyst"));
        var file = System.IO.Path.Combine(fixture.Folder, "items.csv");
        string[] ids = ["X\U0001F600", "X\uFF5E", "X\u00E9", "Xa", "X1"];
        File.WriteAllText(file, "committee,meeting_date,id,kind,title,text\n" + string.Concat(ids.Select(id => $"OPSG,2018-06-26,{id},highlight,A title,Some text\n")));
        Assert.True(store.Import(file, As("analyst")).Succeeded);

        var exported = System.IO.Path.Combine(fixture.Folder, "exported");
        store.Export(exported);

        // By code point, as UTF-8 bytes sort: an emoji (above U+FFFF) after U+FF5E, where UTF-16 order would put it first.
        var order = File.ReadAllLines(System.IO.Path.Combine(exported, "items.csv")).Skip(1).Select(l => l.Split(',')[2]).Where(ids.Contains).ToList();
        Assert.Equal(["X1", "Xa", "X\u00E9", "X\uFF5E", "X\U0001F600"], order);
        Assert.All(store.Import(exported, As("analyst")).Counts, c => Assert.Equal((0, 0, 0), (c.Inserted, c.Updated, c.Deleted)));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void History_ShowsTheValuesEachInsertMade_ThoughTheTrailKeepsNoCopyOfThem(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        store.Import(Repo.Sample, As("analyst"));
        var file = System.IO.Path.Combine(fixture.Folder, "deliveries.csv");
        File.WriteAllText(file, "obligation,period,delivered,reference\nsr-variance,2018-07,2018-08-13,FIRST\n");
        store.Import(file, As("analyst"));

        // The trail keeps no copy of what an insert wrote.
        Assert.All(store.AuditTrail().Where(e => e.Action == "insert"), e => Assert.Null(e.NewValue));

        // Never changed since: the record as it is.
        var inserted = Assert.Single(store.History("delivery", "sr-variance/2018-07"));
        Assert.Equal("{\"obligation\":\"sr-variance\",\"period\":\"2018-07\",\"delivered\":\"2018-08-13\",\"reference\":\"FIRST\",\"observations\":null}", inserted.NewValue);

        // Changed since: the old values of the change, not the record as it is now.
        File.WriteAllText(file, "obligation,period,delivered,reference\nsr-variance,2018-07,2018-08-14,SECOND\n");
        store.Import(file, As("analyst", update: true));
        var history = store.History("delivery", "sr-variance/2018-07");
        Assert.Equal(["insert", "update"], history.Select(h => h.Action));
        Assert.Equal(history[1].OldValue, history[0].NewValue);
        Assert.Contains("FIRST", history[0].NewValue, StringComparison.Ordinal);

        // Deleted since (a holiday left out of its list): the old values of the delete.
        var holidays = System.IO.Path.Combine(fixture.Folder, "bank-holidays.csv");
        File.WriteAllLines(holidays, File.ReadAllLines(System.IO.Path.Combine(Repo.Data, "calendar", "bank-holidays.csv")).Where(l => !l.Contains("2022-09-19", StringComparison.Ordinal)));
        Assert.True(store.Import(holidays, As("analyst", update: true)).Succeeded);
        var gone = store.History("holiday", "england-and-wales/2022-09-19");
        Assert.Equal(["insert", "delete"], gone.Select(h => h.Action));
        Assert.Equal(gone[1].OldValue, gone[0].NewValue);
        Assert.Contains("2022-09-19", gone[0].NewValue, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void RuleFileInAnotherOrder_IsAChange_RefusedWithoutUpdate_AuditedWithIt(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        var before = Dump.Of(store);
        var file = System.IO.Path.Combine(fixture.Folder, "obligations.csv");
        var shipped = File.ReadAllLines(System.IO.Path.Combine(Repo.Data, "obligations.csv"));
        var swapped = (string[])shipped.Clone();
        (swapped[1], swapped[2]) = (swapped[2], swapped[1]);
        File.WriteAllLines(file, swapped);
        var (first, second) = (swapped[1].Split(',')[0], swapped[2].Split(',')[0]);

        var refused = Assert.Single(store.Import(file, As("analyst")).Problems);
        Assert.Equal((file, (int?)2), (refused.File, refused.Line));
        Assert.Equal($"obligation {first} is in another place in this list than in the store, which has {second} there (2 records would move); the order of the list is data: to reorder it, import again with --update", refused.Message);
        Assert.Equal(before, Dump.Of(store));

        var moved = store.Import(file, As("analyst", update: true));
        Assert.Equal(new ImportCount("obligation", 0, 2, 0, shipped.Length - 3), Assert.Single(moved.Counts));
        var entry = store.History("obligation", first)[^1];
        Assert.Equal(("analyst", "update", "{\"place\":\"2\"}", "{\"place\":\"1\"}"), (entry.Actor, entry.Action, entry.OldValue, entry.NewValue));
        Assert.Equal([first, second], store.Rules().Catalogue.All.Take(2).Select(o => o.Key));

        // A line added in the middle moves no other: only the insert is a change.
        File.WriteAllLines(file, swapped.Take(2).Append("extra,Extra report,,,monthly,20 working days after period end,none,,An added report.").Concat(swapped.Skip(2)));
        Assert.Equal(new ImportCount("obligation", 1, 0, 0, shipped.Length - 1), Assert.Single(store.Import(file, As("analyst")).Counts));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void RuleChange_ThatLeavesAStoredRecordWrong_IsRefusedAtTheImportedLine(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        store.Import(Repo.Sample, As("analyst"));
        var before = Dump.Of(store);
        var file = System.IO.Path.Combine(fixture.Folder, "obligations.csv");
        var shipped = File.ReadAllLines(System.IO.Path.Combine(Repo.Data, "obligations.csv"));

        // sr-variance's content changed to none, while the stored variance rules need a variance report.
        File.WriteAllLines(file, shipped.Select(l => l.StartsWith("sr-variance,", StringComparison.Ordinal) ? l.Replace(",variance,", ",none,", StringComparison.Ordinal) : l));
        var changed = Assert.Single(store.Import(file, As("analyst", update: true)).Problems);
        var line = Array.FindIndex(shipped, l => l.StartsWith("sr-variance,", StringComparison.Ordinal)) + 1;
        Assert.Equal((file, (int?)line), (changed.File, changed.Line));
        Assert.StartsWith("obligation sr-variance as changed here would leave a stored record wrong: store/rules/variance-rules.csv:", changed.Message, StringComparison.Ordinal);

        // pmr left out of a list that replaces the whole list, while stored deliveries are of pmr.
        File.WriteAllLines(file, shipped.Where(l => !l.StartsWith("pmr,", StringComparison.Ordinal)));
        var deleted = store.Import(file, As("analyst", update: true)).Problems;
        Assert.NotEmpty(deleted);
        Assert.All(deleted, p => Assert.Equal((file, (int?)null), (p.File, p.Line)));
        Assert.All(deleted, p => Assert.StartsWith("obligation pmr is not in this file, which replaces the whole list, so this import would delete it, and a stored record needs it: store/", p.Message, StringComparison.Ordinal));
        Assert.Equal(before, Dump.Of(store));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TwoWriters_AddingTheSameRecord_TheSecondWaitsAndIsToldWhatIsStored(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        fixture.Init().Import(Repo.Sample, As("setup"));
        var alice = Store.Open(fixture.Location, fixture.Clock);
        var bob = Store.Open(fixture.Location, fixture.Clock);
        var aliceFile = System.IO.Path.Combine(fixture.Folder, "alice", "deliveries.csv");
        var bobFile = System.IO.Path.Combine(fixture.Folder, "bob", "deliveries.csv");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(aliceFile)!);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(bobFile)!);
        File.WriteAllText(aliceFile, "obligation,period,delivered,reference\nsr-variance,2018-07,2018-08-13,ALICE\n");
        File.WriteAllText(bobFile, "obligation,period,delivered,reference\nsr-variance,2018-07,2018-08-15,BOB\n");

        // Bob starts his import after Alice has validated hers and before she writes it: he waits
        // for her to commit, and then validates against what she wrote.
        Task<ImportOutcome>? bobs = null;
        var bobWaited = false;
        alice.BeforeApply = () =>
        {
            bobs = Task.Run(() => bob.Import(bobFile, As("bob")), TestContext.Current.CancellationToken);
            Thread.Sleep(500);
            bobWaited = !bobs.IsCompleted;
        };
        Assert.True(alice.Import(aliceFile, As("alice")).Succeeded);
        var bobOutcome = await bobs!;

        Assert.True(bobWaited);
        var told = Assert.Single(bobOutcome.Problems);
        Assert.Equal((bobFile, (int?)2), (told.File, told.Line));
        Assert.Equal("delivery sr-variance/2018-07 is already stored with other values (delivered: '2018-08-13' stored, '2018-08-15' here; reference: 'ALICE' stored, 'BOB' here); to replace it, import again with --update", told.Message);
        Assert.Equal(["insert"], bob.History("delivery", "sr-variance/2018-07").Select(h => h.Action));

        // Bob, told, imports again with --update and replaces Alice's value knowingly: nothing was lost unseen.
        alice.BeforeApply = null;
        Assert.True(bob.Import(bobFile, As("bob", update: true)).Succeeded);
        Assert.Equal(["alice", "bob"], bob.History("delivery", "sr-variance/2018-07").Select(h => h.Actor));
    }

    [Fact]
    public void ARecordInsertedByHandMeanwhile_RefusesTheImportAtItsOwnLine_WithTheDetail()
    {
        // Only possible where another writer does not take SecPanel's lock: SQL run by hand on PostgreSQL.
        using var fixture = new StoreFixture(StoreKind.Postgres);
        var store = fixture.Init();
        store.Import(Repo.Sample, As("analyst"));
        var file = System.IO.Path.Combine(fixture.Folder, "deliveries.csv");
        File.WriteAllText(file, "obligation,period,delivered\nsr-variance,2018-07,2018-08-13\npmr,2018-06,2018-08-01\n");
        store.BeforeApply = () =>
        {
            using var connection = new NpgsqlConnection(fixture.Location.ConnectionString);
            connection.Open();
            using var insert = new NpgsqlCommand("INSERT INTO \"deliveries\" (\"obligation\", \"period\", \"delivered\", \"row_position\", \"row_version\") VALUES ('pmr', '2018-06', DATE '2018-08-02', 0, 1)", connection);
            insert.ExecuteNonQuery();
        };

        var told = Assert.Single(store.Import(file, As("analyst")).Problems);

        Assert.Equal((file, (int?)3), (told.File, told.Line));
        Assert.StartsWith("delivery pmr/2018-06 was changed by someone else after this import read the store; nothing was written: run the import again (", told.Message, StringComparison.Ordinal);
        Assert.Contains("(pmr, 2018-06) already exists", told.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("redacted", told.Message, StringComparison.Ordinal);
        Assert.Empty(store.History("delivery", "sr-variance/2018-07"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void Backup_WhileInUse_IsAConsistentStoreOfItsOwn(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        store.Import(Repo.Sample, As("analyst"));
        var file = System.IO.Path.Combine(fixture.Folder, "backup.db");

        // An import that is under way (read, not yet written) does not stop the backup, nor appear in it.
        var extra = System.IO.Path.Combine(fixture.Folder, "meeting.csv");
        File.WriteAllText(extra, "committee,meeting_date,previous_meeting_date\nOPSG,2018-07-24,2018-06-26\n");
        var before = Dump.Of(store);
        store.BeforeApply = () => store.Backup(file);
        Assert.True(store.Import(extra, As("analyst")).Succeeded);

        var backup = Store.Open(new StoreLocation(StoreKind.Sqlite, file, file), fixture.Clock);
        Assert.Equal(before, Dump.Of(backup));
        Assert.Equal(GoldenJson, AssessJune(backup));
        Assert.Throws<StoreException>(() => store.Backup(file));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void CopyTo_TheOtherProvider_CarriesEveryRecordAndTheAuditTrail(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        using var other = new StoreFixture(kind == StoreKind.Sqlite ? StoreKind.Postgres : StoreKind.Sqlite);
        var store = fixture.Init();
        store.Import(Repo.Sample, As("analyst"));
        store.CopyTo(other.Location);
        var copy = Store.Open(other.Location, other.Clock);
        Assert.Equal(Dump.Of(store), Dump.Of(copy));
        Assert.Throws<StoreException>(() => store.CopyTo(other.Location));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void StoreFromANewerSecPanel_IsRefusedAndLeftAlone(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        fixture.Init();
        Execute(fixture.Location, "INSERT INTO \"schema_version\" (\"version\", \"description\", \"applied_at\") VALUES (99, 'future', 'later')");
        var open = Assert.Throws<StoreException>(() => Store.Open(fixture.Location, fixture.Clock));
        Assert.Contains($"schema version 99, from a newer SecPanel; this one knows up to {Store.SchemaVersion}", open.Message, StringComparison.Ordinal);
        var init = Assert.Throws<StoreException>(() => fixture.Init());
        Assert.Contains("the store was not changed", init.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void AuditTrail_IsAppendOnly(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        fixture.Init();
        Assert.ThrowsAny<DbException>(() => Execute(fixture.Location, "UPDATE \"audit_log\" SET \"actor\" = 'someone else'"));
        Assert.ThrowsAny<DbException>(() => Execute(fixture.Location, "DELETE FROM \"audit_log\""));
        if (kind == StoreKind.Postgres)
        {
            // TRUNCATE fires no row trigger: the log has a statement trigger for it (schema 6).
            Assert.ThrowsAny<DbException>(() => Execute(fixture.Location, "TRUNCATE \"audit_log\""));
        }

        Assert.NotEmpty(Store.Open(fixture.Location, fixture.Clock).AuditTrail());
    }

    [Fact]
    public void Open_WhereThereIsNoStore_SaysHowToMakeOne()
    {
        using var temp = new TempFolder();
        var path = System.IO.Path.Combine(temp.Path, "none.db");
        var e = Assert.Throws<StoreException>(() => Store.Open(new StoreLocation(StoreKind.Sqlite, path, "none.db"), NodaTime.Testing.FakeClock.FromUtc(2026, 1, 1)));
        Assert.Equal("none.db: no store here; create one with 'secpanel init --db none.db'", e.Message);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("postgres://sp:secret@db.example:6543/secpanel", StoreKind.Postgres, "postgres://sp:***@db.example:6543/secpanel")]
    [InlineData("Host=127.0.0.1;Port=55432;Username=postgres;Database=sp", StoreKind.Postgres, "PostgreSQL database 'sp' on 127.0.0.1:55432")]
    [InlineData("store/secpanel.db", StoreKind.Sqlite, "store/secpanel.db")]
    public void StoreLocation_ReadsPathsConnectionStringsAndUrls(string text, StoreKind kind, string display)
    {
        var location = StoreLocation.Parse(text, out var error);
        Assert.Equal((kind, display, string.Empty), (location!.Kind, location.Display, error));
    }

    internal static void Execute(StoreLocation location, string sql)
    {
        using DbConnection connection = location.Kind == StoreKind.Sqlite
            ? new SqliteConnection($"Data Source={location.ConnectionString}")
            : new NpgsqlConnection(location.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
