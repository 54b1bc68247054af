using Microsoft.Playwright;
using SecPanel.Records;
using SecPanel.Server.Tests;
using SecPanel.Storage;
using SecPanel.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace SecPanel.Web.Tests;

/// <summary>
/// The secretariat's month through the pages alone, in a real browser, on a server over a fresh
/// store: every page visited is checked for accessibility, marking and hidden text (<see cref="Visitor"/>).
/// </summary>
public sealed class SecretariatMonthTests(Browser browser)
{
    [Fact]
    public async Task Secretariat_UploadsABrokenSample_SeesItsProblemsLocated_FixesAndImportsIt_ThenReadsTheMonth()
    {
        await using var server = await RunningServer.Start(StoreKind.Sqlite, null);
        server.Add("sam", Role.Secretariat, Tlp.Red);
        using var folder = new TempFolder();
        var sam = new Visitor(await browser.NewPage(), "sam", []);
        var page = sam.Page;

        // Anyone who is not signed in is sent to sign in, and back afterwards.
        await page.GotoAsync(Flows.At(server, "/calendar?month=2018-08"));
        Assert.Contains("/sign-in", page.Url, StringComparison.Ordinal);
        await Flows.SignIn(sam, server, "sam", shot: "sign-in");

        // A sample with a bad date: nothing is stored, and the problem is named by file, line and field.
        await sam.Open(Flows.At(server, "/uploads"), "upload");
        var broken = Flows.SampleZip(folder.Path, "broken.zip", ("actions.csv", "Feedback on SMETS2 compliance,Members,2018-07,", "Feedback on SMETS2 compliance,Members,July 2018,"));
        await page.GetByLabel("Files").SetInputFilesAsync(broken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the files" }).ClickAsync();
        var problems = page.Locator("table.problems tbody tr");
        await Expect(problems).ToHaveCountAsync(1);
        await Expect(problems.Locator("td").Nth(0)).ToHaveTextAsync("broken.zip/actions.csv");
        await Expect(problems.Locator("td").Nth(1)).ToHaveTextAsync("3");
        await Expect(problems.Locator("td").Nth(2)).ToHaveTextAsync("due");
        await sam.Check("upload-problems");
        Assert.Equal(0, server.Store.ReadRecords("action", Access.Everything, new Dictionary<string, string>(), 0, 10).Total);

        // Fixed: what the import would change, to confirm; then imported.
        await page.GetByLabel("Files").SetInputFilesAsync(Flows.SampleZip(folder.Path, "sample.zip"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the files" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Confirm the import");
        await sam.Check("upload-confirm");
        Assert.Equal(0, server.Store.ReadRecords("action", Access.Everything, new Dictionary<string, string>(), 0, 10).Total);

        // Left for a moment, the upload waits on the uploads page to be come back to.
        await sam.Open(Flows.At(server, "/uploads"), "upload-pending");
        var waiting = page.Locator("section[aria-labelledby='pending-heading'] tbody tr");
        await Expect(waiting).ToHaveCountAsync(1);
        await Expect(waiting).ToContainTextAsync("new records");
        await waiting.Locator("a").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Confirm the import");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Imported");
        await sam.Check("upload-imported");
        Assert.Equal(2, server.Store.ReadRecords("action", Access.Everything, new Dictionary<string, string>(), 0, 10).Total);

        // The OPSG meeting: its DCC reporting table with the figures behind it, and an observation added on a report.
        await sam.Open(Flows.At(server, "/meetings"), "meetings");
        await page.GetByRole(AriaRole.Link, new() { Name = "26 Jun 2018" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("OPSG meeting of 26 Jun 2018");
        var srRow = page.Locator("table.dcc tbody tr", new() { HasText = "Service Request (SR) Variance Report" });
        await Expect(srRow).ToContainTextAsync("Late by");
        await Expect(page.Locator("svg.chart").First).ToBeVisibleAsync();
        await sam.Check("meeting");
        await page.GetByLabel("Report", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Service Request (SR) Variance Report – May 2018" });
        await page.GetByLabel("Title").FillAsync("SR forecasts");
        await page.GetByLabel("Observation", new() { Exact = true }).FillAsync("Members asked the DCC to explain the SR forecast for May.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the observation" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("The observation is added.");
        await Expect(srRow).ToContainTextAsync("Members asked the DCC to explain the SR forecast for May.");

        // Actions: the open ones of OPSG, one closed, and the change in its history.
        await sam.Open(Flows.At(server, "/records/actions?committee=OPSG&status=open"), "actions");
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Link, new() { Name = "A2" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Feedback on SMETS2 compliance");
        await sam.Check("action");
        await page.GetByLabel("On (YYYY-MM-DD)").FillAsync("2018-07-10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close the action" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Saved.");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("10 Jul 2018");
        var change = page.Locator("table.history tbody tr").Last;
        await Expect(change).ToContainTextAsync("sam");
        await Expect(change.Locator("li", new() { HasText = "Closed" })).ToContainTextAsync("10 Jul 2018");
        await Expect(change.Locator("li", new() { HasText = "Status" }).Locator("del")).ToHaveTextAsync("open");
        await Expect(change.Locator("li", new() { HasText = "Status" }).Locator("ins")).ToHaveTextAsync("done");
        await sam.Check("action-closed");
        Assert.Equal("done", server.Store.ReadRecord("action", Access.Everything, ["OPSG", "2018-06-26", "A2"])!.Fields["status"]);

        // A closing date before the meeting is refused at its field, and nothing changes.
        await page.GotoAsync(Flows.At(server, "/records/actions/OPSG/2018-06-26/A1"));
        await page.GetByLabel("On (YYYY-MM-DD)").FillAsync("2018-01-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close the action" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Closed: 2018-01-01 is before the meeting");
        Assert.Equal("open", server.Store.ReadRecord("action", Access.Everything, ["OPSG", "2018-06-26", "A1"])!.Fields["status"]);

        // Carried forward: a new due month.
        await page.GetByLabel("Due by").FillAsync("2018-09");
        await page.GetByRole(AriaRole.Button, new() { Name = "Carry forward" }).ClickAsync();
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("Sep 2018");

        // A new action raised.
        await page.GotoAsync(Flows.At(server, "/records/actions/add"));
        await page.GetByLabel("Committee (part of the key)").SelectOptionAsync("OPSG");
        await page.GetByLabel("Meeting date (part of the key)").FillAsync("2018-06-26");
        await page.GetByLabel("Id (part of the key)").FillAsync("A3");
        await page.GetByLabel("Title").FillAsync("Planned maintenance consultation");
        await page.GetByLabel("Owner").FillAsync("DCC");
        await page.GetByLabel("Due").FillAsync("2018-08");
        await page.GetByLabel("Status").SelectOptionAsync("open");
        await page.GetByLabel("Classification").SelectOptionAsync("WHITE");
        await sam.Check("action-add");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Planned maintenance consultation");

        // A risk revised: both revisions side by side, the changed fields marked.
        await page.GotoAsync(Flows.At(server, "/records/risks/add"));
        var risk = server.Store.ReadRecord("risk", Access.Everything, ["TR-21", "1"])!.Fields;
        foreach (var field in Store.RecordColumns("risk"))
        {
            var value = field switch { "revision" => "2", "date" => "2018-07-12", "likelihood" => "4", _ => risk[field] ?? string.Empty };
            var box = page.Locator($"#a-{field}");
            if (await box.EvaluateAsync<string>("e => e.tagName") == "SELECT")
            {
                await box.SelectOptionAsync(value);
            }
            else
            {
                await box.FillAsync(value);
            }
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        await Expect(page.Locator("table.revisions thead th")).ToHaveCountAsync(2);
        await Expect(page.Locator("table.revisions tr", new() { HasText = "Likelihood" }).Locator("td.changed")).ToHaveTextAsync("4 (changed)");
        await sam.Check("risk-revisions");

        // The month: the reports due in July 2018 and the two months before, and the actions and meetings.
        await sam.Open(Flows.At(server, "/?date=2018-07-02"), "dashboard");
        await Expect(page.Locator("h2#reports-heading")).ToContainTextAsync("May 2018 to Jul 2018");
        var pmr = page.Locator("tbody tr", new() { HasText = "Performance Measurement Report" }).First;
        await Expect(pmr).ToContainTextAsync("Mar 2018");
        await Expect(pmr.Locator("time").First).ToHaveAttributeAsync("datetime", "2018-05-08");
        await Expect(pmr.Locator(".status")).ToHaveTextAsync("delivered");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "OPSG", Exact = true })).ToBeVisibleAsync();

        // The exceptions in the figures of the last OPSG meeting: CSR above and SR below tolerance.
        await Expect(page.Locator("#exceptions-heading")).ToContainTextAsync("OPSG meeting of 26 Jun 2018");
        await Expect(page.Locator("ul.exceptions")).ToContainTextAsync("157.7% of the forecast volume");
        await Expect(page.Locator("ul.exceptions")).ToContainTextAsync("35.8% of the forecast volume");

        // The calendar: August 2018's bank holiday, and what falls due in the month.
        await sam.Open(Flows.At(server, "/calendar?month=2018-08"), "calendar");
        await Expect(page.Locator("td.holiday")).ToContainTextAsync("Bank holiday: Summer bank holiday");
        await Expect(page.Locator("td.holiday time")).ToHaveAttributeAsync("datetime", "2018-08-27");
        await sam.Open(Flows.At(server, "/obligations"), "obligations");
        await Expect(page.Locator("tbody tr")).Not.ToHaveCountAsync(0);
        await page.GetByLabel("Report, clause or rule contains").FillAsync("H13.4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.Locator("tbody tr")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("caption")).ToContainTextAsync("of");

        // The traffic figures of the months stored.
        await sam.Open(Flows.At(server, "/traffic?month=2018-05"), "traffic");
        await Expect(page.Locator("#h-csr-variance + p")).ToContainTextAsync("873,383 sent against a forecast of 553,814: 157.7% of the forecast");

        // The Panel paper: built, previewed in the page, and downloaded.
        await sam.Open(Flows.At(server, "/papers"), "papers");
        await page.GetByLabel("Panel meeting number").FillAsync("58");
        await page.GetByLabel("Panel meeting date (YYYY-MM-DD)").FillAsync("2018-07-13");
        await page.GetByLabel("Paper number").FillAsync("20");
        await page.GetByLabel("Author").FillAsync("Hollie McGovern");
        await page.GetByLabel("Issued on").FillAsync("2018-07-06");
        await page.GetByRole(AriaRole.Button, new() { Name = "Build the paper" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("SECP_58_1307_20");
        await Expect(page.Locator(".notice")).ToContainTextAsync("The paper is built.");
        await Expect(page.FrameLocator("iframe.preview").Locator("h1").First).ToBeVisibleAsync();
        await sam.Check("paper");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[href$='SECP_58_1307_20.docx']").ClickAsync());
        var word = Path.Combine(folder.Path, download.SuggestedFilename);
        await download.SaveAsAsync(word);
        Assert.Equal("SECP_58_1307_20.docx", download.SuggestedFilename);
        using (var docx = System.IO.Compression.ZipFile.OpenRead(word))
        {
            Assert.NotNull(docx.GetEntry("word/document.xml"));
        }

        var appendix = page.GetByRole(AriaRole.Link, new() { Name = "Preview Appendix" });
        await appendix.ClickAsync();
        await Expect(page.Locator("#preview-heading")).ToContainTextAsync("Appendix");
        Assert.Equal(Tlp.Red, await sam.Marking());

        // A new password: a wrong current one is refused at its field; then it is changed, and the next sign-in uses it.
        await sam.Open(Flows.At(server, "/account"), "account");
        await page.GetByLabel("Current password").FillAsync("not the password");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a new and longer passphrase");
        await page.GetByLabel("New password again").FillAsync("a new and longer passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("The current password is wrong.");
        await Expect(page.Locator("#current")).ToHaveAttributeAsync("aria-invalid", "true");
        await sam.Check("account-problem");
        await page.GetByLabel("Current password").FillAsync(RunningServer.Password);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a new and longer passphrase");
        await page.GetByLabel("New password again").FillAsync("a new and longer passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Your password is changed.");
        Assert.Contains(server.Store.ServerLog(10), e => e is { Actor: "sam", Event: "password changed" });

        // A calendar feed of OPSG's deadlines: its address shown once, read without signing in, until it is revoked.
        await page.GetByLabel("What it holds").SelectOptionAsync(new SelectOptionValue { Label = "OPSG only" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Make a feed address" }).ClickAsync();
        var address = await page.GetByLabel("Address to subscribe to").InputValueAsync();
        await sam.Check("account-feed");
        using var calendarProgram = new HttpClient();
        var feed = await calendarProgram.GetAsync(address, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, feed.StatusCode);
        Assert.StartsWith("BEGIN:VCALENDAR", await feed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var id = new Uri(address).Segments[2].TrimEnd('/');
        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke feed {id}" }).ClickAsync();
        await Expect(page.Locator("table", new() { HasText = "Your feeds" })).ToContainTextAsync("revoked");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await calendarProgram.GetAsync(address, TestContext.Current.CancellationToken)).StatusCode);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        Assert.Contains("/sign-in", page.Url, StringComparison.Ordinal);
        await page.GotoAsync(Flows.At(server, "/"));
        Assert.Contains("/sign-in", page.Url, StringComparison.Ordinal);
        await Flows.SignIn(sam, server, "sam", "a new and longer passphrase");
    }
}
