using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using SecPanel.Calendar;
using SecPanel.Records;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>One report instance of the dashboard: when it is due, and whether it has come.</summary>
/// <param name="Obligation">The obligation's key, such as <c>pmr</c>.</param>
/// <param name="Name">The obligation's name.</param>
/// <param name="Period">The period reported on, such as <c>2026-10</c>.</param>
/// <param name="Due">The due date, YYYY-MM-DD.</param>
/// <param name="Delivered">The date it was delivered, or null.</param>
/// <param name="Status"><c>delivered</c>, <c>delivered late</c>, <c>due</c> (not yet, and not late) or <c>late</c> (past its due date, not delivered).</param>
/// <param name="WorkingDaysLeft">For a report still due: the Working Days from the dashboard's date to its due date.</param>
public sealed record DashboardReport(string Obligation, string Name, string Period, string Due, int? WorkingDaysLeft, string? Delivered, string Status);

/// <summary>A committee's open actions, and how many of them are past their due month.</summary>
public sealed record DashboardActions(string Committee, int Open, int Overdue);

/// <summary>A meeting to come.</summary>
public sealed record DashboardMeeting(string Committee, string Date);

/// <summary>A report whose figures break a rule: volumes outside tolerance, measures below Target or Minimum, open incidents.</summary>
/// <param name="Obligation">The obligation's key.</param>
/// <param name="Name">The obligation's name.</param>
/// <param name="Period">The period reported on.</param>
/// <param name="Summary">What the figures say, as the paper's "Content" column says it.</param>
public sealed record DashboardFinding(string Obligation, string Name, string Period, string Summary);

/// <summary>The exceptions in the reports a meeting considered.</summary>
public sealed record DashboardExceptions(string Committee, string MeetingDate, IReadOnlyList<DashboardFinding> Reports);

/// <summary>
/// The month at a glance: the DCC's reports due this month and in the two before it, the open and
/// overdue actions of each committee the caller reads (null for the DCC, which reads none), the
/// next meetings the caller may see, and the exceptions in the reports of the last OPSG meeting on
/// or before the date (null when the caller sees none, or its reports cannot be assessed).
/// </summary>
public sealed record DashboardBody(string Date, IReadOnlyList<DashboardReport> Reports, IReadOnlyList<DashboardActions>? Actions, IReadOnlyList<DashboardMeeting> Meetings, DashboardExceptions? Exceptions);

/// <summary>The dashboard summary route: a few queries, each of what the caller may see, over instances kept while the rules are unchanged.</summary>
internal static class Dashboard
{
    /// <summary>How many months before the dashboard's month its reports go back (a late report stays on it that long).</summary>
    public const int MonthsBack = 2;

    /// <summary>How many meetings to come it shows.</summary>
    public const int Meetings = 10;

    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/dashboard", Get).RequireAuthorization(Api.Anyone)
            .WithSummary($"The month at a glance (?date=YYYY-MM-DD, today by default): the reports due in its month and the {MonthsBack} before, each due, delivered, delivered late or late; each committee's open and overdue actions; the next {Meetings} meetings; the exceptions in the reports of the last OPSG meeting on or before the date. Each part holds only what the caller may see.")
            .Produces<DashboardBody>().ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static IResult Get(HttpContext context, Store store, ServerOptions options, DueDates dueDates)
    {
        if (Api.Caller(context, store) is not { } account || Api.AccessOf(account) is not { } access)
        {
            return Results.Forbid();
        }

        var given = context.Request.Query["date"].ToString();
        if (context.Request.Query.Keys.FirstOrDefault(k => k != "date") is { } unknown)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown parameter", detail: $"'{unknown}' is not a parameter of the dashboard; it takes date (YYYY-MM-DD).");
        }

