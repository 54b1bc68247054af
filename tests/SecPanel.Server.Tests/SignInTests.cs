using System.Net;
using System.Net.Http.Json;
using System.Text;
using NodaTime;
using SecPanel.Records;
using SecPanel.Storage;
using SecPanel.Storage.Tests;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary>Signing in and staying signed in: passwords, lockout, disabled accounts, sessions, tokens, and bad sign-in requests.</summary>
public sealed class SignInTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AWrongPassword_AndAnUnknownName_GetTheSameAnswer_AndBothAreLogged(StoreKind kind)
    {
        await using var server = await RunningServer.Start(kind, Repo.Sample);
        server.Add("alice", Role.Member, Tlp.Green, "OPSG");
        var client = server.Client();

        var wrong = await client.PostAsJsonAsync("/api/session", new { name = "alice", password = "not the password at all" }, Cancel);
        var unknown = await client.PostAsJsonAsync("/api/session", new { name = "nobody", password = "not the password at all" }, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(await wrong.Problem(), await unknown.Problem());
        Assert.DoesNotContain(wrong.Headers, h => h.Key == "Set-Cookie");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me", Cancel)).StatusCode);

        var log = server.Store.ServerLog(10);
        Assert.Contains(log, e => e is { Actor: "alice", Event: "sign-in failed", Detail: "wrong password" });
        Assert.Contains(log, e => e is { Actor: "nobody", Event: "sign-in failed" });
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task FiveWrongPasswords_LockTheAccount_UntilTheLockoutEnds(StoreKind kind)
    {
        await using var server = await RunningServer.Start(kind, Repo.Sample);
        server.Add("alice", Role.Member, Tlp.Green, "OPSG");
        var client = server.Client();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/session", new { name = "alice", password = "wrong password number " + i }, Cancel)).StatusCode);
        }

        // Locked: the right password is refused too, with the same answer as a wrong one.
        var locked = await client.PostAsJsonAsync("/api/session", new { name = "alice", password = RunningServer.Password }, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains(server.Store.ServerLog(10), e => e is { Actor: "alice", Event: "locked out" });
        Assert.True(server.Store.FindAccount("alice")!.Value.Account.IsLockedAt(server.Clock.GetCurrentInstant()));

        server.Clock.Advance(Duration.FromMinutes(16));
        await server.SignedIn("alice");
        Assert.Equal(0, server.Store.FindAccount("alice")!.Value.Account.FailedSignIns);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DisablingAnAccount_OrResettingItsPassword_EndsItsSessions(StoreKind kind)
    {
        await using var server = await RunningServer.Start(kind, Repo.Sample);
        server.Add("alice", Role.Member, Tlp.Green, "OPSG");
        server.Add("bob", Role.Secretariat, Tlp.Red);
        var alice = await server.SignedIn("alice");
        var bob = await server.SignedIn("bob");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/me", Cancel)).StatusCode);

        server.Store.SetPassword("alice", Credentials.HashPassword("a brand new password"), "admin");
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync("/api/me", Cancel)).StatusCode);
        await server.SignedIn("alice", "a brand new password");

        server.Store.DisableAccount("bob", "admin");
        Assert.Equal(HttpStatusCode.Unauthorized, (await bob.GetAsync("/api/actions", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client().PostAsJsonAsync("/api/session", new { name = "bob", password = RunningServer.Password }, Cancel)).StatusCode);
        Assert.Contains(server.Store.ServerLog(10), e => e is { Actor: "bob", Event: "sign-in failed", Detail: "the account is disabled" });
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ASession_SlidesWithUse_AndEndsAfterHalfAnHourIdle_OrOnSignOut(StoreKind kind)
    {
        await using var server = await RunningServer.Start(kind, Repo.Sample);
        server.Add("alice", Role.Member, Tlp.Green, "OPSG");
        var alice = await server.SignedIn("alice");
        for (var i = 0; i < 3; i++)
        {
            server.Clock.Advance(Duration.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/me", Cancel)).StatusCode);
        }

        server.Clock.Advance(Duration.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync("/api/me", Cancel)).StatusCode);

        var again = await server.SignedIn("alice");
        Assert.Equal(HttpStatusCode.NoContent, (await again.DeleteAsync("/api/session", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/me", Cancel)).StatusCode);
    }

    [Fact]
    public async Task TheSessionCookie_IsHttpOnlyAndStrict_AndEveryAnswerCarriesTheSecurityHeaders()
    {
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Repo.Sample);
        server.Add("alice", Role.Member, Tlp.Green, "OPSG");
        var response = await server.Client().PostAsJsonAsync("/api/session", new { name = "alice", password = RunningServer.Password }, Cancel);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(SecPanelServer.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);

        // Behind a proxy on this machine that took the request over HTTPS, the cookie is Secure.
        using var proxied = new HttpRequestMessage(HttpMethod.Post, "/api/session") { Content = JsonContent.Create(new { name = "alice", password = RunningServer.Password }) };
        proxied.Headers.Add("X-Forwarded-Proto", "https");
        Assert.Contains("secure", Assert.Single((await server.Client().SendAsync(proxied, Cancel)).Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);

        foreach (var answer in new[] { response, await server.Client().GetAsync("/api/actions", Cancel), await server.Client().GetAsync("/no/such/page", Cancel) })
        {
            Assert.Contains("frame-ancestors 'none'", answer.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", answer.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", answer.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task ACookieMadeByTheServerOfAnotherStore_IsRefused()
    {
        await using var one = await RunningServer.Start(StoreKind.Sqlite, Repo.Sample);
        await using var other = await RunningServer.Start(StoreKind.Sqlite, Repo.Sample);
        one.Add("alice", Role.Member, Tlp.Green, "OPSG");
        other.Add("alice", Role.Member, Tlp.Green, "OPSG");
        var response = await one.Client().PostAsJsonAsync("/api/session", new { name = "alice", password = RunningServer.Password }, Cancel);
        var cookie = response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.Client().SendAsync(request, Cancel)).StatusCode);

        using var same = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        same.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await one.Client().SendAsync(same, Cancel)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AToken_WorksUntilItExpiresOrIsRevoked_AndOnlyWhileItsAccountIsEnabled(StoreKind kind)
    {
        await using var server = await RunningServer.Start(kind, Repo.Sample);
        server.Store.AddAccount("dcc-systems", Role.Dcc, Tlp.White, [], null, "admin");
        var token = Credentials.CreateToken(server.Store, "dcc-systems", new LocalDate(2026, 11, 30), "admin");
        var dcc = server.WithToken(token);
        Assert.Equal("dcc-systems", (await (await dcc.GetAsync("/api/me", Cancel)).Json()).GetProperty("name").GetString());

        // The last day it works is its expiry date; the next day it does not.
        server.Clock.Advance(Duration.FromDays(2) + Duration.FromHours(-9));
        Assert.Equal(HttpStatusCode.OK, (await dcc.GetAsync("/api/me", Cancel)).StatusCode);
        server.Clock.Advance(Duration.FromDays(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await dcc.GetAsync("/api/me", Cancel)).StatusCode);
        Assert.Contains(server.Store.ServerLog(10), e => e.Event == "token refused" && e.Detail.Contains("expired on 2026-11-30", StringComparison.Ordinal));

        var second = Credentials.CreateToken(server.Store, "dcc-systems", new LocalDate(2027, 6, 30), "admin");
        var client = server.WithToken(second);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.WithToken(second[..^1] + (second[^1] == 'A' ? 'B' : 'A')).GetAsync("/api/me", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.WithToken("not-a-token").GetAsync("/api/me", Cancel)).StatusCode);

        server.Store.RevokeToken(Credentials.ParseToken(second)!.Value.Id, "admin");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me", Cancel)).StatusCode);

        var third = server.WithToken(Credentials.CreateToken(server.Store, "dcc-systems", new LocalDate(2027, 6, 30), "admin"));
        server.Store.DisableAccount("dcc-systems", "admin");
        Assert.Equal(HttpStatusCode.Unauthorized, (await third.GetAsync("/api/me", Cancel)).StatusCode);

        // The store keeps only the hash of a token's secret.
        Assert.DoesNotContain(server.Store.AuditTrail(), e => (e.NewValue ?? string.Empty).Contains(Credentials.ParseToken(second)!.Value.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignInsFromOneAddress_AreLimitedPerMinute()
    {
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Repo.Sample, o => o with { SignInsPerMinute = 3 });
        var client = server.Client();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/session", new { name = "x", password = "a wrong password" }, Cancel)).StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/session", new { name = "x", password = "a wrong password" }, Cancel);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Too many sign-ins", await limited.Problem(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHugeSignIn_IsRefused413_AndANameNoAccountCanHave_IsLoggedEscapedAndCutShort()
    {
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Repo.Sample);
        server.Add("alice", Role.Member, Tlp.Green, "OPSG");
        var client = server.Client();
        using var huge = new StringContent("{\"name\": \"alice\", \"password\": \"" + new string('x', 100_000) + "\"}", Encoding.UTF8, "application/json");
        var tooLarge = await client.PostAsync("/api/session", huge, Cancel);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("title=Too large", await tooLarge.Problem(), StringComparison.Ordinal);

        var forged = await client.PostAsJsonAsync("/api/session", new { name = "ada\nsigned in " + new string('y', 5_000), password = "whatever it is" }, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        var entry = server.Store.ServerLog(1).Single();
        Assert.Equal(("(invalid name)", "sign-in failed"), (entry.Actor, entry.Event));
        Assert.StartsWith("no account can have the name 'ada\\nsigned in yyy", entry.Detail, StringComparison.Ordinal);
        Assert.True(entry.Detail.Length < 200, entry.Detail);
        Assert.Equal(0, server.Store.FindAccount("alice")!.Value.Account.FailedSignIns);
    }

    [Theory]
    [InlineData("application/json", "{\"name\": \"alice\", \"password\": ", HttpStatusCode.BadRequest, "Malformed JSON")]
    [InlineData("application/json", "{\"name\": \"alice\"}", HttpStatusCode.BadRequest, "Incomplete sign-in")]
    [InlineData("application/json", "[1, 2]", HttpStatusCode.BadRequest, "Malformed JSON")]
    [InlineData("application/x-www-form-urlencoded", "name=alice&password=x", HttpStatusCode.UnsupportedMediaType, "Not JSON")]
    [InlineData("text/plain", "alice", HttpStatusCode.UnsupportedMediaType, "Not JSON")]
    public async Task ABadSignInRequest_GetsAProblemDocumentSayingWhat(string contentType, string body, HttpStatusCode status, string title)
    {
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Repo.Sample);
        server.Add("alice", Role.Member, Tlp.Green, "OPSG");
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        var response = await server.Client().PostAsync("/api/session", content, Cancel);
        Assert.Equal(status, response.StatusCode);
        Assert.Contains($"title={title}", await response.Problem(), StringComparison.Ordinal);
        Assert.Equal(0, server.Store.FindAccount("alice")!.Value.Account.FailedSignIns);
    }

    [Fact]
    public async Task ARefusedRequestRepeated_IsLoggedOnceAMinute_WithACountOfTheRest()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Repo.Sample);
        server.Clock.AutoAdvance = NodaTime.Duration.Zero;
        var anonymous = server.Client();
        var badToken = server.WithToken("spt_nosuch_secret");
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/actions", cancel)).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await badToken.GetAsync("/api/actions", cancel)).StatusCode);
        }

        // A minute on, the next refusal is logged with the count of those that were not.
        Assert.Single(server.Store.ServerLog(100), e => e.Event == "refused" && e.Actor == "(anonymous)");
        Assert.Single(server.Store.ServerLog(100), e => e.Event == "token refused");
        server.Clock.Advance(NodaTime.Duration.FromMinutes(2));
        await anonymous.GetAsync("/api/actions", cancel);
        var refused = server.Store.ServerLog(100).Where(e => e.Event == "refused" && e.Actor == "(anonymous)").ToList();
        Assert.Equal(2, refused.Count);
        // Both clients were refused as no account: 60 refusals, one logged.
        Assert.Equal("GET /api/actions 401 (59 more like it in the minute before were not logged one by one)", refused[0].Detail);

        // Another route is another refusal, logged at once.
        await anonymous.GetAsync("/api/risks", cancel);
        Assert.Contains(server.Store.ServerLog(5), e => e.Event == "refused" && e.Detail == "GET /api/risks 401");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AWriteWithASessionCookie_NeedsItsSessionsAntiforgeryToken(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Repo.Sample);
        server.Add("sam", Role.Secretariat, Tlp.Red);
        server.Add("kim", Role.Secretariat, Tlp.Red);
        var sam = await server.SignedInWithoutAntiforgery("sam");
        var kim = await server.SignedIn("kim");
        var trail = server.Store.AuditTrail().Count;
        var action = "/api/actions/OPSG/2018-06-26/A1";
        var etag = (await sam.GetAsync(action, cancel)).Headers.ETag!.Tag;

        async Task<System.Net.HttpStatusCode> Edit(string? token)
        {
            var request = new HttpRequestMessage(HttpMethod.Patch, action) { Content = new StringContent("""{"fields": {"text": "Changed."}}""", System.Text.Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            if (token is not null)
            {
                request.Headers.Add(SecPanelServer.AntiforgeryHeader, token);
            }

            var response = await sam.SendAsync(request, cancel);
            if (response.StatusCode == System.Net.HttpStatusCode.BadRequest)
            {
                Assert.Contains("get it from GET /api/antiforgery", await response.Problem(), StringComparison.Ordinal);
            }

            return response.StatusCode;
        }

        // Missing, wrong, and another session's: refused, and nothing written.
        var kims = kim.DefaultRequestHeaders.GetValues(SecPanelServer.AntiforgeryHeader).Single();
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, await Edit(null));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, await Edit("not-a-token"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, await Edit(kims));
        Assert.Equal(trail, server.Store.AuditTrail().Count);
        Assert.Contains(server.Store.ServerLog(5), e => e is { Actor: "sam", Event: "refused" } && e.Detail.Contains("without a valid antiforgery token", StringComparison.Ordinal));

        // Its own: the write is made.
        var mine = (await (await sam.GetAsync("/api/antiforgery", cancel)).Json()).GetProperty("token").GetString();
        Assert.Equal(System.Net.HttpStatusCode.OK, await Edit(mine));

        // A program's token needs none: a browser does not send it by itself.
        var dcc = server.Dcc();
        var delivery = "/api/deliveries/sr-variance/2018-04";
        var read = await dcc.GetAsync(delivery, cancel);
        var request = new HttpRequestMessage(HttpMethod.Patch, delivery) { Content = new StringContent("""{"fields": {"reference": "R-1"}}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.Tag);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await dcc.SendAsync(request, cancel)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task APagesFormPostedWithoutItsAntiforgeryToken_IsRefusedWithTheErrorPage_AndChangesNothing(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Repo.Sample);
        server.Add("sam", Role.Secretariat, Tlp.Red);
        var sam = await server.SignedInWithoutAntiforgery("sam");
        var trail = server.Store.AuditTrail().Count;

        // A page of another site can make the browser post the form with the cookie, but not with the token.
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["version"] = "1", ["status"] = "done", ["closed"] = "2018-07-10" });
        var response = await sam.PostAsync("/records/actions/OPSG/2018-06-26/A1?handler=Close", form, cancel);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The form was out of date", await response.Content.ReadAsStringAsync(cancel), StringComparison.Ordinal);
        Assert.Equal(trail, server.Store.AuditTrail().Count);
        Assert.Equal("open", server.Store.ReadRecord("action", Access.Everything, ["OPSG", "2018-06-26", "A1"])!.Fields["status"]);
        Assert.Contains(server.Store.ServerLog(5), e => e is { Actor: "sam", Event: "refused" } && e.Detail.Contains("POST /records/actions/OPSG/2018-06-26/A1", StringComparison.Ordinal));
    }
}
