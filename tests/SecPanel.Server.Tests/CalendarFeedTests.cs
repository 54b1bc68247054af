using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ical.Net.CalendarComponents;
using NodaTime;
using NodaTime.Text;
using SecPanel.Calendar;
using SecPanel.Records;
using SecPanel.Storage;
using SecPanel.Storage.Tests;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary>The calendar feed: what it holds, read back with Ical.Net; what it leaves out; events that move rather than double; and a real calendar program.</summary>
public sealed class CalendarFeedTests
{
    private static readonly LocalDate From = new(2026, 7, 1);
    private static readonly LocalDate To = new(2026, 12, 31);

    private static Store Year(StoreFixture fixture)
    {
        var store = fixture.Init();
        Assert.True(store.Import(Workspaces.Year, new ImportOptions("tester")).Succeeded);
        return store;
    }

    private static List<CalendarEvent> Events(string ics) => [.. Ical.Net.Calendar.Load(ics)!.Events];

    private static LocalDate Day(CalendarEvent e) => new(e.DtStart!.Year, e.DtStart.Month, e.DtStart.Day);

    private static string Uid(params string[] parts) => string.Join('/', parts.Select(Uri.EscapeDataString)) + "@secpanel";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void TheFeed_HoldsEveryReportDue_EveryMeeting_AndTheOpenActionsTheReaderMaySee_OnceEach_TheSameEachTime(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = Year(fixture);
        var ics = CalendarFeed.Build(store, new FeedRequest(From, To, null, new Access(Tlp.Amber, null)));
        Assert.Equal(ics, CalendarFeed.Build(store, new FeedRequest(From, To, null, new Access(Tlp.Amber, null))));
        var events = Events(ics);
        Assert.Equal(events.Count, events.Select(e => e.Uid).Distinct().Count());
        Assert.All(events, e => Assert.True(e.IsAllDay && e.DtEnd!.Date == e.DtStart!.Date.AddDays(1), e.Uid));

        // Worked out apart from the feed: from the rules, and from the case the store holds.
        var rules = store.Rules();
        var (_, whole) = store.Case();
        var reports = rules.Catalogue.DueBetween(rules.CalendarFor(Region.EnglandAndWales), From, To).Select(d => (Uid("report", d.Obligation.Key, d.Period.ToString()), d.Due));
        var meetings = whole.Meetings.Where(m => m.Date >= From && m.Date <= To).Select(m => (Uid("meeting", m.Committee, LocalDatePattern.Iso.Format(m.Date)), m.Date));
        var actions = whole.Records.Actions
            .Where(a => a.Status == ActionStatus.Open && a.Classification <= Tlp.Amber)
            .Select(a => (Uid: Uid("action", a.Committee, LocalDatePattern.Iso.Format(a.MeetingDate), a.Id), Due: a.DueIsMonth ? a.Due.With(DateAdjusters.EndOfMonth) : a.Due))
            .Where(a => a.Due >= From && a.Due <= To)
            .ToList();
        Assert.NotEmpty(actions);
        Assert.Equal(
            reports.Concat(meetings).Concat(actions).Order(),
            events.Select(e => (e.Uid!, Day(e))).Order());

        // An action above the reader's level is not in its feed, in any words.
        var white = CalendarFeed.Build(store, new FeedRequest(From, To, null, new Access(Tlp.White, null)));
        var above = actions.Select(a => whole.Records.Actions.Single(x => Uid("action", x.Committee, LocalDatePattern.Iso.Format(x.MeetingDate), x.Id) == a.Uid)).Where(a => a.Classification > Tlp.White).ToList();
        Assert.NotEmpty(above);
        Assert.All(above, a => Assert.DoesNotContain(Uid("action", a.Committee, LocalDatePattern.Iso.Format(a.MeetingDate), a.Id), white, StringComparison.Ordinal));
        Assert.Equal(events.Count - above.Count, Events(white).Count);

        // One committee: its meetings and actions; OPSG's has the reports due too.
        var tag = Events(CalendarFeed.Build(store, new FeedRequest(From, To, "TAG", new Access(Tlp.Red, null))));
        Assert.All(tag, e => Assert.Matches("^(meeting|action)/TAG/", e.Uid));
        Assert.Contains(Events(CalendarFeed.Build(store, new FeedRequest(From, To, "OPSG", new Access(Tlp.Red, null)))), e => e.Uid!.StartsWith("report/", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public void ABankHolidayAddedToTheRules_MovesTheReportsEvent_UnderTheSameUid(StoreKind kind)
    {
        using var fixture = new StoreFixture(kind);
        var store = Year(fixture);
        var before = Events(CalendarFeed.Build(store, new FeedRequest(From, To, null, Access.Everything)));
        var report = before.First(e => e.Uid!.StartsWith("report/sr-variance/", StringComparison.Ordinal) && Day(e) > new LocalDate(2026, 9, 1));
        var holiday = Day(report);

        // A holiday on the day it was due: it falls due a working day later.
        var file = Path.Combine(fixture.Folder, "bank-holidays.csv");
        File.WriteAllLines(file, [.. File.ReadAllLines(Repo.Path("data", "calendar", "bank-holidays.csv")), $"england-and-wales,{LocalDatePattern.Iso.Format(holiday)},An extra holiday,proclamation"]);
        Assert.True(store.Import(file, new ImportOptions("tester")).Succeeded);
        var after = Events(CalendarFeed.Build(store, new FeedRequest(From, To, null, Access.Everything)));
        var moved = Assert.Single(after, e => e.Uid == report.Uid);
        Assert.Equal(store.Rules().CalendarFor(Region.EnglandAndWales).NthWorkingDayAfter(holiday, 1), Day(moved));
        Assert.Equal(before.Count, after.Count);
        Assert.True(moved.DtStamp!.AsUtc > report.DtStamp!.AsUtc, "the store changed, and the stamp says when");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AnAccountsFeed_IsReadAtItsSecretAddress_WithTheAccountsAccess_UntilRevoked(StoreKind kind)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(kind, Workspaces.Year);
        server.Add("olu", Role.Member, Tlp.Green, "OPSG");
        var olu = await server.SignedIn("olu");
        var made = await olu.PostAsJsonAsync("/api/calendar-feeds", new { }, cancel);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var body = await made.Json();
        var url = new Uri(body.GetProperty("url").GetString()!);
        var id = body.GetProperty("id").GetString()!;
        Assert.Matches($"^/feeds/{id}/[A-Za-z0-9_-]{{43}}\\.ics$", url.AbsolutePath);

        // Read without signing in, it is the feed of olu's access: OPSG's meetings and actions up to Green, and the reports due.
        var anyone = server.Client();
        var read = await anyone.GetAsync(url.PathAndQuery, cancel);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("text/calendar", read.Content.Headers.ContentType!.MediaType);
        var today = server.Clock.GetCurrentInstant().InZone(Traffic.TrafficRules.Zone).Date;
        var expected = CalendarFeed.Build(server.Store, new FeedRequest(today.PlusDays(-CalendarFeed.DaysBack), today.PlusDays(CalendarFeed.DaysAhead), null, new Access(Tlp.Green, new HashSet<string> { "OPSG" }), new Uri(anyone.BaseAddress!, "/")));
        var text = await read.Content.ReadAsStringAsync(cancel);
        Assert.Equal(expected, text);
        var events = Events(text);
        Assert.Contains(events, e => e.Uid!.StartsWith("meeting/OPSG/", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Uid!.StartsWith("meeting/", StringComparison.Ordinal) && !e.Uid.StartsWith("meeting/OPSG/", StringComparison.Ordinal));
        Assert.All(events.Where(e => e.Uid!.StartsWith("action/", StringComparison.Ordinal)), e => Assert.StartsWith("action/OPSG/", e.Uid, StringComparison.Ordinal));
        Assert.All(events.Where(e => e.Uid!.StartsWith("action/", StringComparison.Ordinal)), e => Assert.Equal(new Uri(anyone.BaseAddress!, "/records/actions/" + e.Uid!["action/".Length..^"@secpanel".Length]), e.Url));

        // The list has it, without its address; the audit trail has it, without its secret.
        var listed = Assert.Single((await (await olu.GetAsync("/api/calendar-feeds", cancel)).Json()).EnumerateArray());
        Assert.Equal((id, JsonValueKind.Null), (listed.GetProperty("id").GetString(), listed.GetProperty("url").ValueKind));
        var secret = url.AbsolutePath.Split('/')[^1][..^".ics".Length];
        Assert.Contains(server.Store.AuditTrail(), e => e.Kind == "calendar-feed" && e.Key == id && e.Action == "insert" && e.Actor == "olu");
        Assert.DoesNotContain(server.Store.AuditTrail(), e => (e.NewValue ?? string.Empty).Contains(secret, StringComparison.Ordinal));

        // A wrong secret is 404; another account cannot revoke it; olu can, and its address is 404 at once.
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync($"/feeds/{id}/{new string('A', 43)}.ics", cancel)).StatusCode);
        server.Add("sam", Role.Secretariat, Tlp.Red);
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.SignedIn("sam")).DeleteAsync($"/api/calendar-feeds/{id}", cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync(url.PathAndQuery, cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await olu.DeleteAsync($"/api/calendar-feeds/{id}", cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync(url.PathAndQuery, cancel)).StatusCode);

        // A feed of an account that is disabled stops too.
        var second = new Uri((await (await olu.PostAsJsonAsync("/api/calendar-feeds", new { committee = "OPSG" }, cancel)).Json()).GetProperty("url").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync(second.PathAndQuery, cancel)).StatusCode);
        server.Store.DisableAccount("olu", "admin");
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync(second.PathAndQuery, cancel)).StatusCode);
    }

    [Fact]
    public void ARealCalendarProgram_ImportsTheFeed_AndAnEventThatMoved_IsMovedNotDoubled()
    {
        // CI installs khal and fails on a skipped test; locally the test says what it needs.
        if (!File.Exists("/usr/bin/khal"))
        {
            Assert.Skip("khal is not installed (apt-get install khal); .ci/run installs it.");
        }

        using var fixture = new StoreFixture(StoreKind.Sqlite);
        var store = Year(fixture);
        var feed = Path.Combine(fixture.Folder, "secpanel.ics");
        File.WriteAllText(feed, CalendarFeed.Build(store, new FeedRequest(From, To, null, Access.Everything)));
        var count = Events(File.ReadAllText(feed)).Count;
        var khal = new Khal(fixture.Folder);
        Assert.Equal($"{count} events found in {feed}", khal.Run("printics", feed).Split('\n')[0]);
        khal.Run("import", "--batch", "-a", "feed", feed);
        Assert.Equal(count, khal.Stored);

        // A holiday moves one report a working day; the feed imported again leaves one event, on its new day.
        var report = Events(File.ReadAllText(feed)).First(e => e.Uid!.StartsWith("report/sr-variance/", StringComparison.Ordinal) && Day(e) > new LocalDate(2026, 9, 1));
        var holiday = Day(report);
        var file = Path.Combine(fixture.Folder, "bank-holidays.csv");
        File.WriteAllLines(file, [.. File.ReadAllLines(Repo.Path("data", "calendar", "bank-holidays.csv")), $"england-and-wales,{LocalDatePattern.Iso.Format(holiday)},An extra holiday,proclamation"]);
        Assert.True(store.Import(file, new ImportOptions("tester")).Succeeded);
        File.WriteAllText(feed, CalendarFeed.Build(store, new FeedRequest(From, To, null, Access.Everything)));
        khal.Run("import", "--batch", "-a", "feed", feed);
        Assert.Equal(count, khal.Stored);
        var next = store.Rules().CalendarFor(Region.EnglandAndWales).NthWorkingDayAfter(holiday, 1);
        var summary = report.Summary!;
        Assert.DoesNotContain(summary, khal.Run("list", LocalDatePattern.Iso.Format(holiday), LocalDatePattern.Iso.Format(holiday)), StringComparison.Ordinal);
        Assert.Contains(summary, khal.Run("list", LocalDatePattern.Iso.Format(next), LocalDatePattern.Iso.Format(next)), StringComparison.Ordinal);
    }

    /// <summary>khal with a calendar and a configuration of its own, in a folder of the test.</summary>
    private sealed class Khal
    {
        private readonly string config;
        private readonly string calendar;

        public Khal(string folder)
        {
            calendar = Path.Combine(folder, "khal-calendar");
            Directory.CreateDirectory(calendar);
            config = Path.Combine(folder, "khal.conf");
            File.WriteAllText(config, $"""
                [calendars]
                [[feed]]
                path = {calendar}
                type = calendar
                [locale]
                timeformat = %H:%M
                dateformat = %Y-%m-%d
                longdateformat = %Y-%m-%d
                datetimeformat = %Y-%m-%d %H:%M
                longdatetimeformat = %Y-%m-%d %H:%M
                default_timezone = Europe/London
                local_timezone = Europe/London
                """);
        }

        /// <summary>The events khal keeps: one file each.</summary>
        public int Stored => Directory.GetFiles(calendar, "*.ics").Length;

        public string Run(params string[] arguments)
        {
            var start = new ProcessStartInfo("/usr/bin/khal") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(config);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["HOME"] = Path.GetDirectoryName(config);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"khal {string.Join(' ', arguments)}: {error}");
            return output.Result.Replace("\r", string.Empty, StringComparison.Ordinal);
        }
    }
}
