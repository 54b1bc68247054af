using NodaTime;
using SecPanel.Testing;
using SecPanel.Traffic;
using Xunit;

namespace SecPanel.Storage.Tests;

/// <summary>The outlook behind a traffic management item: stored with its item or not at all, once, and gone with it.</summary>
public sealed class TrafficOutlookTests
{
    private static readonly LocalDate Opsg = new(2018, 6, 26);

    private const string Items = "committee,meeting_date,id,kind,title,text\nOPSG,2018-06-26,TM-SR,highlight,Traffic management: Service Requests,The busiest minute is growing.\n";

    private static TrafficOutlook Outlook(string item = "TM-SR", long peak = 100) => new("OPSG", Opsg, item, TrafficService.ServiceRequests, 80,
    [
        new OutlookDay(new LocalDate(2018, 5, 30), peak, false, null, null, null, 130, 150),
        new OutlookDay(new LocalDate(2018, 5, 31), 400, true, null, null, null, 130, 150),
        new OutlookDay(new LocalDate(2018, 6, 1), null, false, 101, 95, 108, 130, null),
    ]);

    private static ImportText[] ItemFile(string text = Items) => [new("items.csv", "items.csv (traffic forecast)", text)];

    private static int Audited(Store store) => store.AuditTrail().Count(e => e.Kind == "traffic-outlook");

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void AnOutlook_IsStoredWithItsItem_OnceForTheSameForecast_AndTheCaseOfAPaperCarriesIt(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Repo.Sample, new ImportOptions("analyst")).Succeeded);
        var raised = store.ImportWithOutlooks(ItemFile(), new ImportOptions("analyst", AllowUpdates: true), [Outlook()]);
        Assert.True(raised.Succeeded, string.Join("\n", raised.Problems));
        Assert.Equal(Outlook(), Assert.Single(store.TrafficOutlooksOf("OPSG", Opsg)));
        Assert.Equal(Outlook(), Assert.Single(store.CaseFor(new LocalDate(2018, 7, 13)).Case.TrafficOutlooks));
        Assert.Empty(store.CaseFor(new LocalDate(2020, 7, 13)).Case.TrafficOutlooks); // a paper of a later window
        var insert = Assert.Single(store.AuditTrail(), e => e.Kind == "traffic-outlook");
        Assert.Equal(("analyst", "OPSG/2018-06-26/TM-SR", "insert"), (insert.Actor, insert.Key, insert.Action));
        Assert.Contains("2018-05-30 to 2018-05-31, peak 400 a minute", insert.NewValue, StringComparison.Ordinal);

        // The same forecast again changes nothing; another replaces it, audited as an update.
        Assert.True(store.ImportWithOutlooks(ItemFile(), new ImportOptions("analyst", AllowUpdates: true), [Outlook()]).Succeeded);
        Assert.Equal(1, Audited(store));
        Assert.True(store.ImportWithOutlooks(ItemFile(), new ImportOptions("analyst", AllowUpdates: true), [Outlook(peak: 120)]).Succeeded);
        Assert.Equal(Outlook(peak: 120), Assert.Single(store.TrafficOutlooksOf("OPSG", Opsg)));
        Assert.Equal(["insert", "update"], store.AuditTrail().Where(e => e.Kind == "traffic-outlook").Select(e => e.Action));

        // A copy carries it.
        using var copy = new StoreFixture(StoreKind.Sqlite);
        store.CopyTo(copy.Location);
        Assert.Equal(Outlook(peak: 120), Assert.Single(Store.Open(copy.Location, copy.Clock).TrafficOutlooksOf("OPSG", Opsg)));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void AnOutlookWithoutItsItem_IsRefused_AndTheItemsOfTheSameImportAreNotWritten(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Repo.Sample, new ImportOptions("analyst")).Succeeded);
        var before = Dump.Of(store);
        var refused = Assert.Throws<StoreException>(() => store.ImportWithOutlooks(ItemFile(), new ImportOptions("analyst", AllowUpdates: true), [Outlook("TM-AL")]));
        Assert.Equal("traffic outlook OPSG/2018-06-26/TM-AL: the store holds no such item; an outlook is stored with its item", refused.Message);
        Assert.Equal(before, Dump.Of(store));
        Assert.Empty(store.TrafficOutlooksOf("OPSG", Opsg));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void AnImportThatDeletesTheItem_DeletesItsOutlook(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        Assert.True(store.Import(Repo.Sample, new ImportOptions("analyst")).Succeeded);
        Assert.True(store.ImportWithOutlooks(ItemFile(), new ImportOptions("analyst", AllowUpdates: true), [Outlook()]).Succeeded);
        var scope = new ImportScope("items.csv", new Dictionary<string, IReadOnlyList<string>> { ["committee"] = ["OPSG"], ["meeting_date"] = ["2018-06-26"], ["id"] = ["TM-SR"] }, "the OPSG item TM-SR");
        var deleted = store.Import(ItemFile("committee,meeting_date,id,kind,title,text\n"), new ImportOptions("analyst", AllowUpdates: true, Replaces: [scope]));
        Assert.True(deleted.Succeeded, string.Join("\n", deleted.Problems));
        Assert.Equal(1, deleted.Counts.Single(c => c.Kind == "item").Deleted);
        Assert.Empty(store.TrafficOutlooksOf("OPSG", Opsg));
    }
}
