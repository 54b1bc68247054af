using System.Net;
using System.Net.Http.Json;
using SecPanel.Records;
using SecPanel.Storage;
using SecPanel.Storage.Tests;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary>
/// Planned Maintenance on the server: the DCC records a window as it records a delivery, checked as
/// an import line; every account reads them; the page shows each with its notice, short notice marked.
/// </summary>
public sealed class MaintenanceTests
{
    private static Dictionary<string, string?> Window(string id, string start, string end, string notified) =>
        new() { ["id"] = id, ["service"] = "ssi", ["start"] = start, ["end"] = end, ["notified"] = notified, ["description"] = "Urgent patching" };

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TheDcc_RecordsAWindow_CheckedAsAnImportLine_AndEveryAccountReadsIt(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Workspaces.Year);
        server.Add("olu", Role.Member, Tlp.White, "TAG");
        var dcc = server.Dcc();

        var created = await dcc.PostAsJsonAsync("/api/maintenance-windows", new { fields = Window("PM-X", "2026-10-18T01:00", "2026-10-18T03:00", "2026-10-12") }, cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/maintenance-windows/PM-X", created.Headers.Location!.OriginalString);
        Assert.Equal("dcc-systems", server.Store.History("maintenance-window", "PM-X").Single().Actor);

        // An end before its start, and a window over another of the service: 422, each at its field.
        var backwards = await dcc.PostAsJsonAsync("/api/maintenance-windows", new { fields = Window("PM-Y", "2026-10-25T05:00", "2026-10-25T04:00", "2026-10-12") }, cancel);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        Assert.Contains("field 'end': 2026-10-25T04:00 is not after the start 2026-10-25T05:00", await backwards.Problem(), StringComparison.Ordinal);
        var over = await dcc.PostAsJsonAsync("/api/maintenance-windows", new { fields = Window("PM-Z", "2026-10-18T02:00", "2026-10-18T05:00", "2026-10-12") }, cancel);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        Assert.Contains("the window overlaps 'PM-X'", await over.Problem(), StringComparison.Ordinal);
        Assert.Null(server.Store.ReadRecord("maintenance-window", Access.Everything, ["PM-Z"]));

        // A member of another committee, cleared White, reads the windows: they are not classified.
        var olu = await server.SignedIn("olu");
        var one = await olu.GetAsync("/api/maintenance-windows/PM-X", cancel);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal("2026-10-12", (await one.Json()).GetProperty("fields").GetProperty("notified").GetString());
        var page = await olu.GetStringAsync("/maintenance?from=2026-10-01&to=2026-10-31", cancel);
        Assert.Contains("<th scope=\"row\" data-label=\"Window\">PM-X</th>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>Short notice:</strong> 4 of 20 Working Days", page, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\" data-label=\"Window\">PM-2026-10</th>", page, StringComparison.Ordinal);
        Assert.Contains("2 windows start from", page, StringComparison.Ordinal);
        Assert.Contains("one was given short notice", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from=2026-13-01", "from: &#x27;2026-13-01&#x27; is not a date of the form YYYY-MM-DD that SecPanel keeps.")]
    [InlineData("from=2026-10-31&to=2026-10-01", "to (2026-10-01) is before from (2026-10-31).")]
    [InlineData("from=2020-01-01&to=2026-10-01", "more than 732 days; ask for two years at most.")]
    [InlineData("to=2250-01-01", "to: &#x27;2250-01-01&#x27; is not a date of the form YYYY-MM-DD that SecPanel keeps.")]
    public async Task BadDays_AreSaidOnThePage_NotAFault(string query, string message)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Workspaces.Year);
        server.Add("olu", Role.Member, Tlp.White, "TAG");
        var olu = await server.SignedIn("olu");
        var answer = await olu.GetAsync($"/maintenance?{query}", cancel);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains(message, await answer.Content.ReadAsStringAsync(cancel), StringComparison.Ordinal);
    }
}
