using NodaTime;
using SecPanel.Calendar;
using SecPanel.Cases;
using SecPanel.Maintenance;
using SecPanel.Obligations;
using SecPanel.Periods;

namespace SecPanel.Assessment;

/// <summary>A meeting's assessment: every obligation of the catalogue, in catalogue order, with its report instances in scope.</summary>
public sealed record MeetingAssessment(Meeting Meeting, IReadOnlyList<ReportAssessment> Reports)
{
    /// <summary>The Planned Maintenance windows notified or starting in the meeting's window, each with its notice, by start.</summary>
    public IReadOnlyList<MaintenanceNotice> Maintenance { get; init; } = [];
}

/// <summary>
/// Assesses the DCC reports considered at a committee meeting. The window is from the day after
/// the previous meeting up to and including the meeting. An instance is in scope when it is due
/// in the window, or delivered in the window though due earlier; an obligation whose deadline is
/// not specified is in scope when delivered in the window. Deliveries after the meeting date are
/// not yet known at the meeting.
/// </summary>
public sealed class Assessor(RuleBook rules)
{
    /// <summary>
    /// More calendar days than the longest deadline the grammar allows (366 Working Days, with
    /// weekends and holidays between): no period ending earlier than this before a date can
    /// fall due after it.
    /// </summary>
    private const int LongestDeadlineDays = 366 * 2;

    /// <summary>Assesses the reports of <paramref name="meeting"/>, one of the meetings of <paramref name="assessmentCase"/>.</summary>
    public MeetingAssessment Assess(AssessmentCase assessmentCase, Meeting meeting)
    {
        var calendar = rules.CalendarFor(meeting.Region);
        var reports = new List<ReportAssessment>();
        foreach (var obligation in rules.Catalogue.All)
        {
            var deliveries = assessmentCase.Deliveries
                .Where(d => d.Obligation.Key == obligation.Key && d.Delivered <= meeting.Date)
                .ToDictionary(d => d.Period);
            var inScope = InScope(obligation, meeting, deliveries.Values, calendar);
            if (inScope.Count == 0)
            {
                var next = NextDue(obligation, meeting.Date, calendar);
                reports.Add(new ReportAssessment(obligation, next?.Period, next?.Due, null, DeliveryStatus.NotDue, null, null));
                continue;
            }

            foreach (var period in inScope)
            {
                var due = obligation.Deadline.DueDate(period, calendar);
                reports.Add(Judge(obligation, period, due, deliveries.GetValueOrDefault(period), meeting, calendar, assessmentCase));
            }
        }

        return new MeetingAssessment(meeting, reports)
        {
            Maintenance = PlannedMaintenance.ForMeeting(assessmentCase.Maintenance, meeting.PreviousDate, meeting.Date, rules.Maintenance, calendar),
        };
    }

    /// <summary>The first instance of <paramref name="obligation"/> due after <paramref name="date"/>; null when timing is not specified.</summary>
    public static (ReportingPeriod Period, LocalDate Due)? NextDue(Obligation obligation, LocalDate date, WorkingDayCalendar calendar)
    {
        if (!obligation.Deadline.SetsDueDate)
        {
            return null;
        }

        // Deadlines come after the period ends, so start as far back as the longest deadline and walk forward.
        for (var period = ReportingPeriod.Containing(obligation.Cadence, date.PlusDays(-LongestDeadlineDays)); ; period = period.Next())
        {
            var due = obligation.Deadline.DueDate(period, calendar)!.Value;
            if (due > date)
            {
                return (period, due);
            }
        }
    }

    private static List<ReportingPeriod> InScope(Obligation obligation, Meeting meeting, IEnumerable<Delivery> deliveries, WorkingDayCalendar calendar)
    {
        var periods = new SortedSet<ReportingPeriod>();
        if (obligation.Deadline.SetsDueDate)
        {
            var first = ReportingPeriod.Containing(obligation.Cadence, meeting.PreviousDate.PlusDays(-LongestDeadlineDays));
            for (var period = first; period.End < meeting.Date; period = period.Next())
            {
                var due = obligation.Deadline.DueDate(period, calendar)!.Value;
                if (due > meeting.PreviousDate && due <= meeting.Date)
                {
                    periods.Add(period);
                }
            }
        }

        foreach (var delivery in deliveries.Where(d => d.Delivered > meeting.PreviousDate))
        {
            var due = obligation.Deadline.DueDate(delivery.Period, calendar);
            if (due is null || due <= meeting.PreviousDate)
            {
                periods.Add(delivery.Period);
            }
        }

        return [.. periods];
    }

