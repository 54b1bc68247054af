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

    private static readonly Role[] Readers = [Role.Admin, Role.Secretariat, Role.Member];

    private static readonly Role[] Editors = [Role.Admin, Role.Secretariat];

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
        "/meetings" or "/traffic" or "/deliveries" or "/forecast-quality" or "/maintenance" => (pattern, Everyone, false, HttpStatusCode.OK),
        "/papers" => (pattern, Readers, false, HttpStatusCode.OK),
        "/papers/{reference}" => ("/papers/SECP_99_0910_7", Readers, false, HttpStatusCode.OK),
        "/admin/log" => (pattern, [Role.Admin], false, HttpStatusCode.OK),
        "/records/{plural}" => ("/records/actions", Readers, false, HttpStatusCode.OK),
        "/records/{plural}/add" => ("/records/actions/add", Editors, false, HttpStatusCode.OK),
        "/records/{plural}/{**key}" => ("/records/actions/NONE/2018-01-01/A1", Readers, false, HttpStatusCode.NotFound),
        "/meetings/{committee}/{date}" => ("/meetings/NONE/2018-01-01", Everyone, false, HttpStatusCode.NotFound),
        "/uploads/{id}" => ("/uploads/0123456789abcdef", Submitters, false, HttpStatusCode.NotFound),
        _ => throw new Xunit.Sdk.XunitException($"the access matrix does not know the page {pattern}: add it"),
    };

    private static async Task CheckPage(Caller caller, HttpClient client, string pattern, Dictionary<string, IReadOnlyList<StoredRecord>> records)
    {
        // A page's route is written without its leading '/'.
        pattern = "/" + pattern.TrimStart('/');
        await CheckPage(caller, client, pattern, PageRule(pattern), records);
        if (caller.Role is null)
        {
            return;
        }

        // Pages of records and meetings: those the caller may see open, and the others are not there.
        switch (pattern)
        {
            case "/records/{plural}":
                foreach (var kind in Store.RecordKinds)
                {
                    var visible = records[kind].Count(caller.MaySee);
                    var html = await CheckPage(caller, client, pattern, ($"/records/{Api.Plural(kind)}", Readers, false, HttpStatusCode.OK), records);
                    if (html is not null)
                    {
                        Assert.True(visible == 0 ? html.Contains("are recorded", StringComparison.Ordinal) : html.Contains($" of {visible}</caption>", StringComparison.Ordinal), $"{caller.Name} on the {kind} list: {visible} visible");
                    }
                }

                break;
            case "/records/{plural}/{**key}":
                foreach (var kind in Store.RecordKinds)
                {
                    foreach (var record in records[kind].Where(caller.MaySee).Take(2).Concat(records[kind].Where(r => !caller.MaySee(r)).Take(2)))
                    {
                        var path = $"/records/{Api.Plural(kind)}/{string.Join("/", record.Key.Select(Uri.EscapeDataString))}";
                        await CheckPage(caller, client, pattern, (path, Readers, false, caller.MaySee(record) ? HttpStatusCode.OK : HttpStatusCode.NotFound), records);
                    }
                }

                break;
            case "/meetings/{committee}/{date}":
                foreach (var meeting in records["meeting"].Where(caller.MaySee).Take(2).Concat(records["meeting"].Where(r => !caller.MaySee(r)).Take(2)))
                {
                    var path = $"/meetings/{Uri.EscapeDataString(meeting.Key[0])}/{meeting.Key[1]}";
                    await CheckPage(caller, client, pattern, (path, Everyone, false, caller.MaySee(meeting) ? HttpStatusCode.OK : HttpStatusCode.NotFound), records);
                }

                break;
        }
    }

    /// <summary>Opens a page as the caller and checks the answer by <paramref name="rule"/>; the page's text when it is one the caller reads.</summary>
    private static async Task<string?> CheckPage(Caller caller, HttpClient client, string pattern, (string Path, Role[] Roles, bool Anonymous, HttpStatusCode Status) rule, Dictionary<string, IReadOnlyList<StoredRecord>> records)
    {
        var (path, roles, anonymous, status) = rule;
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        if (caller.Role is not { } role)
        {
            if (!anonymous)
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
                return null;
            }
        }
        else if (!roles.Contains(role))
        {
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{caller.Name} on {path}: {response.StatusCode}");
            return null;
        }

        Assert.True(response.StatusCode == status, $"{caller.Name} on {path} ({pattern}): {response.StatusCode}");
        if (response.Content.Headers.ContentType?.MediaType != "text/html")
        {
            return null;
        }

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var hidden = HiddenTexts(caller, records).Where(t => html.Contains(t, StringComparison.Ordinal)).ToList();
        Assert.True(hidden.Count == 0, $"{caller.Name} on {path} sees text that only records hidden from it hold: {string.Join(" | ", hidden.Take(3))}");

        // The marking is never above what the reader may see, and the same at top and bottom.
        var markings = System.Text.RegularExpressions.Regex.Matches(html, "id=\"marking-(?:top|bottom)\">TLP:([A-Z]+)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, markings.Count);
        Assert.Equal(markings[0], markings[1]);
        Assert.True(Tlps.TryParse(markings[0], out var marking) && marking <= caller.Clearance, $"{caller.Name} on {path}: marked {markings[0]}");
        return html;
    }

    /// <summary>
    /// What is not classified: the rule data everyone reads (the obligation catalogue), and the
    /// workspace's deliveries and figures (the Users' names in them). A record quoting it reveals nothing.
    /// </summary>
    internal static string PublicText { get; } = string.Concat(Directory.GetFiles(SecPanel.Testing.Repo.Data, "*.csv")
        .Concat(Directory.GetFiles(SecPanel.Testing.Workspaces.Year, "*.csv").Where(f => Store.FileClass(Path.GetFileName(f)) == ImportFileClass.Figures))
        .Select(File.ReadAllText)
        .Append(ProductWords));

    /// <summary>
    /// What the pages write of their own that a record can also hold as a whole field: a Panel
    /// paper's title, which the generated Panel items take as theirs ("Sub-Committee Report").
    /// </summary>
    private const string ProductWords = "SEC Panel Sub-Committee Report";

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
