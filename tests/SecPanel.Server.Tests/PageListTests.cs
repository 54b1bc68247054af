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
}
