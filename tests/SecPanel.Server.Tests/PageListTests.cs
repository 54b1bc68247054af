using System.Net;
using SecPanel.Records;
using SecPanel.Storage;
using SecPanel.Storage.Tests;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary>The web pages' lists over a year of records: paged 50 at a time, filtered by their fields, in the store's queries.</summary>
public sealed class PageListTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AListOfRecords_PagesThroughEveryRecordTheReaderSees_AndFiltersByAField(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Workspaces.Year);
        server.Add("olu", Role.Member, Tlp.Green, "OPSG", "TAG");
        var olu = await server.SignedIn("olu");
        var access = new Access(Tlp.Green, new HashSet<string> { "OPSG", "TAG" });
        var visible = server.Store.ReadRecords("item", access, new Dictionary<string, string>(), 0, 100_000).Records;
        Assert.True(visible.Count > 50, $"the year has {visible.Count} items the member sees: too few to page");

        // Page after page, by the pages' own "Next" links, until there is none: every item the member sees, once.
        var seen = new List<string>();
        var next = "/records/items";
        while (next is not null)
        {
            var html = WebUtility.HtmlDecode(await olu.GetStringAsync(next, cancel));
            Assert.Contains($"of {visible.Count}</caption>", html, StringComparison.Ordinal);
            seen.AddRange(System.Text.RegularExpressions.Regex.Matches(html, "href=\"/records/items/([^\"]+)\"").Select(m => Uri.UnescapeDataString(m.Groups[1].Value)));
            next = System.Text.RegularExpressions.Regex.Match(html, "href=\"([^\"]+)\" rel=\"next\"") is { Success: true } link ? link.Groups[1].Value : null;
        }

        Assert.Equal(visible.Select(r => string.Join("/", r.Key)).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));

        // A filter: the open actions of one committee, as the store counts them.
        var open = server.Store.ReadRecords("action", access, new Dictionary<string, string> { ["committee"] = "OPSG", ["status"] = "open" }, 0, 100_000).Records;
        var filtered = WebUtility.HtmlDecode(await olu.GetStringAsync("/records/actions?committee=OPSG&status=open", cancel));
        Assert.Contains(open.Count == 0 ? "match the filter" : $"of {open.Count}</caption>", filtered, StringComparison.Ordinal);

        // A date that is not one matches nothing, and says so, rather than failing.
        var none = await olu.GetAsync("/records/actions?meeting_date=2026-02-30", cancel);
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.Contains("match the filter", await none.Content.ReadAsStringAsync(cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithPublic_AVisitorOpensTheCalendarTheCatalogueAndTheWhitePapers_AndNothingElse()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Workspaces.Year, o => o with { Public = true });
        server.Add("ada", Role.Admin, Tlp.Red);
        var ada = await server.SignedIn("ada");
        Assert.Equal(HttpStatusCode.Created, (await ada.PostAsync("/api/papers", System.Net.Http.Json.JsonContent.Create(PaperTests.Build), cancel)).StatusCode);
        var visitor = server.Client();

        foreach (var page in new[] { "/calendar?month=2026-10", "/obligations", "/papers", "/papers/SECP_99_0910_7" })
        {
            var response = await visitor.GetAsync(page, cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync(cancel);
            Assert.Contains("id=\"marking-top\">TLP:WHITE", html, StringComparison.Ordinal);
            Assert.DoesNotContain("_Appendix_", html, StringComparison.Ordinal);
        }

        // The paper's White body is listed and previewed; its Red appendix is not there.
        var paper = await visitor.GetStringAsync("/papers/SECP_99_0910_7", cancel);
        Assert.Contains("/api/papers/SECP_99_0910_7/SECP_99_0910_7.html", paper, StringComparison.Ordinal);

        foreach (var page in new[] { "/", "/meetings", "/records/actions", "/uploads", "/traffic", "/deliveries", "/account" })
        {
            var response = await visitor.GetAsync(page, cancel);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.PathAndQuery.StartsWith("/sign-in", StringComparison.Ordinal), $"{page}: {response.StatusCode}");
        }
    }
}
