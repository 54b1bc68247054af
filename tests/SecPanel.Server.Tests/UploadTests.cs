using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SecPanel.Records;
using SecPanel.Storage;
using SecPanel.Storage.Tests;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary>
/// Uploads over HTTP: a case folder as a zip or one CSV file, validated with the store (every
/// problem located), kept for its account, then committed; hostile or wrong uploads refused with a
/// problem document, and nothing stored.
/// </summary>
public sealed class UploadTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ACaseFolderZipped_IsValidatedThenCommitted_AsTheImportOfTheFolderWouldBe(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Repo.Sample);
        server.Add("sam", Role.Secretariat, Tlp.Red);
        server.Add("kim", Role.Secretariat, Tlp.Red);
        var sam = await server.SignedIn("sam");
        var kim = await server.SignedIn("kim");
        var before = Dump.Of(server.Store);

        // The year's workspace, zipped as a folder is (every file under the folder's name, a README too).
        var zip = Zip(Directory.GetFiles(Workspaces.Year).Select(f => ("case-2026/" + Path.GetFileName(f), File.ReadAllBytes(f))));
        var uploaded = await sam.PostAsync("/api/imports", Content(zip, "application/zip"), cancel);
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync(cancel));
        var upload = await uploaded.Json();
        var id = upload.GetProperty("id").GetString()!;
        Assert.Equal($"/api/imports/{id}", uploaded.Headers.Location!.OriginalString);
        Assert.Contains("upload.zip/case-2026/actions.csv", upload.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.DoesNotContain(upload.GetProperty("files").EnumerateArray(), f => f.GetString()!.EndsWith("README.md", StringComparison.Ordinal));
        Assert.Equal(before, Dump.Of(server.Store)); // validated, not written

        // The upload is its account's: another's is not there.
        Assert.Equal(HttpStatusCode.OK, (await sam.GetAsync($"/api/imports/{id}", cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kim.GetAsync($"/api/imports/{id}", cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kim.PostAsync($"/api/imports/{id}/commit", null, cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kim.DeleteAsync($"/api/imports/{id}", cancel)).StatusCode);

        var committed = await sam.PostAsync($"/api/imports/{id}/commit", null, cancel);
        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        Assert.Equal(upload.GetProperty("counts").ToString(), (await committed.Json()).GetProperty("counts").ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await sam.GetAsync($"/api/imports/{id}", cancel)).StatusCode);

        // The same as the command line's import of the folder, under the uploader's name.
        using var expected = new StoreFixture(kind);
        var direct = expected.Init();
        Assert.True(direct.Import(Repo.Sample, new ImportOptions("tester")).Succeeded);
        Assert.True(direct.Import(Workspaces.Year, new ImportOptions("sam")).Succeeded);
        static string WithoutTimes(string dump) => string.Join('\n', System.Text.RegularExpressions.Regex.Replace(dump, "At = [^,]+, ", string.Empty)
            .Split('\n').Where(l => !l.StartsWith("AuditEntry { Actor = tester, Kind = account,", StringComparison.Ordinal)));
        Assert.Equal(WithoutTimes(Dump.Of(direct)), WithoutTimes(Dump.Of(server.Store)));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AnUploadWithProblems_GetsEveryProblemLocated_AndNothingIsKept(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Workspaces.Year);
        server.Add("sam", Role.Secretariat, Tlp.Red);
        var sam = await server.SignedIn("sam");
        var before = Dump.Of(server.Store);

        var variance = "obligation,period,user,sent,forecast\nsr-variance,2026-10,NEWUSER,ten,100\nsr-variance,2026-10,OTHER,5,\n";
        var response = await sam.PostAsync("/api/imports?file=variance.csv", Content(Encoding.UTF8.GetBytes(variance), "text/csv"), cancel);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problems = (await response.Json()).GetProperty("problems").EnumerateArray().ToList();
        Assert.Contains(problems, p => p.GetProperty("file").GetString() == "variance.csv" && p.GetProperty("line").GetInt32() == 2 && p.GetProperty("field").GetString() == "sent");

        // Changing a stored record needs ?update=true, as the command line's --update.
        var action = File.ReadAllLines(Path.Combine(Workspaces.Year, "actions.csv"))[..2];
        action[1] = action[1].Replace("Members to provide feedback", "Members to give feedback", StringComparison.Ordinal);
        var changed = await sam.PostAsync("/api/imports?file=actions.csv", Content(Encoding.UTF8.GetBytes(string.Join("\n", action) + "\n"), "text/csv"), cancel);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
        Assert.Contains("to replace it, upload it again with --update", await changed.Problem(), StringComparison.Ordinal);
        Assert.Equal(before, Dump.Of(server.Store));

        var updated = await sam.PostAsync("/api/imports?file=actions.csv&update=true", Content(Encoding.UTF8.GetBytes(string.Join("\n", action) + "\n"), "text/csv"), cancel);
        Assert.Equal(HttpStatusCode.Created, updated.StatusCode);
        Assert.Contains("\"updated\":1", (await updated.Json()).GetProperty("counts").ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task EachRole_UploadsOnlyItsOwnKindOfFile(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Workspaces.Year);
        server.Add("sam", Role.Secretariat, Tlp.Red);
        server.Add("olu", Role.Member, Tlp.Red, "OPSG");
        var sam = await server.SignedIn("sam");
        var olu = await server.SignedIn("olu");
        var dcc = server.Dcc();
        var items = Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(Workspaces.Year, "items.csv")));
        var rules = Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(Repo.Data, "obligations.csv")));
        var deliveries = Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(Workspaces.Year, "deliveries.csv")));

        var dccItems = await dcc.PostAsync("/api/imports?file=items.csv", Content(items, "text/csv"), cancel);
        Assert.Equal(HttpStatusCode.Forbidden, dccItems.StatusCode);
        Assert.Contains("the DCC uploads its deliveries, figures and maintenance windows", await dccItems.Problem(), StringComparison.Ordinal);
        var secRules = await sam.PostAsync("/api/imports?file=rules/obligations.csv", Content(rules, "text/csv"), cancel);
        Assert.Equal(HttpStatusCode.Forbidden, secRules.StatusCode);
        Assert.Contains("rule data is changed by an admin", await secRules.Problem(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await sam.PostAsync("/api/imports?file=obligations.csv", Content(rules, "text/csv"), cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sam.PostAsync("/api/imports", Content(Zip([("obligations.csv", rules)]), "application/zip"), cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await olu.PostAsync("/api/imports?file=items.csv", Content(items, "text/csv"), cancel)).StatusCode);

        // A zip does not get round it.
        var zipped = await dcc.PostAsync("/api/imports", Content(Zip([("deliveries.csv", deliveries), ("items.csv", items)]), "application/zip"), cancel);
        Assert.Equal(HttpStatusCode.Forbidden, zipped.StatusCode);

        var own = await dcc.PostAsync("/api/imports?file=deliveries.csv", Content(deliveries, "text/csv"), cancel);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AHostileOrWrongUpload_IsRefusedWithAProblem_AndNothingIsStored(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Repo.Sample, o => o with { MaxUploadBytes = 1024 * 1024 });
        server.Add("sam", Role.Secretariat, Tlp.Red);
        var sam = await server.SignedIn("sam");
        var before = Dump.Of(server.Store);
        var actions = Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(Workspaces.Year, "actions.csv")));

        async Task Refused(HttpContent content, HttpStatusCode status, string says, string query = "")
        {
            // As curl does with a large body, the client waits for the server to ask for it: one
            // refused by its length is then never sent.
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports" + query) { Content = content };
            request.Headers.ExpectContinue = true;
            var response = await sam.SendAsync(request, cancel);
            Assert.Equal(status, response.StatusCode);
            var problem = await response.Problem();
            Assert.True(problem.Contains(says, StringComparison.Ordinal), problem);
        }

        // A path that climbs out of the folder, or starts at the root.
        await Refused(Content(Zip([("actions.csv", actions), ("../../etc/cron.d/x.csv", actions)]), "application/zip"), HttpStatusCode.BadRequest, "the entry '../../etc/cron.d/x.csv' names a place outside the folder");
        await Refused(Content(Zip([("/etc/x.csv", actions)]), "application/zip"), HttpStatusCode.BadRequest, "names a place outside the folder");
        await Refused(Content(Zip([("case\\actions.csv", actions)]), "application/zip"), HttpStatusCode.BadRequest, "names a place outside the folder");

        // A zip bomb: a few hundred KB that inflate past the limit, refused as it inflates.
        var bomb = Zip([("actions.csv", new byte[ZipUpload.MaxTextBytes + 1])]);
        Assert.True(bomb.Length < 1024 * 1024, $"{bomb.Length}");
        await Refused(Content(bomb, "application/zip"), HttpStatusCode.RequestEntityTooLarge, "expands to more than 256 MB");

        // Too large before unzipping: refused by its length.
        await Refused(Content(new byte[(1024 * 1024) + 1], "application/zip"), HttpStatusCode.RequestEntityTooLarge, "at most 1,024 KB");

        // Not a zip, not UTF-8, not a type it takes, no file name, a zip of nothing to import.
        await Refused(Content(actions, "application/zip"), HttpStatusCode.BadRequest, "upload.zip is not a zip file");
        await Refused(Content([0x61, 0xff, 0x0a], "text/csv"), HttpStatusCode.BadRequest, "actions.csv is not UTF-8 text", "?file=actions.csv");
        await Refused(Content(actions, "application/json"), HttpStatusCode.UnsupportedMediaType, "An upload is a case folder as a zip");
        await Refused(Content(actions, "text/csv"), HttpStatusCode.BadRequest, "Say which file this is with ?file=");
        await Refused(Content(actions, "text/csv"), HttpStatusCode.BadRequest, "'verbose' is not a parameter of an upload", "?file=actions.csv&verbose=1");
        await Refused(Content(actions, "text/csv"), HttpStatusCode.BadRequest, "update is 'yes'", "?file=actions.csv&update=yes");
        await Refused(Content(Zip([("README.md", actions)]), "application/zip"), HttpStatusCode.UnprocessableEntity, "holds no CSV file");
        await Refused(Content(Zip([("notes.csv", actions)]), "application/zip"), HttpStatusCode.UnprocessableEntity, "upload.zip/notes.csv: is not a file SecPanel imports");
        await Refused(Content(actions, "text/csv"), HttpStatusCode.UnprocessableEntity, "not a file SecPanel imports", "?file=../actions.csv");

        Assert.Equal(before, Dump.Of(server.Store));
    }

    private static ByteArrayContent Content(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> files)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in files)
            {
                using var entry = archive.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(bytes);
            }
        }

        return zip.ToArray();
    }
}
