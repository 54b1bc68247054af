using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SecPanel.Records;
using SecPanel.Storage;
using SecPanel.Storage.Tests;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary>
/// Every route of the server, taken from its own endpoint list (a new route the matrix does not
/// know fails it), called as every kind of caller over a workspace with records at every level in
/// every committee: what the caller may not see is in no list, count or read by key, and is
/// answered 404 exactly as a key that does not exist.
/// </summary>
public sealed partial class AccessMatrixTests
{
    private sealed record Caller(string Name, Role? Role, Tlp Clearance, IReadOnlySet<string>? Committees)
    {
        /// <summary>Whether the caller's role reads <paramref name="kind"/> at all: committee records are not the DCC's; nothing is for no account.</summary>
        public bool Reads(string kind) => Role is not null && (Role != Storage.Role.Dcc || !Store.RecordKinds.Contains(kind));

        /// <summary>A member sees its committees' records and meetings; deliveries (of no committee) are everyone's.</summary>
        public bool MaySee(StoredRecord record) =>
            Reads(record.Kind) && LevelOf(record) <= Clearance && (Committees is null || CommitteeOf(record) is not { } committee || Committees.Contains(committee));
    }

    /// <summary>A record's committee, read from its fields by the rules of docs/access.md, not taken from what the store computes.</summary>
    private static string? CommitteeOf(StoredRecord record) => record.Kind switch
    {
        "item" or "action" or "meeting" => record.Fields["committee"],
        "assurance-decision" or "director-letter" or "verification-assessment" => "SSC",
        "risk" => "TABASC",
        "milestone" => "TAG",
        _ => null,
    };

    /// <summary>A record's level from its classification field, or its kind's default (docs/access.md).</summary>
    private static Tlp LevelOf(StoredRecord record) =>
        record.Fields.GetValueOrDefault("classification") is { Length: > 0 } text && Tlps.TryParse(text, out var level) ? level
        : record.Kind is "assurance-decision" or "director-letter" or "verification-assessment" ? Tlp.Red
        : Tlp.White;

    private static readonly Caller[] Callers =
    [
        new("ada", Role.Admin, Tlp.Red, null),
        new("sec-white", Role.Secretariat, Tlp.White, null),
        new("sec-green", Role.Secretariat, Tlp.Green, null),
        new("sec-amber", Role.Secretariat, Tlp.Amber, null),
        new("sec-red", Role.Secretariat, Tlp.Red, null),
        new("opsg-tag-green", Role.Member, Tlp.Green, new HashSet<string> { "OPSG", "TAG" }),
        new("ssc-amber", Role.Member, Tlp.Amber, new HashSet<string> { "SSC" }),
        new("tabasc-red", Role.Member, Tlp.Red, new HashSet<string> { "TABASC" }),
        new("panel-white", Role.Member, Tlp.White, new HashSet<string> { "Panel" }),
        new("dcc-systems", Role.Dcc, Tlp.White, null),
        new("(anonymous)", null, Tlp.White, null),
    ];

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task EveryRoute_AsEveryCaller_ShowsOnlyWhatTheCallerMaySee(StoreKind kind)
    {
        await using var server = await RunningServer.Start(kind, Workspaces.Year);
        var clients = new Dictionary<Caller, HttpClient>();
        foreach (var caller in Callers)
        {
            clients[caller] = caller.Role switch
            {
                null => server.Client(),
                Role.Dcc => server.Dcc(caller.Name),
                { } role => await server.SignedIn(server.Add(caller.Name, role, caller.Clearance, [.. caller.Committees ?? new HashSet<string>()]).Name),
            };
        }

        var records = Store.ListedKinds.ToDictionary(k => k, k => server.Store.ReadRecords(k, Access.Everything, new Dictionary<string, string>(), 0, 100_000).Records);
        Assert.Equal(HttpStatusCode.Created, (await clients[Callers[0]].PostAsync("/api/papers", System.Net.Http.Json.JsonContent.Create(PaperTests.Build), TestContext.Current.CancellationToken)).StatusCode);
        var trail = server.Store.AuditTrail().Count;
        var documents = server.Store.FindPaper("SECP_99_0910_7", Tlp.Red)!.Documents;
        Assert.True(documents.Count > 1, "the paper has an appendix");
        var endpoints = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText!;
            Assert.True(endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null, $"{pattern} has no authorization rule of its own");
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            foreach (var (caller, client) in clients)
            {
                if ((methods.Any(m => m is "POST" or "PATCH" or "DELETE") && pattern != "/api/session") || pattern.StartsWith("/api/imports", StringComparison.Ordinal))
                {
                    await CheckWrite(caller, client, pattern, methods.Single(), records);
                }
                else
                {
                    await Check(caller, client, pattern, methods, records, documents);
                }
            }
        }

