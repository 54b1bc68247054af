using System.Globalization;
using System.Net;
using NodaTime;
using SecPanel.Calendar;
using SecPanel.Obligations;
using SecPanel.Records;

namespace SecPanel.Reminders;

/// <summary>What a reminder says.</summary>
public enum ReminderKind
{
    /// <summary>A report due within the next working days, not yet delivered.</summary>
    DueSoon,

    /// <summary>A report due today, not yet delivered.</summary>
    DueToday,

    /// <summary>A report past its due date, not delivered.</summary>
    Late,

    /// <summary>The reports a committee meeting will find outstanding.</summary>
    Outstanding,

    /// <summary>An open action past its due date, to its owner.</summary>
    ActionOverdue,
}

/// <summary>An open action with its due date, as reminders need it.</summary>
/// <param name="Committee">Its committee.</param>
/// <param name="MeetingDate">The meeting that gave it.</param>
/// <param name="Id">Its id at that meeting.</param>
/// <param name="Title">Its title.</param>
/// <param name="Text">What is to be done.</param>
/// <param name="Owner">Who owns it.</param>
/// <param name="Due">The day it is due (a month's last day when due in a month).</param>
/// <param name="DueIsMonth">True when due in a month.</param>
/// <param name="Level">Its classification: above Green, the email names it and no more.</param>
public sealed record ActionDue(string Committee, LocalDate MeetingDate, string Id, string Title, string Text, string Owner, LocalDate Due, bool DueIsMonth, Tlp Level);

/// <summary>A committee meeting that considers the DCC's reports: the window of reports it looks at.</summary>
public sealed record ReportMeeting(string Committee, LocalDate Date, LocalDate PreviousDate);

/// <summary>
/// One reminder, before it is addressed: its key (stable: the same reminder on another day, or in
/// another run, has the same key, and a due date that moves makes a new one), whom it is for, and
/// its words in plain text and HTML.
/// </summary>
public sealed record Reminder(string Key, ReminderKind Kind, ContactFor For, string To, string Subject, string Text, string Html);

/// <summary>What the reminders are worked out from.</summary>
/// <param name="AsOf">The day of the run.</param>
/// <param name="DaysBefore">How many working days before its due date a report is "due soon".</param>
/// <param name="Calendar">The working-day calendar.</param>
/// <param name="Due">The report instances due from <see cref="ReminderPlan.LookBackDays"/> days back to <paramref name="DaysBefore"/> working days ahead.</param>
/// <param name="Delivered">The day each of them was delivered, when it was.</param>
/// <param name="Meetings">The meetings that consider reports from the day of the run to <paramref name="DaysBefore"/> working days ahead.</param>
/// <param name="Actions">The open actions.</param>
public sealed record ReminderInputs(
    LocalDate AsOf,
    int DaysBefore,
    WorkingDayCalendar Calendar,
    IReadOnlyList<DueInstance> Due,
    IReadOnlyDictionary<(string Obligation, string Period), LocalDate> Delivered,
    IReadOnlyList<ReportMeeting> Meetings,
    IReadOnlyList<ActionDue> Actions);

/// <summary>
/// The reminders due on a day (docs/reminders.md): reports due within <c>DaysBefore</c> working
/// days, due today, or late (up to <see cref="LookBackDays"/> days back), none of them delivered by
/// the day; the reports a meeting within <c>DaysBefore</c> working days will find outstanding; and
/// the open actions past due. Each reminder is worked out whole from the inputs, so a day missed is
/// caught up by the next run: a report still due soon is reminded of then, one that fell due
/// meanwhile is reported late.
/// </summary>
public static class ReminderPlan
{
    /// <summary>How far back a late report is still reminded of: three months.</summary>
    public const int LookBackDays = 92;