        var parsed = LocalDatePattern.Iso.Parse(given);
        if (given.Length > 0 && !parsed.Success)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad date", detail: $"date is '{given}'; it is YYYY-MM-DD.");
        }

        var date = given.Length > 0 ? parsed.Value : options.Clock.GetCurrentInstant().InZone(London).Date;
        var readsActions = Api.AccessOf(account, "action");
        var key = $"dashboard|{LocalDatePattern.Iso.Format(date)}|{ReadCache.KeyOf(access, readsActions is not null)}";
        var month = date.With(DateAdjusters.StartOfMonth);
        return context.RequestServices.GetRequiredService<ReadCache>().Get(context, key, () =>
            Compute(store, dueDates.Between(context, month.PlusMonths(-MonthsBack), month.PlusMonths(1).PlusDays(-1)), access, readsActions, date));
    }

    /// <summary>The dashboard of <paramref name="account"/> on <paramref name="date"/>, and the highest level of the records it counts (the page's marking).</summary>
    internal static (DashboardBody Body, Tlp Highest) For(HttpContext context, Store store, DueDates dueDates, Account account, LocalDate date)
    {
        var month = date.With(DateAdjusters.StartOfMonth);
        var highest = Tlp.White;
        var body = Compute(store, dueDates.Between(context, month.PlusMonths(-MonthsBack), month.PlusMonths(1).PlusDays(-1)), Api.AccessOf(account)!, Api.AccessOf(account, "action"), date, level => highest = level > highest ? level : highest);
        return (body, highest);
    }

    private static DashboardBody Compute(Store store, (IReadOnlyList<(string Obligation, string Name, string Period, LocalDate Due)> Due, WorkingDayCalendar Calendar) instances, Access access, Access? readsActions, LocalDate date, Action<Tlp>? counted = null)
    {
        var (due, calendar) = instances;

        // The deliveries of the periods on the dashboard, in one query.
        var delivered = store.ReadRecordsIn("delivery", access, "period", [.. due.Select(d => d.Period).Distinct()])
            .ToDictionary(d => (d.Key[0], d.Key[1]), d => d.Fields["delivered"]);
        var reports = due.Select(d =>
        {
            var on = delivered.GetValueOrDefault((d.Obligation, d.Period));
            var dueText = LocalDatePattern.Iso.Format(d.Due);
            var status = on is not null ? (string.CompareOrdinal(on, dueText) <= 0 ? "delivered" : "delivered late")
                : d.Due >= date ? "due" : "late";
            int? left = status == "due" ? calendar.WorkingDaysBetween(date, d.Due) : null;
            return new DashboardReport(d.Obligation, d.Name, d.Period, dueText, left, on, status);
        }).ToList();

        var meetings = store.ReadRecordsFrom("meeting", access, "meeting_date", LocalDatePattern.Iso.Format(date), Meetings)
            .Select(m => new DashboardMeeting(m.Key[0], m.Key[1])).ToList();
        return new DashboardBody(LocalDatePattern.Iso.Format(date), reports, readsActions is not null ? Actions(store, readsActions, date, counted) : null, meetings, Exceptions(store, access, date));
    }

    /// <summary>The committee that considers the DCC's reports, whose last meeting's exceptions the dashboard shows.</summary>
    private const string ReportsCommittee = "OPSG";

    /// <summary>The exceptions in the reports of the last OPSG meeting on or before the date that the reader may see.</summary>
    private static DashboardExceptions? Exceptions(Store store, Access access, LocalDate date)
    {
        var last = store.ReadRecordsBefore("meeting", access, "meeting_date", LocalDatePattern.Iso.Format(date), 1, new Dictionary<string, string> { ["committee"] = ReportsCommittee });
        if (last.Count == 0 || LocalDatePattern.Iso.Parse(last[0].Key[1]) is not { Success: true } day || store.Assess(ReportsCommittee, day.Value) is not { Succeeded: true } assessed)
        {
            return null;
        }

        return new DashboardExceptions(ReportsCommittee, last[0].Key[1], [.. assessed.Value.Reports
            .Where(r => r.Content?.HasFindings == true)
            .Select(r => new DashboardFinding(r.Obligation.Key, r.Obligation.Name, r.Period?.ToString() ?? string.Empty, r.Summary))]);
    }

    /// <summary>The open actions the reader may see, by committee; overdue when due in a month before the date's (or on a day before it).</summary>
    private static List<DashboardActions> Actions(Store store, Access access, LocalDate date, Action<Tlp>? counted)
    {
        var month = date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var today = LocalDatePattern.Iso.Format(date);
        var counts = new SortedDictionary<string, (int Open, int Overdue)>(StringComparer.Ordinal);
        var filter = new Dictionary<string, string> { ["status"] = "open" };
        for (var offset = 0; ; offset += Api.MaxLimit)
        {
            var page = store.ReadRecords("action", access, filter, offset, Api.MaxLimit);
            foreach (var action in page.Records)
            {
                var due = action.Fields.GetValueOrDefault("due") ?? string.Empty;
                var overdue = due.Length == 7 ? string.CompareOrdinal(due, month) < 0 : due.Length == 10 && string.CompareOrdinal(due, today) < 0;
                counted?.Invoke(action.Level);
                var (open, late) = counts.GetValueOrDefault(action.Committee);
                counts[action.Committee] = (open + 1, late + (overdue ? 1 : 0));
            }

            if (page.Records.Count < Api.MaxLimit)
            {
                break;
            }
        }

        return [.. counts.Select(c => new DashboardActions(c.Key, c.Value.Open, c.Value.Overdue))];
    }
}

/// <summary>
/// The report instances due between two dates, computed from the rule data (the catalogue and the
/// England and Wales working-day calendar) and kept while the store is unchanged, so that a
/// dashboard or a year's calendar costs its few queries and not a reading of the rules.
/// </summary>
internal sealed class DueDates(Store store)
{
    private readonly KeptByMark<(LocalDate From, LocalDate To), (IReadOnlyList<(string Obligation, string Name, string Period, LocalDate Due)> Due, WorkingDayCalendar Calendar)> kept = new(64);

    private readonly KeptByMark<int, RuleBook> rules = new(1);

    /// <summary>The rule data in force (the catalogue, the committees, ...), read once while the store is unchanged.</summary>
    public RuleBook Rules(HttpContext context) => rules.Get(0, SecPanelServer.ChangeMark(context, store), store.Rules);

    /// <summary>Every report instance due from <paramref name="from"/> to <paramref name="to"/> (both included), by due date then obligation, and the calendar they were counted on.</summary>
    public (IReadOnlyList<(string Obligation, string Name, string Period, LocalDate Due)> Due, WorkingDayCalendar Calendar) Between(HttpContext context, LocalDate from, LocalDate to) =>
        kept.Get((from, to), SecPanelServer.ChangeMark(context, store), () => Compute(from, to));

    private (IReadOnlyList<(string Obligation, string Name, string Period, LocalDate Due)> Due, WorkingDayCalendar Calendar) Compute(LocalDate from, LocalDate to)
    {
        var rules = store.Rules();
        var calendar = rules.CalendarFor(Region.EnglandAndWales);
        var due = rules.Catalogue.DueBetween(calendar, from, to).Select(d => (d.Obligation.Key, d.Obligation.Name, d.Period.ToString(), d.Due)).ToList();
        return (due, calendar);
    }
}
