using System.Net;
using System.Net.Http.Json;
using System.Text;
using SecPanel.Records;
using SecPanel.Storage;
using SecPanel.Storage.Tests;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary>
/// Single records written over HTTP: through the import's validation, audited under the caller's
/// name, with If-Match on every edit, and within what the caller may see.
/// </summary>
public sealed class RecordWriteTests
{
    private const string Action = "/api/actions/OPSG/2025-11-25/A1";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AnEdit_NeedsTheETagItWasReadWith_AndIsAuditedUnderTheCallersName(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Workspaces.Year);
        server.Add("sam", Role.Secretariat, Tlp.Red);
        var sam = await server.SignedIn("sam");
        var read = await sam.GetAsync(Action, cancel);
        var etag = read.Headers.ETag!.Tag;

        // Without If-Match: 428, saying the ETag to send.
        var blind = await sam.PatchAsJsonAsync(Action, new { fields = new { status = "done", closed = "2026-03-25" } }, cancel);
        Assert.Equal(HttpStatusCode.PreconditionRequired, blind.StatusCode);
        Assert.Contains($"({etag} now)", await blind.Problem(), StringComparison.Ordinal);

        const string List = "/api/actions?committee=OPSG&meeting_date=2025-11-25";
        Assert.DoesNotContain("Members to send feedback to SECAS.", await sam.GetStringAsync(List, cancel), StringComparison.Ordinal);
        var dashboard = await sam.GetStringAsync("/api/dashboard?date=2026-01-10", cancel);
        var edited = await Patch(sam, Action, etag, """{"fields": {"text": "Members to send feedback to SECAS.", "closed": "2026-03-25"}}""");
        Assert.True(edited.StatusCode == HttpStatusCode.OK, await edited.Content.ReadAsStringAsync(cancel));
        var body = await edited.Json();
        Assert.Equal("Members to send feedback to SECAS.", body.GetProperty("fields").GetProperty("text").GetString());
        Assert.Equal("2026-03-25", body.GetProperty("fields").GetProperty("closed").GetString());
        Assert.Equal("Feedback from Members", body.GetProperty("fields").GetProperty("title").GetString()); // left out, kept
        Assert.NotEqual(etag, edited.Headers.ETag!.Tag);

        // Lists and the dashboard kept while the store was unchanged are not kept past a write.
        Assert.Contains("Members to send feedback to SECAS.", await sam.GetStringAsync(List, cancel), StringComparison.Ordinal);
        var reopened = await Patch(sam, Action, edited.Headers.ETag.Tag, """{"fields": {"status": "open", "closed": null, "due": "2025-12"}}""");
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        Assert.NotEqual(dashboard, await sam.GetStringAsync("/api/dashboard?date=2026-01-10", cancel));
        etag = edited.Headers.ETag.Tag;
        Assert.Equal(edited.Headers.ETag.Tag, $"\"{body.GetProperty("version").GetInt64()}\"");

        var history = await (await sam.GetAsync("/api/history" + Action[4..], cancel)).Json();
        var last = history.EnumerateArray().Last();
        Assert.Equal(("sam", "update"), (last.GetProperty("actor").GetString(), last.GetProperty("action").GetString()));

        // The ETag it was read with is stale now: 412, and nothing changes.
        var trail = server.Store.AuditTrail().Count;
        var stale = await Patch(sam, Action, etag, """{"fields": {"status": "open"}}""");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("has changed since it was read", await stale.Problem(), StringComparison.Ordinal);
        Assert.Equal(trail, server.Store.AuditTrail().Count);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AWrongEdit_GetsEveryProblemAtItsField_AndChangesNothing(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Workspaces.Year);
        server.Add("sam", Role.Secretariat, Tlp.Red);
        var sam = await server.SignedIn("sam");
        var etag = (await sam.GetAsync(Action, cancel)).Headers.ETag!.Tag;
        var trail = server.Store.AuditTrail().Count;

