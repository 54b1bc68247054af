using Microsoft.Playwright;
using SecPanel.Records;
using SecPanel.Server.Tests;
using SecPanel.Storage;
using SecPanel.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace SecPanel.Web.Tests;

/// <summary>
/// The other roles in the browser, over the sample: an admin builds the paper and reads the
/// server's log; a member cleared to Amber walks every page it may open and never sees a Red
/// record's text; the DCC uploads its deliveries, and nothing else.
/// </summary>
public sealed class RolesTests(Browser browser)
{
    [Fact]
    public async Task Admin_BuildsThePaper_ThenAnAmberMember_SeesNoRedTextOnAnyPage()
    {
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Flows.Sample);
        server.Add("ada", Role.Admin, Tlp.Red);
        server.Add("mo", Role.Member, Tlp.Amber, "OPSG", "SSC", "Panel");
        var ada = new Visitor(await browser.NewPage(), "ada", []);
        await Flows.SignIn(ada, server, "ada");
        await ada.Page.GotoAsync(Flows.At(server, "/papers"));
        await ada.Page.GetByLabel("Panel meeting number").FillAsync("58");
        await ada.Page.GetByLabel("Panel meeting date (YYYY-MM-DD)").FillAsync("2018-07-13");
        await ada.Page.GetByLabel("Paper number").FillAsync("20");
        await ada.Page.GetByRole(AriaRole.Button, new() { Name = "Build the paper" }).ClickAsync();
        await Expect(ada.Page.Locator("tbody tr")).ToHaveCountAsync(2);

        // The member: Amber, of OPSG, SSC and the Panel. The SSC's Director Letters and Verification
        // Assessments are Red, and so is the paper's appendix.
        var access = new Access(Tlp.Amber, new HashSet<string> { "OPSG", "SSC", "Panel" });
        var hidden = Visitor.HiddenFrom(server.Store, access, Flows.Sample);
        Assert.NotEmpty(hidden);
        var mo = new Visitor(await browser.NewPage(), "mo", hidden);
        var page = mo.Page;
        await Flows.SignIn(mo, server, "mo");
        await mo.Check("member-dashboard");