        // Every write the matrix made was refused: nothing changed.
        Assert.Equal(trail, server.Store.AuditTrail().Count);
    }

    /// <summary>
    /// The highest level of a paper's documents the caller reads: an appendix gathers every
    /// committee's records, so above WHITE only those who read every committee (admin, secretariat)
    /// and the Panel's members read it, up to their clearance (docs/access.md). Null: no papers at all.
    /// </summary>
    private static readonly string[] Extensions = [".docx", ".html", ".md"];

    private static Tlp? PaperLevel(Caller caller) => caller.Role switch
    {
        null or Role.Dcc => null,
        Role.Admin or Role.Secretariat => caller.Clearance,
        _ => caller.Committees!.Contains("Panel") ? caller.Clearance : Tlp.White,
    };

    private static async Task CheckPapers(Caller caller, HttpClient client, string pattern, IReadOnlyList<PaperEntry> all)
    {
        var cancel = TestContext.Current.CancellationToken;
        var refusal = caller.Role is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
        var level = PaperLevel(caller);
        if (pattern == "/api/papers/{reference}/{file}")
        {
            foreach (var document in all)
            {
                foreach (var extension in Extensions)
                {
                    var response = await client.GetAsync($"/api/papers/SECP_99_0910_7/{document.Stem}{extension}", cancel);
                    Assert.Equal(level is null ? refusal : document.Level <= level ? HttpStatusCode.OK : HttpStatusCode.NotFound, response.StatusCode);
                }
            }

            return;
        }

        var answer = await client.GetAsync(pattern == "/api/papers" ? pattern : "/api/papers/SECP_99_0910_7", cancel);
        if (level is null)
        {
            Assert.Equal(refusal, answer.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var paper = pattern == "/api/papers" ? (await answer.Json()).EnumerateArray().Single() : await answer.Json();
        Assert.Equal(all.Where(d => d.Level <= level).Select(d => d.Stem), paper.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("stem").GetString()));
    }

    /// <summary>
    /// A write route as <paramref name="caller"/>: refused to a role that does not write it, and to
    /// one that does, 404 for a record it may not see exactly as for one that is not there. Every
    /// write sent is one that cannot succeed (no fields, a stale If-Match, no upload), so the store
    /// does not change.
    /// </summary>
    private static async Task CheckWrite(Caller caller, HttpClient client, string pattern, string method, Dictionary<string, IReadOnlyList<StoredRecord>> records)
    {
        var cancel = TestContext.Current.CancellationToken;
        var refusal = caller.Role is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
        var submits = caller.Role is Role.Admin or Role.Secretariat or Role.Dcc;
        Task<HttpResponseMessage> Send(string path, string json, string? ifMatch = null)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            return client.SendAsync(request, cancel);
        }

        if (pattern == "/api/papers")
        {
            var build = await Send(pattern, "{}");
            Assert.Equal(caller.Role is Role.Admin or Role.Secretariat ? HttpStatusCode.BadRequest : refusal, build.StatusCode);
            await build.Problem();
            return;
        }

        if (pattern.StartsWith("/api/calendar-feeds", StringComparison.Ordinal))
        {
            // Every account makes and revokes its own feeds (CalendarFeedTests); here, writes that cannot succeed: an unknown committee, a feed that is not the caller's.
            var response = method == "POST" ? await Send(pattern, """{"committee": "NOPE"}""") : await Send(pattern.Replace("{id}", "000000000000", StringComparison.Ordinal), "{}");
            Assert.Equal(caller.Role is null ? HttpStatusCode.Unauthorized : method == "POST" ? HttpStatusCode.BadRequest : HttpStatusCode.NotFound, response.StatusCode);
            await response.Problem();
            return;
        }

        if (pattern.StartsWith("/api/imports", StringComparison.Ordinal))
        {
            var path = pattern.Replace("{id}", "0123456789abcdef01234567", StringComparison.Ordinal);
            var response = method == "POST" && pattern == "/api/imports"
                ? await client.PostAsync(path, new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new("application/zip") } }, cancel)
                : await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), cancel);
            Assert.Equal(!submits ? refusal : pattern == "/api/imports" ? HttpStatusCode.BadRequest : HttpStatusCode.NotFound, response.StatusCode);
            await response.Problem();
            return;
        }

        var kind = Store.ListedKinds.SingleOrDefault(k => pattern == $"/api/{Api.Plural(k)}" || pattern == $"/api/{Api.Plural(k)}/{{**key}}");
        Assert.True(kind is not null, $"the access matrix does not know the write route {method} {pattern}: add it");
        var writes = Store.DccKinds.Contains(kind) ? submits : caller.Role is Role.Admin or Role.Secretariat;
        if (method == "POST")
        {
            var created = await Send(pattern, """{"fields": {}}""");
            Assert.Equal(writes ? HttpStatusCode.UnprocessableEntity : refusal, created.StatusCode);
            await created.Problem();
            return;
        }

        Assert.Equal("PATCH", method);
        var prefix = pattern[..pattern.IndexOf("{**key}", StringComparison.Ordinal)];
        var all = records[kind!];
        foreach (var record in all.Where(r => !caller.MaySee(r)).Take(6).Concat(all.Where(caller.MaySee).Take(2)))
        {
            var response = await Send(prefix + string.Join("/", record.Key.Select(p => Uri.EscapeDataString(p))), """{"fields": {}}""", "\"0\"");
            if (!writes)
            {
                Assert.Equal(refusal, response.StatusCode);
                continue;
            }

            if (caller.MaySee(record))
            {
                Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
                continue;
            }

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var absent = record.Key.Take(record.Key.Count - 1).Append("no-such-record").ToList();
            var missing = await Send(prefix + string.Join("/", absent.Select(p => Uri.EscapeDataString(p))), """{"fields": {}}""", "\"0\"");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(
                (await missing.Problem()).Replace(string.Join("/", absent), "KEY", StringComparison.Ordinal),
                (await response.Problem()).Replace(string.Join("/", record.Key), "KEY", StringComparison.Ordinal));
        }
    }

    private static async Task Check(Caller caller, HttpClient client, string pattern, IReadOnlyList<string> methods, Dictionary<string, IReadOnlyList<StoredRecord>> records, IReadOnlyList<PaperEntry> documents)
    {
        var cancel = TestContext.Current.CancellationToken;
        var refusal = caller.Role is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
        if (pattern == "/feeds/{id}/{secret}.ics")
        {
            // A feed's address is its secret: for a wrong one, 404 to everyone (CalendarFeedTests reads real ones).
            var feed = await client.GetAsync("/feeds/000000000000/not-the-secret.ics", cancel);
            Assert.Equal(HttpStatusCode.NotFound, feed.StatusCode);
            await feed.Problem();
            return;
        }

        if (!pattern.StartsWith("/api/", StringComparison.Ordinal))
        {
            await CheckPage(caller, client, pattern, records);
            return;
        }

        switch (pattern)
        {
            case "/api/session":
                // Sign-in and sign-out: SignInTests.
                Assert.True(methods.SequenceEqual(["POST"]) || methods.SequenceEqual(["DELETE"]), $"{pattern} {string.Join(",", methods)}");
                return;
            case "/api/openapi.json":
                // The API's description, the same for everyone: it names routes, never records.
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(pattern, cancel)).StatusCode);
                return;
            case "/api/me":
                var me = await client.GetAsync(pattern, cancel);
                Assert.Equal(caller.Role is null ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, me.StatusCode);
                if (caller.Role is not null)
                {
                    Assert.Equal(caller.Name, (await me.Json()).GetProperty("name").GetString());
                }

                return;
            case "/api/antiforgery":
                // A token of the caller's own session, naming no record.
                Assert.Equal(caller.Role is null ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, (await client.GetAsync(pattern, cancel)).StatusCode);
                return;
            case "/api/calendar/{year}":
                var calendar = await client.GetAsync("/api/calendar/2026", cancel);
                Assert.Equal(caller.Role is null ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, calendar.StatusCode);
                return;
            case "/api/calendar-feeds":
                // The caller's own feeds: none here.
                var feeds = await client.GetAsync(pattern, cancel);
                Assert.Equal(caller.Role is null ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, feeds.StatusCode);
                if (caller.Role is not null)
                {
                    Assert.Empty((await feeds.Json()).EnumerateArray());
                }

                return;
            case "/api/forecast-quality":
                // Figures of no committee, for every account; Users named from a clearance of Green (ForecastQualityApiTests).
                var quality = await client.GetAsync(pattern, cancel);
                Assert.Equal(caller.Role is null ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, quality.StatusCode);
                if (caller.Role is not null)
                {
                    Assert.Equal(caller.Clearance >= Tlp.Green, (await quality.Json()).TryGetProperty("ranking", out _));
                }

                return;
            case "/api/obligations":
                var obligations = await client.GetAsync(pattern, cancel);
                Assert.Equal(caller.Role is null ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, obligations.StatusCode);
                return;
            case "/api/assessments/{committee}/{date}":
                foreach (var meeting in records["meeting"].Where(m => !caller.MaySee(m)).Take(6).Concat(records["meeting"].Where(caller.MaySee).Take(2)))
                {
                    var path = $"/api/assessments/{Uri.EscapeDataString(meeting.Key[0])}/{meeting.Key[1]}";
                    var assessment = await client.GetAsync(path, cancel);
                    if (caller.Role is null)
                    {
                        Assert.Equal(HttpStatusCode.Unauthorized, assessment.StatusCode);
                    }
                    else if (caller.MaySee(meeting))
                    {
                        Assert.Equal(HttpStatusCode.OK, assessment.StatusCode);
                        Assert.Equal((meeting.Key[0], meeting.Key[1]), ((await assessment.Json()).GetProperty("committee").GetString(), (await assessment.Json()).GetProperty("meetingDate").GetString()));
                    }
                    else
                    {
                        Assert.Equal(HttpStatusCode.NotFound, assessment.StatusCode);
                        var absent = await client.GetAsync($"/api/assessments/{Uri.EscapeDataString(meeting.Key[0])}/1999-01-01", cancel);
                        Assert.Equal(
                            (await absent.Problem()).Replace($"{meeting.Key[0]}/1999-01-01", "KEY", StringComparison.Ordinal),
                            (await assessment.Problem()).Replace(string.Join("/", meeting.Key), "KEY", StringComparison.Ordinal));
                    }
                }

                return;
            case "/api/papers" or "/api/papers/{reference}" or "/api/papers/{reference}/{file}":
                await CheckPapers(caller, client, pattern, documents);
                return;
            case "/api/dashboard":
                var dashboard = await client.GetAsync(pattern + "?date=2026-06-01", cancel);
                if (caller.Role is null)
                {
                    Assert.Equal(HttpStatusCode.Unauthorized, dashboard.StatusCode);
                    return;
                }

                Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
                var summary = await dashboard.Json();
                var openActions = records["action"].Where(a => caller.MaySee(a) && a.Fields["status"] == "open").ToList();
                Assert.Equal(
                    caller.Reads("action") ? openActions.GroupBy(CommitteeOf).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count()}") : [],
                    summary.GetProperty("actions") is { ValueKind: System.Text.Json.JsonValueKind.Array } actions ? actions.EnumerateArray().Select(a => $"{a.GetProperty("committee").GetString()}:{a.GetProperty("open").GetInt32()}") : []);
                Assert.All(summary.GetProperty("meetings").EnumerateArray(), m => Assert.True(caller.Committees?.Contains(m.GetProperty("committee").GetString()!) ?? true));
                return;
            case "/api/server-log":
                var log = await client.GetAsync(pattern, cancel);
                Assert.Equal(caller.Role == Role.Admin ? HttpStatusCode.OK : refusal, log.StatusCode);
                return;
        }

        var kind = Store.ListedKinds.SingleOrDefault(k => pattern == $"/api/{Api.Plural(k)}" || pattern == $"/api/{Api.Plural(k)}/{{**key}}" || pattern == $"/api/history/{Api.Plural(k)}/{{**key}}");
        Assert.True(kind is not null, $"the access matrix does not know the route {pattern}: add it");
        var all = records[kind!];
        var visible = all.Where(caller.MaySee).ToList();
        if (!pattern.EndsWith("{**key}", StringComparison.Ordinal))
        {
            var keys = new List<string>();
            long? total = null;
            for (var offset = 0; ; offset += 50)
            {
                var page = await client.GetAsync($"{pattern}?offset={offset}&limit=50", cancel);
                if (!caller.Reads(kind!))
                {
                    Assert.Equal(refusal, page.StatusCode);
                    await page.Problem();
                    return;
                }

                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                var body = await page.Json();
                total ??= body.GetProperty("total").GetInt64();
                Assert.Equal(total, body.GetProperty("total").GetInt64());
                var items = body.GetProperty("items").EnumerateArray().ToList();
                keys.AddRange(items.Select(i => string.Join("/", i.GetProperty("key").EnumerateArray().Select(k => k.GetString()))));
                if (items.Count < 50)
                {
                    break;
                }
            }

            Assert.Equal(visible.Select(r => string.Join("/", r.Key)), keys);
            Assert.Equal(visible.Count, total);
            return;
        }

        var prefix = pattern[..pattern.IndexOf("{**key}", StringComparison.Ordinal)];
        var hidden = all.Where(r => !caller.MaySee(r)).ToList();
        foreach (var record in hidden.Take(12).Concat(visible.Take(4)))
        {
            var path = prefix + string.Join("/", record.Key.Select(p => Uri.EscapeDataString(p)));
            var response = await client.GetAsync(path, cancel);
            if (!caller.Reads(kind!))
            {
                Assert.Equal(refusal, response.StatusCode);
                continue;
            }

            if (caller.MaySee(record))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                if (!prefix.StartsWith("/api/history/", StringComparison.Ordinal))
                {
                    Assert.Equal($"\"{record.Version}\"", response.Headers.ETag?.Tag);
                    Assert.Equal(record.Key, (await response.Json()).GetProperty("key").EnumerateArray().Select(k => k.GetString()!));
                }

                continue;
            }

            // Hidden: the same answer as for a key that is not there, to the byte but for the key.
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Null(response.Headers.ETag);
            var absent = record.Key.Take(record.Key.Count - 1).Append("no-such-record").ToList();
            var missing = await client.GetAsync(prefix + string.Join("/", absent.Select(p => Uri.EscapeDataString(p))), cancel);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(
                (await missing.Problem()).Replace(string.Join("/", absent), "KEY", StringComparison.Ordinal),
                (await response.Problem()).Replace(string.Join("/", record.Key), "KEY", StringComparison.Ordinal));
        }
    }
}
