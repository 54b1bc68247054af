using SecPanel.Records;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Storage.Tests;

/// <summary>
/// The store's reads of committee records through an <see cref="Access"/>: the level its query
/// computes is the domain's, and what a reader may not see is left out of lists, counts and reads
/// by key.
/// </summary>
public sealed class RecordAccessTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void TheQuerysLevelAndCommittee_AreTheDomainsForEveryRecord(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Workspaces.Year, new ImportOptions("tester")).Succeeded);

        // Records with no classification (each kind's default level) and levels spelt as people write them.
        var extra = Path.Combine(fixture.Folder, "extra");
        Directory.CreateDirectory(extra);
        File.WriteAllText(Path.Combine(extra, "items.csv"), "committee,meeting_date,id,kind,title,text,classification,public_summary\nOPSG,2025-11-25,X1,highlight,Default,Text,,\nOPSG,2025-11-25,X2,highlight,Clear,Text,clear,\nOPSG,2025-11-25,X3,highlight,Amber,Text,amber,A restricted matter\n");
        File.WriteAllText(Path.Combine(extra, "actions.csv"), "committee,meeting_date,id,title,owner,due,status,text,closed,classification,public_summary\nOPSG,2025-11-25,X1,Default,Chair,2025-12,open,Text,,,\n");
        File.WriteAllText(Path.Combine(extra, "assurance-decisions.csv"), "meeting_date,id,party,assessment,status,condition,classification,public_summary\n2025-11-19,X1,Test Party Ltd,FUSA,Approved,,,\n");
        File.WriteAllText(Path.Combine(extra, "director-letters.csv"), "meeting_date,id,party,outcome,classification,public_summary\n2025-11-19,X1,Test Party Ltd,No non-compliance,,\n");
        File.WriteAllText(Path.Combine(extra, "verification-assessments.csv"), "meeting_date,id,party,outcome,classification,public_summary\n2025-11-19,X1,Test Party Ltd,compliant,,\n2025-11-19,X2,Other Party Ltd,compliant, Clear ,\n");
        File.WriteAllText(Path.Combine(extra, "risks.csv"), "risk,revision,date,title,likelihood,impact,owner,treatment,review_date,description,classification,public_summary\nTR-X,1,2025-11-13,Default,2,2,SECAS,Watch,2026-02-13,Text,,\n");
        File.WriteAllText(Path.Combine(extra, "milestones.csv"), "id,title,planned,actual,classification,public_summary\nX1,Default,2026-01-01,,,\nX2,Green,2026-01-02,,Green,A testing milestone\n");
        var imported = store.Import(extra, new ImportOptions("tester"));
        Assert.True(imported.Succeeded, string.Join("\n", imported.Problems));

        var records = store.Case().Case.Records;
        var domain = new Dictionary<(string Kind, string Key), (string Committee, Tlp Level)>();
        void Add(string k, IClassified r, params object[] key) => domain.Add((k, string.Join("/", key.Select(Text))), (r.Committee, r.Classification));
        records.Items.ToList().ForEach(r => Add("item", r, r.Committee, r.MeetingDate, r.Id));
        records.Actions.ToList().ForEach(r => Add("action", r, r.Committee, r.MeetingDate, r.Id));
        records.AssuranceDecisions.ToList().ForEach(r => Add("assurance-decision", r, r.MeetingDate, r.Id));
        records.DirectorLetters.ToList().ForEach(r => Add("director-letter", r, r.MeetingDate, r.Id));
        records.VerificationAssessments.ToList().ForEach(r => Add("verification-assessment", r, r.MeetingDate, r.Id));
        records.Risks.ToList().ForEach(r => Add("risk", r, r.RiskId, r.Revision));
        records.Milestones.ToList().ForEach(r => Add("milestone", r, r.Id));

        var stored = Store.RecordKinds
            .SelectMany(k => store.ReadRecords(k, Access.Everything, new Dictionary<string, string>(), 0, 100_000).Records)
            .ToDictionary(r => (r.Kind, string.Join("/", r.Key)), r => (r.Committee, r.Level));
        Assert.Equal(domain.OrderBy(d => d.Key), stored.OrderBy(d => d.Key));

        // The same rule in code, for records not stored yet (what an import may write).
        Assert.All(Store.RecordKinds.SelectMany(k => store.ReadRecords(k, Access.Everything, new Dictionary<string, string>(), 0, 100_000).Records),
            r => Assert.Equal((r.Committee, r.Level), Store.RecordPlace(r.Kind, r.Fields)));

        // The workspace has records at every level and of every committee that keeps records.
        Assert.Equal(Enum.GetValues<Tlp>(), stored.Values.Select(v => v.Level).Distinct().Order());
        Assert.Equal(["OPSG", "Panel", "SMKI PMA", "SSC", "TABASC", "TAG"], stored.Values.Select(v => v.Committee).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void AReader_SeesExactlyItsCommitteesUpToItsClearance_InListsCountsPagesAndByKey(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Workspaces.Year, new ImportOptions("tester")).Succeeded);
        var readers = new[]
        {
            new Access(Tlp.White, null),
            new Access(Tlp.Amber, null),
            new Access(Tlp.Green, new HashSet<string> { "OPSG", "TAG" }),
            new Access(Tlp.Red, new HashSet<string> { "SSC" }),
            new Access(Tlp.Red, new HashSet<string>()),
        };
        foreach (var recordKind in Store.RecordKinds)
        {
            var all = store.ReadRecords(recordKind, Access.Everything, new Dictionary<string, string>(), 0, 100_000).Records;
            foreach (var reader in readers)
            {
                var expected = all.Where(r => r.Level <= reader.Clearance && (reader.Committees?.Contains(r.Committee) ?? true)).ToList();
                var whole = store.ReadRecords(recordKind, reader, new Dictionary<string, string>(), 0, 100_000);
                Assert.Equal(expected, whole.Records, RecordComparer);
                Assert.Equal(expected.Count, whole.Total);

                // Pages of 7 add up to the same list, each with the same total.
                var paged = Enumerable.Range(0, (expected.Count / 7) + 1)
                    .Select(p => store.ReadRecords(recordKind, reader, new Dictionary<string, string>(), p * 7, 7))
                    .ToList();
                Assert.All(paged, p => Assert.Equal(expected.Count, p.Total));
                Assert.Equal(expected, paged.SelectMany(p => p.Records), RecordComparer);

                foreach (var record in all)
                {
                    var found = store.ReadRecord(recordKind, reader, record.Key);
                    Assert.Equal(expected.Contains(record, RecordComparer), found is not null);
                    Assert.Equal(found is not null, store.RecordHistory(recordKind, reader, record.Key) is not null);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void AFilterOnAColumn_AndAKeyThatIsNotOne_AreAnsweredByTheQuery(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Workspaces.Year, new ImportOptions("tester")).Succeeded);
        var open = store.ReadRecords("action", Access.Everything, new Dictionary<string, string> { ["status"] = "open", ["committee"] = "OPSG" }, 0, 100_000);
        Assert.NotEmpty(open.Records);
        Assert.All(open.Records, r => Assert.Equal(("open", "OPSG"), (r.Fields["status"], r.Fields["committee"])));

        // A date that is not one finds nothing (rather than an error from the database).
        Assert.Empty(store.ReadRecords("action", Access.Everything, new Dictionary<string, string> { ["meeting_date"] = "2026-02-30" }, 0, 10).Records);
        Assert.Null(store.ReadRecord("action", Access.Everything, ["OPSG", "not a date", "A1"]));
        Assert.Null(store.ReadRecord("action", Access.Everything, ["OPSG"]));
        Assert.Throws<ArgumentException>(() => store.ReadRecords("action", Access.Everything, new Dictionary<string, string> { ["password"] = "x" }, 0, 10));
        Assert.Throws<ArgumentException>(() => store.ReadRecords("variance", Access.Everything, new Dictionary<string, string>(), 0, 10));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void ARecordClassifiedDown_ShowsItsHistory_WithoutTheValuesItHadAboveTheReadersClearance(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Repo.Sample, new ImportOptions("tester")).Succeeded);
        var items = Path.Combine(fixture.Folder, "items.csv");
        const string Header = "committee,meeting_date,id,kind,title,text,classification,public_summary\n";
        File.WriteAllText(items, Header + "OPSG,2018-06-26,S1,highlight,Secret title,Secret text,RED,A restricted matter\n");
        Assert.True(store.Import(items, new ImportOptions("tester")).Succeeded);
        File.WriteAllText(items, Header + "OPSG,2018-06-26,S1,highlight,Open title,Open text,WHITE,\n");
        Assert.True(store.Import(items, new ImportOptions("tester", AllowUpdates: true)).Succeeded);

        var white = store.RecordHistory("item", new Access(Tlp.White, null), ["OPSG", "2018-06-26", "S1"])!;
        Assert.Equal(["insert", "update"], white.Select(e => e.Action));
        Assert.All(white, e => Assert.DoesNotContain("Secret", (e.OldValue ?? string.Empty) + e.NewValue, StringComparison.Ordinal));
        Assert.Contains("Open text", white[1].NewValue!, StringComparison.Ordinal);

        var red = store.RecordHistory("item", new Access(Tlp.Red, null), ["OPSG", "2018-06-26", "S1"])!;
        Assert.Contains("Secret text", red[0].NewValue!, StringComparison.Ordinal);
        Assert.Contains("Secret text", red[1].OldValue!, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void TheLastMeetingsBeforeADate_AreThoseOnOrBeforeIt_LatestFirst_OfWhatTheReaderSees(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Workspaces.Year, new ImportOptions("tester")).Succeeded);
        var all = store.ReadRecords("meeting", Access.Everything, new Dictionary<string, string> { ["committee"] = "OPSG" }, 0, 100_000).Records;
        var date = all[all.Count / 2].Key[1];

        // Worked out from every OPSG meeting: those on or before the date, the latest first.
        var expected = all.Where(m => string.CompareOrdinal(m.Key[1], date) <= 0).OrderByDescending(m => m.Key[1], StringComparer.Ordinal).Take(3).Select(m => m.Key[1]).ToList();
        var filter = new Dictionary<string, string> { ["committee"] = "OPSG" };
        Assert.Equal(expected, store.ReadRecordsBefore("meeting", Access.Everything, "meeting_date", date, 3, filter).Select(m => m.Key[1]));
        Assert.Equal(date, store.ReadRecordsBefore("meeting", Access.Everything, "meeting_date", date, 1, filter).Single().Key[1]);

        // A member of another committee sees none of OPSG's meetings.
        Assert.Empty(store.ReadRecordsBefore("meeting", new Access(Tlp.Red, new HashSet<string> { "TAG" }), "meeting_date", date, 3, filter));
        Assert.Empty(store.ReadRecordsBefore("meeting", Access.Everything, "meeting_date", "2000-01-01", 3, filter));
    }

    private static string Text(object value) => value switch
    {
        NodaTime.LocalDate d => d.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        int n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static readonly IEqualityComparer<StoredRecord> RecordComparer = EqualityComparer<StoredRecord>.Create(
        (a, b) => a!.Kind == b!.Kind && a.Key.SequenceEqual(b.Key) && a.Version == b.Version && a.Level == b.Level,
        r => HashCode.Combine(r.Kind, string.Join("/", r.Key)));
}