        // By keyboard: the first Tab reaches the skip link, which takes the focus to the content.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("a.skip")).ToBeFocusedAsync();
        await Expect(page.Locator("a.skip")).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();
        await mo.Open(Flows.At(server, "/meetings"), "member-meetings");
        Assert.Equal(200, await mo.Open(Flows.At(server, "/meetings/SSC/2018-06-20"), "member-meeting-ssc"));
        await Expect(page.Locator("#records-heading + ul")).Not.ToContainTextAsync("Director Letter");
        Assert.Equal(200, await mo.Open(Flows.At(server, "/records/director-letters"), "member-director-letters"));
        await Expect(page.Locator("main")).ToContainTextAsync("No director letters are recorded.");
        Assert.Equal(404, await mo.Open(Flows.At(server, "/records/director-letters/2018-06-20/DL1"), "member-hidden-record"));
        Assert.Equal(200, await mo.Open(Flows.At(server, "/records/items"), "member-items"));
        Assert.Equal(200, await mo.Open(Flows.At(server, "/papers/SECP_58_1307_20"), "member-paper"));
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        Assert.Equal(404, (await page.GotoAsync(Flows.At(server, "/api/papers/SECP_58_1307_20/SECP_58_1307_20_Appendix_A.html")))!.Status);
        Assert.Equal(200, await mo.Open(Flows.At(server, "/traffic"), "member-traffic"));
        Assert.Equal(200, await mo.Open(Flows.At(server, "/calendar?month=2018-07"), "member-calendar"));
        Assert.Equal(403, await mo.Open(Flows.At(server, "/uploads"), "member-refused"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Not allowed");
        Assert.Equal(403, (await page.GotoAsync(Flows.At(server, "/admin/log")))!.Status);
        foreach (var shot in mo.Checked)
        {
            Assert.True(File.Exists(Path.Combine(Browser.Screenshots, $"{shot}-phone.png")), shot);
        }

        // The check can fail: the admin, cleared to Red, sees such text on the Director Letter's page.
        await ada.Page.GotoAsync(Flows.At(server, "/records/director-letters/2018-06-20/DL1"));
        var html = System.Net.WebUtility.HtmlDecode(await ada.Page.ContentAsync());
        Assert.Contains(hidden, t => html.Contains(t, StringComparison.Ordinal));

        // The admin's log: the member's sign-in, the record it may not see, the pages refused.
        await ada.Open(Flows.At(server, "/admin/log"), "server-log");
        var log = ada.Page;
        await Expect(log.Locator("tbody tr", new() { HasText = "/records/director-letters/2018-06-20/DL1" })).ToContainTextAsync("hidden");
        await Expect(log.Locator("tbody tr", new() { HasText = "refused" }).First).ToContainTextAsync("mo");
        await Expect(log.Locator("tbody tr", new() { HasText = "signed in" }).First).ToContainTextAsync("mo");
    }

    [Fact]
    public async Task Dcc_UploadsItsDeliveries_IsRefusedCommitteeRecords_AndReadsItsDeadlines()
    {
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Flows.Sample);
        Flows.AddDcc(server, "dcc-staff");
        using var folder = new TempFolder();
        var dcc = new Visitor(await browser.NewPage(), "dcc-staff", Visitor.HiddenFrom(server.Store, null, Flows.Sample));
        var page = dcc.Page;
        // Signed in by keyboard alone: type the name, Tab to the password, Enter.
        await page.GotoAsync(Flows.At(server, "/sign-in"));
        await Expect(page.GetByLabel("Name")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("dcc-staff");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(RunningServer.Password);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");
        await dcc.Check("dcc-dashboard");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Records" })).ToHaveCountAsync(0);

        // Its deliveries: the June reports delivered.
        var deliveries = Path.Combine(folder.Path, "deliveries.csv");
        File.WriteAllText(deliveries, File.ReadAllText(Path.Combine(Flows.Sample, "deliveries.csv")) + "pmr,2018-05,2018-07-04,,\n");
        await dcc.Open(Flows.At(server, "/uploads"), "dcc-upload");
        await page.GetByLabel("Files").SetInputFilesAsync(deliveries);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the files" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Confirm the import");
        await Expect(page.Locator("tbody tr", new() { HasText = "delivery" })).ToContainTextAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Imported");
        Assert.NotNull(server.Store.ReadRecord("delivery", Access.Everything, ["pmr", "2018-05"]));
        await dcc.Open(Flows.At(server, "/deliveries?obligation=pmr"), "dcc-deliveries");
        await Expect(page.Locator("tbody tr", new() { HasText = "4 Jul 2018" }).Locator("td").First).ToHaveTextAsync("May 2018");

        // A committee's records are not the DCC's to upload: refused, nothing read.
        var actions = Path.Combine(folder.Path, "actions.csv");
        File.Copy(Path.Combine(Flows.Sample, "actions.csv"), actions);
        await page.GotoAsync(Flows.At(server, "/uploads"));
        await page.GetByLabel("Files").SetInputFilesAsync(actions);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the files" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("the DCC uploads its deliveries, figures and maintenance windows");
        await dcc.Check("dcc-upload-refused");

        // Its deadlines, and whether its reports came in time.
        await dcc.Open(Flows.At(server, "/?date=2018-07-06"), "dcc-deadlines");
        var pmr = page.Locator("tbody tr", new() { HasText = "Performance Measurement Report" }).Filter(new() { HasText = "5 Jul 2018" });
        await Expect(pmr.Locator(".status")).ToHaveTextAsync("delivered");
        Assert.Equal(403, (await page.GotoAsync(Flows.At(server, "/records/actions")))!.Status);
        Assert.Equal(200, await dcc.Open(Flows.At(server, "/meetings/OPSG/2018-06-26"), "dcc-meeting"));
        await Expect(page.Locator("table.dcc")).ToBeVisibleAsync();
    }
}