    private ReportAssessment Judge(Obligation obligation, ReportingPeriod period, LocalDate? due, Delivery? delivery, Meeting meeting, WorkingDayCalendar calendar, AssessmentCase assessmentCase)
    {
        if (delivery is null)
        {
            return new ReportAssessment(obligation, period, due, null, DeliveryStatus.Outstanding, calendar.WorkingDaysBetween(due!.Value, meeting.Date), null);
        }

        var content = ContentOf(obligation, period, assessmentCase);
        if (due is not { } dueDate)
        {
            return new ReportAssessment(obligation, period, null, delivery, DeliveryStatus.TimingNotSpecified, null, content);
        }

        return delivery.Delivered <= dueDate
            ? new ReportAssessment(obligation, period, dueDate, delivery, DeliveryStatus.OnTime, null, content)
            : new ReportAssessment(obligation, period, dueDate, delivery, DeliveryStatus.Late, calendar.WorkingDaysBetween(dueDate, calendar.WorkingDayOnOrAfter(delivery.Delivered)), content);
    }

    private ReportContent? ContentOf(Obligation obligation, ReportingPeriod period, AssessmentCase c)
    {
        bool Of(Obligation o, ReportingPeriod p) => o.Key == obligation.Key && p == period;
        return obligation.Content switch
        {
            ContentKind.Variance => VarianceOf(obligation, c.Variance.Where(v => Of(v.Obligation, v.Period)).ToList()),
            ContentKind.Performance => PerformanceOf(c.Performance.Where(p => Of(p.Obligation, p.Period)).ToList()),
            ContentKind.Incidents => IncidentsOf(period, c.IncidentCounts.FirstOrDefault(i => Of(i.Obligation, i.Period)), c.Incidents.Where(i => Of(i.Obligation, i.Period)).ToList()),
            _ => null,
        };
    }

    private VarianceContent? VarianceOf(Obligation obligation, List<VarianceEntry> entries)
    {
        if (entries.Count == 0)
        {
            return null;
        }

        var rule = rules.VarianceRules[obligation.Key];
        // Users in name order, so that the output does not depend on the order figures were given in.
        var users = entries.Where(e => e.User is not null)
            .OrderBy(e => e.User, StringComparer.Ordinal)
            .Select(e => new VarianceResult(e.User, e.Figure, rule.ExceptionReason(e.Figure)))
            .ToList();
        var totalFigure = entries.FirstOrDefault(e => e.User is null)?.Figure
            ?? new Variance.VarianceFigure(
                users.Sum(u => u.Figure.Sent),
                users.Any(u => u.Figure.Forecast is not null) ? users.Sum(u => u.Figure.Forecast ?? 0) : null);
        return new VarianceContent(new VarianceResult(null, totalFigure, rule.ExceptionReason(totalFigure)), users);
    }

    /// <summary>Measures in the order of the measures file, then those defined in the case by key: never in the order given.</summary>
    private PerformanceContent? PerformanceOf(List<PerformanceEntry> entries)
    {
        if (entries.Count == 0)
        {
            return null;
        }

        int Rank(PerformanceEntry e)
        {
            for (var i = 0; i < rules.Measures.Count; i++)
            {
                if (rules.Measures[i].Key == e.Measure.Key)
                {
                    return i;
                }
            }

            return int.MaxValue;
        }

        return new PerformanceContent([.. entries
            .OrderBy(Rank)
            .ThenBy(e => e.Measure.Key, StringComparer.Ordinal)
            .Select(e => new MeasureResult(e.Measure, e.Level, e.Within, e.Total, e.Measure.Judge(e.Level)))]);
    }

    private IncidentContent? IncidentsOf(ReportingPeriod period, IncidentCountEntry? counts, List<IncidentEntry> incidents)
    {
        if (counts is not null)
        {
            return new IncidentContent(counts.Resolved, counts.Open, []);
        }

        if (incidents.Count == 0)
        {
            return null;
        }

        var periodEnd = period.End.PlusDays(1).AtMidnight();
        var periodStart = period.Start.AtMidnight();
        var resolvedInPeriod = incidents
            .Where(i => i.Incident.Resolved is { } r && r >= periodStart && r < periodEnd)
            .Select(i => i.Incident)
            .ToList();
        var open = incidents.Count(i => i.Incident.Opened < periodEnd && (i.Incident.Resolved is null || i.Incident.Resolved >= periodEnd));
        var groups = rules.IncidentTargets
            .GroupBy(t => t.Group, StringComparer.Ordinal)
            .Select(g =>
            {
                var inGroup = resolvedInPeriod.Where(i => g.Any(t => t.Category == i.Category)).ToList();
                var within = inGroup.Count(i =>
                {
                    var target = g.First(t => t.Category == i.Category).TargetResolution;
                    return Period.Between(i.Opened, i.Resolved!.Value, PeriodUnits.Minutes).Minutes <= (long)target.TotalMinutes;
                });
                return new IncidentGroupResult(g.Key, inGroup.Count, within);
            })
            .ToList();
        return new IncidentContent(resolvedInPeriod.Count, open, groups);
    }
}
