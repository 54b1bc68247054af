using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using SecPanel.Records;
using SecPanel.Storage;
using SecPanel.Storage.Tests;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary>
/// Papers over HTTP: built from the store as the command line builds them, kept, and each document
/// read only by those whose clearance reaches its level (every part of a DOCX included).
/// </summary>
public sealed partial class PaperTests
{
    /// <summary>The last Panel meeting of the generated year.</summary>
    public static readonly object Build = new { panelMeeting = 99, date = "2026-10-09", paper = 7, author = "A. Analyst", issued = "2026-10-01" };

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task APaperBuiltOverHttp_IsTheCommandLines_ToTheByte(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Workspaces.Year);
        server.Add("sam", Role.Secretariat, Tlp.Red);
        var sam = await server.SignedIn("sam");

        // A traffic management item at OPSG's meeting in the window, with its chart.
        var opsg = new NodaTime.LocalDate(2026, 9, 22);
        var outlook = new Traffic.TrafficOutlook("OPSG", opsg, "TM-SR", Traffic.TrafficService.ServiceRequests, 80,
            [.. Enumerable.Range(0, 60).Select(i => new Traffic.OutlookDay(new NodaTime.LocalDate(2026, 7, 1).PlusDays(i), i < 30 ? 100 + i : null, false, i < 30 ? null : 100 + i, i < 30 ? null : 90 + i, i < 30 ? null : 110 + i, 140, 180))]);
        Assert.True(server.Store.ImportWithOutlooks([new ImportText("items.csv", "items.csv", "committee,meeting_date,id,kind,title,text\nOPSG,2026-09-22,TM-SR,highlight,Traffic management: Service Requests,Growing.\n")], new ImportOptions("sam", AllowUpdates: true), [outlook]).Succeeded);

        var built = await sam.PostAsJsonAsync("/api/papers", Build, cancel);
        Assert.True(built.StatusCode == HttpStatusCode.Created, await built.Content.ReadAsStringAsync(cancel));
        var paper = await built.Json();
        Assert.Equal("SECP_99_0910_7", paper.GetProperty("reference").GetString());
        var documents = paper.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(["WHITE", "GREEN", "AMBER", "RED"], documents.Select(d => d.GetProperty("level").GetString()));

