using System.Net;
using System.Text.Json;
using NodaTime.Text;
using SecPanel.Records;
using SecPanel.Storage;
using SecPanel.Storage.Tests;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary>The dashboard summary: the month's reports with the command line's due dates, and each part only what the caller may see.</summary>
public sealed class DashboardTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TheDashboard_HasTheMonthsReportsAtTheirDueDates_AndTheCallersActionsAndMeetings(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Workspaces.Year);
        var sam = await server.SignedIn(server.Add("sam", Role.Secretariat, Tlp.Red).Name);
        var member = await server.SignedIn(server.Add("olu", Role.Member, Tlp.Green, "OPSG", "TAG").Name);
        var dcc = server.Dcc();

        var dashboard = await (await sam.GetAsync("/api/dashboard?date=2026-10-20", cancel)).Json();
        Assert.Equal("2026-10-20", dashboard.GetProperty("date").GetString());
        var reports = dashboard.GetProperty("reports").EnumerateArray().ToList();
        Assert.Contains(reports, r => r.GetProperty("obligation").GetString() == "pmr" && r.GetProperty("period").GetString() == "2026-08");
        var deliveries = server.Store.ReadRecords("delivery", Access.Everything, new Dictionary<string, string>(), 0, 100_000).Records
            .ToDictionary(d => (d.Key[0], d.Key[1]), d => d.Fields["delivered"]);
        var calendar = RuleBook.Load(Repo.Data, Repo.Data).Value.CalendarFor(Calendar.Region.EnglandAndWales);
        foreach (var report in reports)
        {
            var (obligation, period, due) = (report.GetProperty("obligation").GetString()!, report.GetProperty("period").GetString()!, report.GetProperty("due").GetString()!);
            Assert.InRange(string.CompareOrdinal(due, "2026-08-01"), 0, int.MaxValue);
            Assert.InRange(string.CompareOrdinal(due, "2026-10-31"), int.MinValue, 0);

            // The due date is the command line's.
            var said = new StringWriter();
            Assert.Equal(0, Cli.SecPanelCommand.Run(["due", obligation, period], said, new StringWriter(), server.Clock));
            Assert.Equal(due, said.ToString().Trim());

            var delivered = deliveries.GetValueOrDefault((obligation, period));
            Assert.Equal(delivered, report.GetProperty("delivered").GetString());
            var status = report.GetProperty("status").GetString();
            Assert.Equal(delivered is null ? (string.CompareOrdinal(due, "2026-10-20") >= 0 ? "due" : "late") : string.CompareOrdinal(delivered, due) <= 0 ? "delivered" : "delivered late", status);
            if (status == "due")
            {
                Assert.Equal(LocalDatePattern.Iso.Parse(due).Value, calendar.NthWorkingDayAfter(new NodaTime.LocalDate(2026, 10, 20), report.GetProperty("workingDaysLeft").GetInt32()));
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, report.GetProperty("workingDaysLeft").ValueKind);
            }
        }

        // Actions and meetings: what each caller may see, no more.
        foreach (var (client, access) in new[] { (sam, Access.Everything), (member, new Access(Tlp.Green, new HashSet<string> { "OPSG", "TAG" })) })
        {
            var body = await (await client.GetAsync("/api/dashboard?date=2026-06-01", cancel)).Json();
            var open = server.Store.ReadRecords("action", access, new Dictionary<string, string> { ["status"] = "open" }, 0, 100_000).Records;
            Assert.True(open.Count > 0);
            Assert.Equal(open.GroupBy(a => a.Committee).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count(), g.Count(a => string.CompareOrdinal(a.Fields["due"], "2026-06") < 0))),
                body.GetProperty("actions").EnumerateArray().Select(a => (a.GetProperty("committee").GetString()!, a.GetProperty("open").GetInt32(), a.GetProperty("overdue").GetInt32())));
            var meetings = body.GetProperty("meetings").EnumerateArray().Select(m => (m.GetProperty("committee").GetString()!, m.GetProperty("date").GetString()!)).ToList();
            var expected = server.Store.ReadRecords("meeting", access, new Dictionary<string, string>(), 0, 100_000).Records
                .Where(m => string.CompareOrdinal(m.Key[1], "2026-06-01") >= 0).OrderBy(m => m.Key[1], StringComparer.Ordinal).ThenBy(m => m.Key[0], StringComparer.Ordinal).Take(10)
                .Select(m => (m.Key[0], m.Key[1]));
            Assert.Equal(expected, meetings);
        }

        // The DCC reads the reports and the meetings, not the committees' actions.
        var forDcc = await (await dcc.GetAsync("/api/dashboard?date=2026-10-20", cancel)).Json();
        Assert.Equal(JsonValueKind.Null, forDcc.GetProperty("actions").ValueKind);
        Assert.Equal(dashboard.GetProperty("reports").ToString(), forDcc.GetProperty("reports").ToString());

        // The exceptions: those of the last OPSG meeting on or before the date, as the assessment of
        // that meeting finds them; the same for every caller who sees OPSG's meetings.
        var last = server.Store.ReadRecords("meeting", Access.Everything, new Dictionary<string, string> { ["committee"] = "OPSG" }, 0, 100_000).Records
            .Select(m => m.Key[1]).Where(d => string.CompareOrdinal(d, "2026-10-20") <= 0).Max(StringComparer.Ordinal)!;
        var findings = server.Store.Assess("OPSG", LocalDatePattern.Iso.Parse(last).Value).Value.Reports.Where(r => r.Content?.HasFindings == true).Select(r => $"{r.Obligation.Key} {r.Period}").ToList();
        Assert.NotEmpty(findings);
        foreach (var body in new[] { dashboard, forDcc, await (await member.GetAsync("/api/dashboard?date=2026-10-20", cancel)).Json() })
        {
            var exceptions = body.GetProperty("exceptions");
            Assert.Equal(("OPSG", last), (exceptions.GetProperty("committee").GetString(), exceptions.GetProperty("meetingDate").GetString()));
            Assert.Equal(findings, exceptions.GetProperty("reports").EnumerateArray().Select(r => $"{r.GetProperty("obligation").GetString()} {r.GetProperty("period").GetString()}"));
        }

        // A member who sees no OPSG meeting sees no exceptions.
        var tag = await server.SignedIn(server.Add("tam", Role.Member, Tlp.Red, "TAG").Name);
        Assert.Equal(JsonValueKind.Null, (await (await tag.GetAsync("/api/dashboard?date=2026-10-20", cancel)).Json()).GetProperty("exceptions").ValueKind);
    }

    [Fact]
    public async Task TheCalendarOfAYear_HasTheCommandLinesHolidaysAndDueDates_ForAnyoneWhenPublic()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Repo.Sample, o => o with { Public = true });
        var calendar = await (await server.Client().GetAsync("/api/calendar/2026", cancel)).Json();

        var holidays = new StringWriter();
        Assert.Equal(0, Cli.SecPanelCommand.Run(["calendar", "2026"], holidays, new StringWriter(), server.Clock));
        Assert.Equal(holidays.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries),
            calendar.GetProperty("bankHolidays").EnumerateArray().Select(h => $"{h.GetProperty("date").GetString()}  {h.GetProperty("name").GetString()}"));

        var due = calendar.GetProperty("due").EnumerateArray().ToList();
        Assert.Equal(12, due.Count(d => d.GetProperty("obligation").GetString() == "pmr"));
        foreach (var instance in due)
        {
            var said = new StringWriter();
            Assert.Equal(0, Cli.SecPanelCommand.Run(["due", instance.GetProperty("obligation").GetString()!, instance.GetProperty("period").GetString()!], said, new StringWriter(), server.Clock));
            Assert.Equal(said.ToString().Trim(), instance.GetProperty("due").GetString());
            Assert.StartsWith("2026-", instance.GetProperty("due").GetString(), StringComparison.Ordinal);
        }

        var bad = await server.Client().GetAsync("/api/calendar/1899", cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("it is 1900 to 2199", await bad.Problem(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?date=20/10/2026", "date is '20/10/2026'; it is YYYY-MM-DD.")]
    [InlineData("?month=2026-10", "'month' is not a parameter of the dashboard")]
    public async Task ADashboardAskedWrongly_SaysWhat(string query, string says)
    {
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Repo.Sample);
        var ada = await server.SignedIn(server.Add("ada", Role.Admin, Tlp.Red).Name);
        var response = await ada.GetAsync("/api/dashboard" + query, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(says, await response.Problem(), StringComparison.Ordinal);
    }
}