/// <summary>Forecast quality: the ranking and each User's chart from Green, the counts alone below.</summary>
public sealed class ForecastQualityPageTests(Browser browser)
{
    [Fact]
    public async Task TheSecretariat_SeesTheRankingAndEachUsersChart_TheDcc_TheCountsAlone()
    {
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Workspaces.Year);
        server.Add("sam", Role.Secretariat, Tlp.Red);
        var sam = new Visitor(await browser.NewPage(), "sam", []);
        await Flows.SignIn(sam, server, "sam");
        Assert.Equal(200, await sam.Open(Flows.At(server, "/forecast-quality"), "forecast-quality"));
        var page = sam.Page;
        await Expect(page.Locator("table tbody tr")).ToHaveCountAsync(12);
        await page.Locator("details summary").First.ClickAsync();
        await Expect(page.Locator("details[open] svg.chart")).ToBeVisibleAsync();
        await sam.Check("forecast-quality-user");

        // The DCC's account is cleared White: the counts, no User named.
        var users = File.ReadAllLines(Path.Combine(Workspaces.Year, "variance.csv")).Skip(1).Select(l => l.Split(',')[2]).Where(u => u.Length > 0).Distinct().ToList();
        Flows.AddDcc(server, "dcc-staff");
        var dcc = new Visitor(await browser.NewPage(), "dcc-staff", users);
        await Flows.SignIn(dcc, server, "dcc-staff");
        Assert.Equal(200, await dcc.Open(Flows.At(server, "/forecast-quality"), "forecast-quality-counts"));
        await Expect(dcc.Page.Locator("main")).ToContainTextAsync("Users are named to accounts cleared Green and above.");
    }
}

/// <summary>Planned Maintenance: the DCC uploads its windows, and the page shows each with its notice, short notice marked.</summary>
public sealed class MaintenancePageTests(Browser browser)
{
    [Fact]
    public async Task TheDcc_UploadsItsWindows_AndThePageMarksTheOneGivenShortNotice()
    {
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Flows.Sample);
        Flows.AddDcc(server, "dcc-staff");
        using var folder = new TempFolder();
        var dcc = new Visitor(await browser.NewPage(), "dcc-staff", Visitor.HiddenFrom(server.Store, null, Flows.Sample));
        await Flows.SignIn(dcc, server, "dcc-staff");
        var page = dcc.Page;

        var windows = Path.Combine(folder.Path, "maintenance.csv");
        File.WriteAllText(windows, "id,service,start,end,notified,description\nPM-2018-06,ssi,2018-06-10T00:00,2018-06-10T04:00,2018-05-01,Database upgrade\nPM-2018-07,ssi,2018-07-01T00:00,2018-07-01T03:00,2018-06-20,Urgent security patching\n");
        await dcc.Open(Flows.At(server, "/uploads"), "dcc-upload-maintenance");
        await page.GetByLabel("Files").SetInputFilesAsync(windows);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the files" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Confirm the import");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Imported");

        await page.GetByRole(AriaRole.Link, new() { Name = "Maintenance" }).ClickAsync();
        await page.GetByLabel("Starting from").FillAsync("2018-06-01");
        await page.GetByLabel("to", new() { Exact = true }).FillAsync("2018-07-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("tbody tr", new() { HasText = "PM-2018-07" }).Locator("td[data-label=Notice]")).ToHaveTextAsync("Short notice: 7 of 20 Working Days");
        await Expect(page.Locator("tbody tr", new() { HasText = "PM-2018-06" }).Locator("td[data-label=Notice]")).ToHaveTextAsync("26 Working Days (20 required)");
        await dcc.Check("maintenance");
    }
}

/// <summary>The checks every page gets can fail: a control for each of them.</summary>
public sealed class VisitorTests(Browser browser)
{
    [Fact]
    public async Task AnInlineStyleTheContentSecurityPolicyBlocks_FailsThePagesCheck()
    {
        await using var server = await RunningServer.Start(StoreKind.Sqlite, null);
        server.Add("sam", Role.Secretariat, Tlp.Red);
        var sam = new Visitor(await browser.NewPage(), "sam", []);
        await Flows.SignIn(sam, server, "sam");

        // An inline style the content security policy blocks is reported on the console.
        await sam.Page.GotoAsync(Flows.At(server, "/obligations"));
        await sam.Page.EvaluateAsync("() => { const p = document.createElement('p'); p.innerHTML = '<span style=\"color: red\">x</span>'; document.querySelector('main').append(p); }");
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => sam.Check("control-console"));
        Assert.Contains("Content Security Policy", failure.Message, StringComparison.Ordinal);
    }
}