        // The command line over the same store writes the same files.
        using var folder = new TempFolder();
        var cli = new StringWriter();
        var code = Cli.SecPanelCommand.Run(["paper", "--db", DbArgument(server.Store.Location), "--panel-meeting", "99", "--date", "2026-10-09", "--paper", "7", "--author", "A. Analyst", "--issued", "2026-10-01", "--out", folder.Path], cli, new StringWriter(), server.Clock);
        Assert.Equal(0, code);
        foreach (var file in documents.SelectMany(d => d.GetProperty("files").EnumerateArray().Select(f => f.GetString()!)))
        {
            var served = await sam.GetByteArrayAsync(file, cancel);
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder.Path, file.Split('/')[^1])), served);
        }

        var markdown = await sam.GetStringAsync(documents[0].GetProperty("files").EnumerateArray().Select(f => f.GetString()!).Single(f => f.EndsWith(".md", StringComparison.Ordinal)), cancel);
        Assert.Contains("*Figure: Service Requests: the busiest minute of each day, 1 July 2026 to 30 July 2026, and the forecast to 29 August 2026", markdown, StringComparison.Ordinal);

        var docx = await sam.GetAsync(documents[0].GetProperty("files")[0].GetString(), cancel);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType!.MediaType);
        Assert.Equal("SECP_99_0910_7.docx", docx.Content.Headers.ContentDisposition!.FileName);

        // Built again, it replaces the first, and both builds are in the audit trail.
        Assert.Equal(HttpStatusCode.Created, (await sam.PostAsJsonAsync("/api/papers", Build, cancel)).StatusCode);
        Assert.Single((await (await sam.GetAsync("/api/papers", cancel)).Json()).EnumerateArray());
        Assert.Equal(["insert", "update"], server.Store.History("paper", "SECP_99_0910_7").Select(e => e.Action));
    }

    [Fact]
    public async Task WithForecastQuality_ThePaperOverHttp_IsTheCommandLines_AndItsPartNamesNobodyInTheBody()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Workspaces.Year);
        server.Add("sam", Role.Secretariat, Tlp.Red);
        var sam = await server.SignedIn("sam");

        var built = await sam.PostAsJsonAsync("/api/papers", new { panelMeeting = 99, date = "2026-10-09", paper = 7, author = "A. Analyst", issued = "2026-10-01", forecastQuality = true }, cancel);
        Assert.True(built.StatusCode == HttpStatusCode.Created, await built.Content.ReadAsStringAsync(cancel));
        var files = (await built.Json()).GetProperty("documents").EnumerateArray().SelectMany(d => d.GetProperty("files").EnumerateArray().Select(f => f.GetString()!)).ToList();

        using var folder = new TempFolder();
        var code = Cli.SecPanelCommand.Run(["paper", "--db", DbArgument(server.Store.Location), "--panel-meeting", "99", "--date", "2026-10-09", "--paper", "7", "--author", "A. Analyst", "--issued", "2026-10-01", "--forecast-quality", "--out", folder.Path], new StringWriter(), new StringWriter(), server.Clock);
        Assert.Equal(0, code);
        foreach (var file in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder.Path, file.Split('/')[^1])), await sam.GetByteArrayAsync(file, cancel));
        }

        // The twelve months before October 2026's paper that the year holds: November 2025 to September 2026; the body counts, the Green appendix names.
        var body = File.ReadAllText(Path.Combine(folder.Path, "SECP_99_0910_7.md"));
        Assert.Contains("Service Request (SR) Variance Report: over the 11 months from November 2025 to September 2026, 12 Users forecast their Service Requests.", body, StringComparison.Ordinal);
        var users = File.ReadAllLines(Path.Combine(Workspaces.Year, "variance.csv")).Skip(1).Select(l => l.Split(',')[2]).Where(u => u.Length > 0).Distinct().ToList();
        var start = body.IndexOf("#### Forecast quality", StringComparison.Ordinal);
        var part = body[start..body.IndexOf("\n### ", start, StringComparison.Ordinal)];
        Assert.All(users, user => Assert.DoesNotContain(user, part, StringComparison.Ordinal));
        var green = Directory.GetFiles(folder.Path, "SECP_99_0910_7_Appendix_*.md").Select(File.ReadAllText).Single(t => t.Contains("Forecast quality, Service Request (SR) Variance Report", StringComparison.Ordinal));
        Assert.Contains("| 1 | ", green, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task EachReader_GetsTheDocumentsItsClearanceReaches_AndNoTextAboveIt(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Workspaces.Year, o => o with { Public = true });
        server.Add("sam", Role.Secretariat, Tlp.Red);
        Assert.Equal(HttpStatusCode.Created, (await (await server.SignedIn("sam")).PostAsJsonAsync("/api/papers", Build, cancel)).StatusCode);
        var readers = new (string Name, HttpClient Client, Tlp Reads)[]
        {
            ("sec-amber", await server.SignedIn(server.Add("sec-amber", Role.Secretariat, Tlp.Amber).Name), Tlp.Amber),
            ("panel-green", await server.SignedIn(server.Add("panel-green", Role.Member, Tlp.Green, "Panel").Name), Tlp.Green),
            ("opsg-red", await server.SignedIn(server.Add("opsg-red", Role.Member, Tlp.Red, "OPSG").Name), Tlp.White),
            ("(anonymous)", server.Client(), Tlp.White),
            ("sam", await server.SignedIn("sam"), Tlp.Red),
        };
        var stems = server.Store.FindPaper("SECP_99_0910_7", Tlp.Red)!.Documents.ToDictionary(d => d.Level, d => d.Stem);
        Assert.Equal(4, stems.Count);
        var records = Store.RecordKinds.SelectMany(k => server.Store.ReadRecords(k, Access.Everything, new Dictionary<string, string>(), 0, 100_000).Records).ToList();
        foreach (var (name, client, reads) in readers)
        {
            var listed = (await (await client.GetAsync("/api/papers", cancel)).Json()).EnumerateArray().Single();
            var levels = listed.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("level").GetString()!).ToList();
            Assert.Equal(Enum.GetValues<Tlp>().Where(l => l <= reads).Select(l => l.Key()), levels);

            // Text only a record above the reader's level holds is in none of the files it reads.
            var readable = records.Where(r => r.Level <= reads).SelectMany(Texts).Select(Plain).ToHashSet(StringComparer.Ordinal);
            var hidden = records.Where(r => r.Level > reads).SelectMany(Texts).Select(Plain).Where(t => t.Length > 20 && !readable.Any(r => r.Contains(t, StringComparison.Ordinal))).ToList();
            var shown = new StringBuilder();
            foreach (var level in Enum.GetValues<Tlp>())
            {
                var stem = stems[level];
                foreach (var extension in new[] { ".docx", ".html", ".md" })
                {
                    var response = await client.GetAsync($"/api/papers/SECP_99_0910_7/{stem}{extension}", cancel);
                    Assert.Equal(level <= reads ? HttpStatusCode.OK : HttpStatusCode.NotFound, response.StatusCode);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        shown.Append(Plain(DocumentText(await response.Content.ReadAsByteArrayAsync(cancel), extension))).Append('\n');
                    }
                }
            }

            var text = shown.ToString();
            Assert.All(hidden, h => Assert.DoesNotContain(h, text, StringComparison.Ordinal));
            if (name == "sam")
            {
                // The check can fail: the reader cleared for everything finds RED-only text in what it reads.
                var redOnly = records.Where(r => r.Level == Tlp.Red).SelectMany(Texts).Select(Plain).Where(t => t.Length > 20).ToList();
                Assert.Contains(redOnly, text.Contains);
            }
        }

        // A document above the reader's level is answered as one that is not there.
        var anonymous = server.Client();
        var hiddenAnswer = await anonymous.GetAsync($"/api/papers/SECP_99_0910_7/{stems[Tlp.Red]}.docx", cancel);
        var absentAnswer = await anonymous.GetAsync("/api/papers/SECP_99_0910_7/no-such-document.docx", cancel);
        Assert.Equal(
            (await absentAnswer.Problem()).Replace("no-such-document", "X", StringComparison.Ordinal),
            (await hiddenAnswer.Problem()).Replace(stems[Tlp.Red], "X", StringComparison.Ordinal));
        Assert.Contains(server.Store.ServerLog(5), e => e.Actor == "(anonymous)" && e.Event == "hidden");
    }

    [Theory]
    [InlineData("""{"date": "2026-10-09", "paper": 7}""", 400, "panelMeeting is the Panel meeting's number")]
    [InlineData("""{"panelMeeting": 99, "date": "09/10/2026", "paper": 7}""", 400, "date is '09/10/2026'")]
    [InlineData("""{"panelMeeting": 99, "date": "2026-10-09", "paper": 7, "level": "RED"}""", 400, "above your clearance (AMBER)")]
    [InlineData("""{"panelMeeting": 99, "date": "2026-10-09", "paper": 7, "chartMonths": 13}""", 400, "chartMonths is 1 to 12")]
    [InlineData("""{"panelMeeting": 99, "date": "2026-10-10", "paper": 7}""", 422, "2026-10-10")]
    [InlineData("""{"panelMeeting": 99, "date": """, 400, "Malformed JSON")]
    public async Task APaperThatCannotBeBuilt_SaysWhy_AndKeepsNothing(string json, int status, string says)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Workspaces.Year);
        var sam = await server.SignedIn(server.Add("sam", Role.Secretariat, Tlp.Amber).Name);
        var response = await sam.PostAsync("/api/papers", new StringContent(json, Encoding.UTF8, "application/json"), cancel);
        Assert.Equal(status, (int)response.StatusCode);
        var problem = await response.Problem();
        Assert.True(problem.Contains(says, StringComparison.Ordinal), problem);
        Assert.Empty(server.Store.Papers(Tlp.Red));
    }

    /// <summary>The <c>--db</c> of a store: its file, or a postgres:// URL.</summary>
    internal static string DbArgument(StoreLocation location)
    {
        if (location.Kind == StoreKind.Sqlite)
        {
            return location.ConnectionString;
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(location.ConnectionString);
        var password = builder.Password is { Length: > 0 } given ? ":" + Uri.EscapeDataString(given) : string.Empty;
        return $"postgres://{Uri.EscapeDataString(builder.Username!)}{password}@{builder.Host}:{builder.Port}/{builder.Database}";
    }

    /// <summary>The text a reader sees in a downloaded document: every XML part of a DOCX, an HTML page's text, Markdown as it is.</summary>
    public static string DocumentText(byte[] bytes, string extension)
    {
        if (extension != ".docx")
        {
            var text = Encoding.UTF8.GetString(bytes);
            return extension == ".html" ? WebUtility.HtmlDecode(Tags().Replace(text, " ")) : text;
        }

        using var zip = new ZipArchive(new MemoryStream(bytes));
        var parts = new StringBuilder();
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal) || e.FullName.EndsWith(".rels", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            parts.Append(WebUtility.HtmlDecode(Tags().Replace(reader.ReadToEnd(), string.Empty))).Append('\n');
        }

        return parts.ToString();
    }

    /// <summary>Letters and digits only, so that markup, escaping and line breaks do not hide a text.</summary>
    public static string Plain(string text) => NotWord().Replace(text, string.Empty).ToUpperInvariant();

    /// <summary>The texts of a record a paper could show.</summary>
    public static IEnumerable<string> Texts(StoredRecord record) => TextFields.Select(f => record.Fields.GetValueOrDefault(f)).OfType<string>();

    private static readonly string[] TextFields = ["text", "title", "description", "condition", "outcome"];

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"[^\p{L}\p{N}]")]
    private static partial Regex NotWord();
}