        async Task Refused(string json, HttpStatusCode status, string says, string? ifMatch = null, string mediaType = "application/json")
        {
            var request = new HttpRequestMessage(HttpMethod.Patch, Action) { Content = new StringContent(json, Encoding.UTF8, mediaType) };
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch ?? etag);
            var response = await sam.SendAsync(request, cancel);
            Assert.Equal(status, response.StatusCode);
            Assert.Contains(says, await response.Problem(), StringComparison.Ordinal);
        }

        await Refused("""{"fields": {"due": "next year", "colour": "red"}}""", HttpStatusCode.UnprocessableEntity, "\"field\":\"colour\"");
        await Refused("""{"fields": {"due": "next year"}}""", HttpStatusCode.UnprocessableEntity, "\"field\":\"due\"");
        await Refused("""{"fields": {"id": "A2"}}""", HttpStatusCode.UnprocessableEntity, "a key field is not changed by an edit");
        await Refused("""{"fields": {"status": 3}}""", HttpStatusCode.BadRequest, "fields.status is number");
        await Refused("""{"fields": {"status": "done"}""", HttpStatusCode.BadRequest, "Malformed JSON");
        await Refused("""{"status": "done"}""", HttpStatusCode.BadRequest, "The record is an object with 'fields'");
        await Refused("status=done", HttpStatusCode.UnsupportedMediaType, "Send the record as JSON", mediaType: "application/x-www-form-urlencoded");
        await Refused("""{"fields": {"status": "done"}}""", HttpStatusCode.BadRequest, "If-Match is '1'", ifMatch: "1");
        await Refused("""{"fields": {"text": "x"}, "pad": """ + $"\"{new string('x', 1_100_000)}\"}}", HttpStatusCode.RequestEntityTooLarge, "at most 1,024 KB");
        Assert.Equal(trail, server.Store.AuditTrail().Count);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ANewRecord_IsValidatedAsAnImportLine_AndOnlyOnce(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Workspaces.Year);
        server.Add("sam", Role.Secretariat, Tlp.Amber);
        var sam = await server.SignedIn("sam");
        var action = new { fields = new Dictionary<string, string?> { ["committee"] = "OPSG", ["meeting_date"] = "2025-11-25", ["id"] = "A77", ["title"] = "New", ["owner"] = "DCC", ["due"] = "2026-01", ["status"] = "open", ["text"] = "DCC to report back.", ["classification"] = "AMBER" } };

        var created = await sam.PostAsJsonAsync("/api/actions", action, cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/actions/OPSG/2025-11-25/A77", created.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await sam.GetAsync(created.Headers.Location, cancel)).StatusCode);
        Assert.Equal("sam", server.Store.History("action", "OPSG/2025-11-25/A77").Single().Actor);

        var again = await sam.PostAsJsonAsync("/api/actions", action, cancel);
        Assert.Equal(HttpStatusCode.PreconditionFailed, again.StatusCode);

        // Above the caller's clearance, of a meeting that is not there: each said at its field or line.
        action.fields["id"] = "A78";
        action.fields["classification"] = "RED";
        var red = await sam.PostAsJsonAsync("/api/actions", action, cancel);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, red.StatusCode);
        Assert.Contains("would be a RED record of OPSG, which this account may not see", await red.Problem(), StringComparison.Ordinal);
        action.fields["classification"] = "WHITE";
        action.fields["meeting_date"] = "2025-11-26";
        var orphan = await sam.PostAsJsonAsync("/api/actions", action, cancel);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, orphan.StatusCode);
        Assert.Contains("the request", await orphan.Problem(), StringComparison.Ordinal);
        Assert.Null(server.Store.ReadRecord("action", Access.Everything, ["OPSG", "2025-11-26", "A78"]));

        // A key written as an import would not store it (a revision "01") is the record's key as stored.
        var risk = new { fields = new Dictionary<string, string?> { ["risk"] = "TR-X", ["revision"] = "01", ["date"] = "2026-01-05", ["title"] = "New risk", ["likelihood"] = "2", ["impact"] = "3", ["owner"] = "SECAS", ["treatment"] = "Watch", ["review_date"] = "2026-04-05", ["description"] = "A risk.", ["classification"] = "GREEN" } };
        var created2 = await sam.PostAsJsonAsync("/api/risks", risk, cancel);
        Assert.Equal(HttpStatusCode.Created, created2.StatusCode);
        Assert.Equal("/api/risks/TR-X/1", created2.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await sam.PostAsJsonAsync("/api/risks", risk, cancel)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ARecordTheCallerMayNotSee_Is404ToEdit_AndRolesThatDoNotWriteAreRefused(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Workspaces.Year);
        server.Add("sam", Role.Secretariat, Tlp.Green);
        server.Add("olu", Role.Member, Tlp.Red, "OPSG");
        var sam = await server.SignedIn("sam");
        var olu = await server.SignedIn("olu");
        var dcc = server.Dcc();
        var hidden = server.Store.ReadRecords("item", Access.Everything, new Dictionary<string, string>(), 0, 10_000).Records.First(r => r.Level == Tlp.Red);
        var path = "/api/items/" + string.Join("/", hidden.Key.Select(Uri.EscapeDataString));
        var trail = server.Store.AuditTrail().Count;

        var edit = await Patch(sam, path, $"\"{hidden.Version}\"", """{"fields": {"classification": "WHITE"}}""");
        var absent = await Patch(sam, "/api/items/OPSG/1999-01-01/H1", "\"1\"", """{"fields": {"classification": "WHITE"}}""");
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (edit.StatusCode, absent.StatusCode));
        Assert.Equal((await absent.Problem()).Replace("OPSG/1999-01-01/H1", "KEY", StringComparison.Ordinal), (await edit.Problem()).Replace(string.Join("/", hidden.Key), "KEY", StringComparison.Ordinal));
        Assert.Contains(server.Store.ServerLog(5), e => e.Actor == "sam" && e.Event == "hidden" && e.Detail.StartsWith("PATCH /api/items/", StringComparison.Ordinal));

        // Adding a record whose key a hidden record has: the same 412 as for a key the caller sees, naming nothing of the record.
        var visible = server.Store.ReadRecords("item", new Access(Tlp.Green, null), new Dictionary<string, string>(), 0, 1).Records.Single();
        var taken = await sam.PostAsJsonAsync("/api/items", new { fields = hidden.Fields.ToDictionary(f => f.Key, f => f.Key == "classification" ? "WHITE" : f.Value) }, cancel);
        var seen = await sam.PostAsJsonAsync("/api/items", new { fields = visible.Fields }, cancel);
        Assert.Equal((HttpStatusCode.PreconditionFailed, HttpStatusCode.PreconditionFailed), (taken.StatusCode, seen.StatusCode));
        Assert.Equal(
            (await seen.Problem()).Replace(string.Join("/", visible.Key), "KEY", StringComparison.Ordinal),
            (await taken.Problem()).Replace(string.Join("/", hidden.Key), "KEY", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, (await Patch(olu, Action, "\"1\"", """{"fields": {"status": "done"}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await olu.PostAsJsonAsync("/api/actions", new { fields = new { id = "A9" } }, cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dcc.PostAsJsonAsync("/api/actions", new { fields = new { id = "A9" } }, cancel)).StatusCode);
        Assert.Equal(trail, server.Store.AuditTrail().Count);

        // The DCC writes its deliveries.
        var delivery = server.Store.ReadRecords("delivery", Access.Everything, new Dictionary<string, string>(), 0, 1).Records.Single();
        var read = await dcc.GetAsync("/api/deliveries/" + string.Join("/", delivery.Key), cancel);
        var changed = await Patch(dcc, "/api/deliveries/" + string.Join("/", delivery.Key), read.Headers.ETag!.Tag, """{"fields": {"reference": "DCC-REF-1"}}""");
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("dcc-systems", server.Store.History("delivery", string.Join("/", delivery.Key))[^1].Actor);
    }

    private static Task<HttpResponseMessage> Patch(HttpClient client, string path, string etag, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