    /// <summary>The reminders of <paramref name="inputs"/>, by kind, then date, then key.</summary>
    public static IReadOnlyList<Reminder> Of(ReminderInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var asOf = inputs.AsOf;
        var reminders = new List<Reminder>();
        bool Outstanding(DueInstance d) => !(inputs.Delivered.TryGetValue((d.Obligation.Key, d.Period.ToString()), out var on) && on <= asOf);

        foreach (var d in inputs.Due.Where(Outstanding))
        {
            var what = $"{d.Obligation.Name} ({d.Period.Title})";
            var facts = $"The DCC's {d.Obligation.Name} for {d.Period.Title} is due on {Long(d.Due)} ({d.Obligation.DeliveryRule}).";
            var none = $"SecPanel has no delivery of it recorded as of {Long(asOf)}.";
            var key = $"{d.Obligation.Key}/{d.Period}/{Iso(d.Due)}";
            if (d.Due == asOf)
            {
                reminders.Add(Make($"due-today/{key}", ReminderKind.DueToday, ContactFor.Obligation, d.Obligation.Key, $"Due today: {what}", [facts, none]));
            }
            else if (d.Due > asOf && inputs.Calendar.WorkingDaysBetween(asOf, d.Due) is var left && left <= inputs.DaysBefore)
            {
                reminders.Add(Make($"due-soon/{key}", ReminderKind.DueSoon, ContactFor.Obligation, d.Obligation.Key, $"Due in {Days(left)}: {what}, by {Long(d.Due)}", [facts, none]));
            }
            else if (d.Due < asOf && d.Due >= asOf.PlusDays(-LookBackDays))
            {
                var late = inputs.Calendar.WorkingDaysBetween(d.Due, asOf);
                reminders.Add(Make($"late/{key}", ReminderKind.Late, ContactFor.Obligation, d.Obligation.Key, $"Late: {what}, due {Long(d.Due)}",
                    [facts, $"It is late by {Days(late)}: {none}"]));
            }
        }

        foreach (var meeting in inputs.Meetings.Where(m => m.Date >= asOf && inputs.Calendar.WorkingDaysBetween(asOf, m.Date) <= inputs.DaysBefore))
        {
            var missing = inputs.Due.Where(d => d.Due > meeting.PreviousDate && d.Due <= meeting.Date && Outstanding(d)).ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            var lines = missing.Select(d => $"{d.Obligation.Name} ({d.Period.Title}), due {Long(d.Due)}").ToList();
            reminders.Add(Make($"outstanding/{meeting.Committee}/{Iso(meeting.Date)}", ReminderKind.Outstanding, ContactFor.Committee, meeting.Committee,
                $"{meeting.Committee} meeting on {Long(meeting.Date)}: {Count(missing.Count, "report")} outstanding",
                [$"The {meeting.Committee} meeting on {Long(meeting.Date)} considers the reports due since its previous meeting on {Long(meeting.PreviousDate)}. As of {Long(asOf)}, SecPanel has no delivery recorded of:"],
                lines));
        }

        foreach (var action in inputs.Actions.Where(a => a.Due < asOf))
        {
            var due = action.DueIsMonth ? $"by the end of {action.Due.ToString("MMMM uuuu", CultureInfo.InvariantCulture)}" : $"on {Long(action.Due)}";
            var named = $"{action.Committee} action {action.Id} of the meeting of {Long(action.MeetingDate)}";
            var (subject, words) = action.Level <= Tlp.Green
                ? ($"Overdue action: {action.Title} ({action.Committee} {action.Id})", new[] { $"{named}, on {action.Owner}, was due {due} and is still open: {action.Text}" })
                : ($"Overdue action: {action.Committee} {action.Id}", new[] { $"{named}, on {action.Owner}, was due {due} and is still open. It is classified {action.Level.Title()}: read it in SecPanel." });
            reminders.Add(Make($"action-overdue/{action.Committee}/{Iso(action.MeetingDate)}/{action.Id}/{Iso(action.Due)}", ReminderKind.ActionOverdue, ContactFor.Owner, action.Owner, subject, words));
        }

        return reminders;
    }

    private static Reminder Make(string key, ReminderKind kind, ContactFor to, string toKey, string subject, IReadOnlyList<string> paragraphs, IReadOnlyList<string>? list = null)
    {
        var text = string.Join("\n\n", paragraphs) + (list is null ? string.Empty : "\n\n" + string.Join("\n", list.Select(l => "- " + l)));
        var html = string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"))
            + (list is null ? string.Empty : "<ul>" + string.Concat(list.Select(l => $"<li>{WebUtility.HtmlEncode(l)}</li>")) + "</ul>");
        return new Reminder(key, kind, to, toKey, subject, text, html);
    }

    private static string Days(int n) => n == 1 ? "1 working day" : $"{n} working days";

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private static string Long(LocalDate date) => date.ToString("dddd d MMMM uuuu", CultureInfo.InvariantCulture);
}
