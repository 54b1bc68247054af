using System.Net;
using SecPanel.Records;
using SecPanel.Storage;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary>The web pages in the access matrix: who opens each, and that none shows text held only by records the reader may not see.</summary>
public sealed partial class AccessMatrixTests
{
    private static readonly Role[] Everyone = [Role.Admin, Role.Secretariat, Role.Member, Role.Dcc];

    private static readonly Role[] Submitters = [Role.Admin, Role.Secretariat, Role.Dcc];

    /// <summary>
    /// A page's path to open, the roles that open it, whether it opens without an account, and the
    /// status it answers them (a made-up key: 404).
    /// </summary>
    private static (string Path, Role[] Roles, bool Anonymous, HttpStatusCode Status) PageRule(string pattern) => pattern switch
    {
        "/sign-in" => ("/sign-in", Everyone, true, HttpStatusCode.OK),
        "/error/{code:int}" => ("/error/404", Everyone, true, HttpStatusCode.OK),
        "/assets/{name}" => ("/assets/site.css", Everyone, true, HttpStatusCode.OK),
        "/" or "/account" or "/calendar" or "/obligations" or "/sign-out" => (pattern, Everyone, false, HttpStatusCode.OK),
        "/uploads" => (pattern, Submitters, false, HttpStatusCode.OK),
        "/uploads/{id}" => ("/uploads/0123456789abcdef", Submitters, false, HttpStatusCode.NotFound),
        _ => throw new Xunit.Sdk.XunitException($"the access matrix does not know the page {pattern}: add it"),
    };

    private static async Task CheckPage(Caller caller, HttpClient client, string pattern, Dictionary<string, IReadOnlyList<StoredRecord>> records)
    {
        // A page's route is written without its leading '/'.
        var (path, roles, anonymous, status) = PageRule("/" + pattern.TrimStart('/'));
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        if (caller.Role is not { } role)
        {
            if (!anonymous)
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
                return;
            }
        }
        else if (!roles.Contains(role))
        {
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{caller.Name} on {path}: {response.StatusCode}");
            return;
        }

        Assert.True(response.StatusCode == status, $"{caller.Name} on {path}: {response.StatusCode}");
        if (response.Content.Headers.ContentType?.MediaType != "text/html")
        {
            return;
        }

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var hidden = HiddenTexts(caller, records).Where(t => html.Contains(t, StringComparison.Ordinal)).ToList();
        Assert.True(hidden.Count == 0, $"{caller.Name} on {path} sees text that only records hidden from it hold: {string.Join(" | ", hidden.Take(3))}");

        // The marking is never above what the reader may see, and the same at top and bottom.
        var markings = System.Text.RegularExpressions.Regex.Matches(html, "id=\"marking-(?:top|bottom)\">TLP:([A-Z]+)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, markings.Count);
        Assert.Equal(markings[0], markings[1]);
        Assert.True(Tlps.TryParse(markings[0], out var marking) && marking <= caller.Clearance, $"{caller.Name} on {path}: marked {markings[0]}");
    }

    /// <summary>The rule data everyone reads (the obligation catalogue): a record quoting it reveals nothing.</summary>
    internal static string PublicText { get; } = string.Concat(Directory.GetFiles(SecPanel.Testing.Repo.Data, "*.csv").Select(File.ReadAllText));

    /// <summary>Each text of 12 characters or more held by a record the caller may not see, by none it may, and not in the public rule data.</summary>
    private static HashSet<string> HiddenTexts(Caller caller, Dictionary<string, IReadOnlyList<StoredRecord>> records)
    {
        var hidden = new HashSet<string>(StringComparer.Ordinal);
        var visible = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records.Values.SelectMany(r => r))
        {
            (caller.MaySee(record) ? visible : hidden).UnionWith(record.Fields.Values.OfType<string>().Where(t => t.Length >= 12));
        }

        hidden.ExceptWith(visible);
        hidden.RemoveWhere(t => PublicText.Contains(t, StringComparison.Ordinal));
        return hidden;
    }
}
