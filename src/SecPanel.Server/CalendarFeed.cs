using System.Globalization;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;
using NodaTime.Text;
using SecPanel.Calendar;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>What a calendar feed holds: a window of days, one committee or all, through a reader's access.</summary>
/// <param name="From">The first day.</param>
/// <param name="To">The last day.</param>
/// <param name="Committee">One committee's meetings and actions (and, for the committee that considers the DCC's reports, the reports due); null for all.</param>
/// <param name="Access">What the reader may see: actions above it are left out.</param>
/// <param name="Site">The server's address, for each event's link to its record; null for none (a file from the command line).</param>
public sealed record FeedRequest(LocalDate From, LocalDate To, string? Committee, Access Access, Uri? Site = null);

/// <summary>
/// The iCalendar feed (RFC 5545) of the deadlines people live by: every report due with its due
/// date, each committee's meetings, and the open actions with their due dates, as all-day events.
/// Each event's UID is its record's key, so a calendar program that subscribes updates an event
/// when its date moves (a bank holiday added to the rule data) rather than adding another; an
/// action closed leaves the feed, and so the calendar. The same store gives the same bytes: each
/// event is stamped with the time the store last changed, not the time of the request.
/// </summary>
public static class CalendarFeed
{
    /// <summary>The committee that considers the DCC's reports: its feed carries the reports due.</summary>
    internal const string ReportsCommittee = "OPSG";

    /// <summary>How far back a feed reaches by default: three months, so that what just fell due (and was late) is still there.</summary>
    public const int DaysBack = 92;

    /// <summary>How far ahead a feed reaches by default: a year.</summary>
    public const int DaysAhead = 366;

    /// <summary>How many records a query reads at a time.</summary>
    private const int Page = 500;

    /// <summary>The feed as iCalendar text (CRLF line ends, folded at 75 octets by Ical.Net).</summary>
    public static string Build(Store store, FeedRequest request)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        var rules = store.Rules();
        var stamp = new CalDateTime((store.LastChanged() ?? Instant.FromUnixTimeSeconds(0)).ToDateTimeUtc(), "UTC");
        var events = new List<CalendarEvent>();
        CalendarEvent Add(string uid, LocalDate day, string summary, string description, string category, string? link)
        {
            var added = new CalendarEvent
            {
                Uid = string.Join('/', uid.Split('/').Select(Uri.EscapeDataString)) + "@secpanel",
                DtStart = new CalDateTime(day.Year, day.Month, day.Day),
                DtEnd = new CalDateTime(day.Year, day.Month, day.Day).AddDays(1),
                DtStamp = stamp,
                Summary = summary,
                Description = description,
                Transparency = "TRANSPARENT",
            };
            added.Categories.Add(category);
            if (request.Site is { } site && link is not null)
            {
                added.Url = new Uri(site, link);
            }

            events.Add(added);
            return added;
        }

        if (request.Committee is null || request.Committee == ReportsCommittee)
        {
            var due = rules.Catalogue.DueBetween(rules.CalendarFor(Region.EnglandAndWales), request.From, request.To);
            var delivered = store.ReadRecordsIn("delivery", request.Access, "period", [.. due.Select(d => d.Period.ToString()).Distinct()])
                .ToDictionary(d => (d.Key[0], d.Key[1]), d => d.Fields["delivered"]);
            foreach (var d in due)
            {
                var on = delivered.GetValueOrDefault((d.Obligation.Key, d.Period.ToString()));
                var status = on is null ? string.Empty
                    : string.CompareOrdinal(on, Iso(d.Due)) <= 0 ? $" Delivered on {Long(LocalDatePattern.Iso.Parse(on).Value)}."
                    : $" Delivered late, on {Long(LocalDatePattern.Iso.Parse(on).Value)}.";
                Add($"report/{d.Obligation.Key}/{d.Period}", d.Due, $"Due: {d.Obligation.Name} ({d.Period.Title})",
                    $"The DCC's {d.Obligation.Name} for {d.Period.Title} is due on {Long(d.Due)} ({d.Obligation.DeliveryRule}).{status}",
                    "Report due", null);
            }
        }

