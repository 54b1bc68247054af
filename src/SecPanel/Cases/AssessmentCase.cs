using NodaTime;
using SecPanel.Calendar;
using SecPanel.Incidents;
using SecPanel.Obligations;
using SecPanel.Performance;
using SecPanel.Periods;
using SecPanel.Variance;

namespace SecPanel.Cases;

/// <summary>
/// A committee meeting at which DCC reports are considered. The reports in scope are those due
/// after <see cref="PreviousDate"/> up to and including <see cref="Date"/>, and those delivered in
/// that window though due earlier.
/// </summary>
public sealed record Meeting(string Committee, LocalDate Date, LocalDate PreviousDate, Region Region);

/// <summary>A report instance the DCC delivered: which obligation and period, when, and under what document reference.</summary>
public sealed record Delivery(Obligation Obligation, ReportingPeriod Period, LocalDate Delivered, string Reference, string Observations);

/// <summary>A volume against forecast in a variance report: for one User or Subscriber, or the total when <see cref="User"/> is null.</summary>
public sealed record VarianceEntry(Obligation Obligation, ReportingPeriod Period, string? User, VarianceFigure Figure);

/// <summary>
/// A month's service level for one measure in a performance report, as a percentage or as the
/// counts it comes from (<see cref="Within"/> of <see cref="Total"/>); no level means no data.
/// The <see cref="Measure"/> carries the Target and Minimum applied.
/// </summary>
public sealed record PerformanceEntry(Obligation Obligation, ReportingPeriod Period, PerformanceMeasure Measure, decimal? Level, long? Within, long? Total);

/// <summary>Incident counts given as totals when the report lists no individual incidents.</summary>
public sealed record IncidentCountEntry(Obligation Obligation, ReportingPeriod Period, long Resolved, long Open);

/// <summary>An individual incident listed in an incident report.</summary>
public sealed record IncidentEntry(Obligation Obligation, ReportingPeriod Period, Incident Incident);

/// <summary>
/// A case: one or more committee meetings, the deliveries received and their content figures.
/// A case folder usually holds one meeting; a whole store exported holds them all.
/// </summary>
public sealed record AssessmentCase(
    IReadOnlyList<Meeting> Meetings,
    IReadOnlyList<Delivery> Deliveries,
    IReadOnlyList<VarianceEntry> Variance,
    IReadOnlyList<PerformanceEntry> Performance,
    IReadOnlyList<IncidentCountEntry> IncidentCounts,
    IReadOnlyList<IncidentEntry> Incidents)
{
    /// <summary>The committees' records: items, actions, SSC decisions, risks and milestones.</summary>
    public Records.CommitteeRecords Records { get; init; } = SecPanel.Records.CommitteeRecords.Empty;

    /// <summary>The Planned Maintenance windows the DCC notified, by start.</summary>
    public IReadOnlyList<Maintenance.MaintenanceWindow> Maintenance { get; init; } = [];

    /// <summary>The traffic management outlooks drawn under their items (from a store; a case folder has none).</summary>
    public IReadOnlyList<Traffic.TrafficOutlook> TrafficOutlooks { get; init; } = [];

    /// <summary>
    /// The meeting to assess: the one given by <paramref name="committee"/> and
    /// <paramref name="date"/> (either may be null when it leaves one meeting), or the only one.
    /// On failure, <paramref name="error"/> says which meetings there are.
    /// </summary>
    public Meeting? FindMeeting(string? committee, LocalDate? date, out string error)
    {
        var matches = Meetings
            .Where(m => committee is null || string.Equals(m.Committee, committee, StringComparison.OrdinalIgnoreCase))
            .Where(m => date is null || m.Date == date)
            .ToList();
        var list = string.Join(", ", Meetings.OrderBy(m => m.Committee, StringComparer.Ordinal).ThenBy(m => m.Date).Select(m => $"{m.Committee} {m.Date:uuuu-MM-dd}"));
        error = matches.Count switch
        {
            1 => string.Empty,
            0 when Meetings.Count == 0 => $"no meeting is recorded; add it to {CaseFolder.MeetingFile}",
            0 => $"no such meeting; the meetings are {list}",
            _ => $"{matches.Count} meetings match; name one with --committee and --meeting (the meetings are {list})",
        };
        return matches.Count == 1 ? matches[0] : null;
    }
}