        var committees = rules.Committees.ToDictionary(c => c.Key, c => c.Name, StringComparer.Ordinal);
        var only = request.Committee is { } c ? new Dictionary<string, string> { ["committee"] = c } : new Dictionary<string, string>();
        foreach (var meeting in Meetings(store, request, only))
        {
            var day = LocalDatePattern.Iso.Parse(meeting.Key[1]).Value;
            var name = committees.GetValueOrDefault(meeting.Key[0]) is { } full ? (full.Contains(meeting.Key[0], StringComparison.Ordinal) ? full : $"{full} ({meeting.Key[0]})") : meeting.Key[0];
            Add($"meeting/{meeting.Key[0]}/{meeting.Key[1]}", day, $"{meeting.Key[0]} meeting", $"Meeting of the {name} on {Long(day)}.", "Meeting", null);
        }

        foreach (var action in OpenActions(store, request, only))
        {
            var f = action.Fields;
            var (due, month) = Due(f["due"]!);
            if (due < request.From || due > request.To)
            {
                continue;
            }

            var (committee, meetingDate, id) = (action.Key[0], action.Key[1], action.Key[2]);
            var by = month ? $"by the end of {due.ToString("MMMM uuuu", CultureInfo.InvariantCulture)}" : $"on {Long(due)}";
            Add($"action/{committee}/{meetingDate}/{id}", due, $"Action due: {f["title"]} ({f["owner"]})",
                $"Action {id} of the {committee} meeting of {Long(LocalDatePattern.Iso.Parse(meetingDate).Value)}, on {f["owner"]}, due {by}: {f["text"]}",
                "Action", RecordLink("action", action.Key));
        }

        var calendar = new Ical.Net.Calendar { ProductId = "-//SecPanel//Calendar feed//EN" };
        calendar.AddProperty("X-WR-CALNAME", request.Committee is null ? "SecPanel" : $"SecPanel: {request.Committee}");
        calendar.AddProperty("X-PUBLISHED-TTL", "PT1H");
        foreach (var e in events.OrderBy(e => e.DtStart!.Value).ThenBy(e => e.Uid, StringComparer.Ordinal))
        {
            calendar.Events.Add(e);
        }

        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    /// <summary>The meetings from the first day to the last, read a page at a time in date order, stopping past the last.</summary>
    private static IEnumerable<StoredRecord> Meetings(Store store, FeedRequest request, Dictionary<string, string> only)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var from = Iso(request.From);
        var to = Iso(request.To);
        while (true)
        {
            var page = store.ReadRecordsFrom("meeting", request.Access, "meeting_date", from, Page, only);
            foreach (var meeting in page.Where(m => seen.Add(string.Join('/', m.Key))))
            {
                if (string.CompareOrdinal(meeting.Key[1], to) > 0)
                {
                    yield break;
                }

                yield return meeting;
            }

            if (page.Count < Page)
            {
                yield break;
            }

            // The next page starts at the last day read (its other meetings are read again and skipped).
            from = page[^1].Key[1];
        }
    }

    /// <summary>The open actions the reader may see, a page at a time.</summary>
    private static IEnumerable<StoredRecord> OpenActions(Store store, FeedRequest request, Dictionary<string, string> only)
    {
        var filter = new Dictionary<string, string>(only) { ["status"] = "open" };
        for (var offset = 0; ; offset += Page)
        {
            var page = store.ReadRecords("action", request.Access, filter, offset, Page);
            foreach (var action in page.Records)
            {
                yield return action;
            }

            if (page.Records.Count < Page)
            {
                yield break;
            }
        }
    }

    /// <summary>An action's due date: a day, or a month (due by its last day).</summary>
    internal static (LocalDate Due, bool Month) Due(string due) =>
        due.Length == 7
            ? (LocalDatePattern.Iso.Parse(due + "-01").Value.With(DateAdjusters.EndOfMonth), true)
            : (LocalDatePattern.Iso.Parse(due).Value, false);

    private static string RecordLink(string kind, IReadOnlyList<string> key) => Pages.RecordView.Link(kind, key);

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Long(LocalDate date) => date.ToString("d MMMM uuuu", CultureInfo.InvariantCulture);
}
