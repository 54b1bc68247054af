using NodaTime;
using SecPanel.Calendar;
using SecPanel.Cases;
using SecPanel.Obligations;
using SecPanel.Performance;
using SecPanel.Periods;
using SecPanel.Variance;

namespace SecPanel.Assessment;

/// <summary>The verdict on a report instance's timing, as at the meeting.</summary>
public enum DeliveryStatus
{
    /// <summary>Delivered on or before its due date.</summary>
    OnTime,

    /// <summary>Delivered after its due date (papers say "Delayed").</summary>
    Late,

    /// <summary>No instance of the obligation falls in the meeting's window.</summary>
    NotDue,

    /// <summary>Due in the window and not received by the meeting date.</summary>
    Outstanding,

    /// <summary>Received; the SEC sets no deadline, so it is neither on time nor late.</summary>
    TimingNotSpecified,
}

/// <summary>JSON keys of <see cref="DeliveryStatus"/>.</summary>
public static class DeliveryStatuses
{
    /// <summary>The key, such as <c>on-time</c>.</summary>
    public static string Key(this DeliveryStatus status) => status switch
    {
        DeliveryStatus.OnTime => "on-time",
        DeliveryStatus.Late => "late",
        DeliveryStatus.NotDue => "not-due",
        DeliveryStatus.Outstanding => "outstanding",
        _ => "timing-not-specified",
    };
}

/// <summary>
/// The assessment of one report instance considered at a meeting, or, with
/// <see cref="DeliveryStatus.NotDue"/>, of an obligation with no instance in scope (then
/// <see cref="Period"/> and <see cref="DueDate"/> name the next instance, where there is a deadline).
/// </summary>
/// <param name="Obligation">The obligation.</param>
/// <param name="Period">The period the instance covers; for not-due, the next one due; null when unknown.</param>
/// <param name="DueDate">When the instance is due; null when timing is not specified.</param>
/// <param name="Delivery">The delivery, when received by the meeting date.</param>
/// <param name="Status">The timing verdict.</param>
/// <param name="WorkingDaysLate">For late: Working Days after the due date it came (a delivery on a non-working day counts from the next Working Day); for outstanding: Working Days past due at the meeting; otherwise null.</param>
/// <param name="Content">What the content figures say; null when no figures were recorded or the report was not received.</param>
public sealed record ReportAssessment(
    Obligation Obligation,
    ReportingPeriod? Period,
    LocalDate? DueDate,
    Delivery? Delivery,
    DeliveryStatus Status,
    int? WorkingDaysLate,
    ReportContent? Content)
{
    /// <summary>The timing verdict in a paper's words: "On Time", "Late by 7 working days", "Not due this month".</summary>
    public string Verdict => Status switch
    {
        DeliveryStatus.OnTime => "On Time",
        DeliveryStatus.Late => $"Late by {Plural(WorkingDaysLate ?? 0, "working day")}",
        DeliveryStatus.Outstanding => $"Outstanding: due {(DueDate is { } d ? DateText.Written(d) : "-")}, not received",
        DeliveryStatus.TimingNotSpecified => "Received",
        // The next instance is stated only where a SEC clause backs the cadence: a default that
        // SecPanel chose (no SEC reference in the catalogue) must not read as fact in a paper.
        _ when Period is { } next && DueDate is { } due && Obligation.SecReference.Length > 0 => $"Not due this month (next: {next.Title}, due {DateText.Written(due)})",
        _ => "Not due this month",
    };

    /// <summary>The verdict with the rule it was judged by: "On Time (SEC H13.4 – Monthly 25 working days following end of month)".</summary>
    public string DeliveryText => Status == DeliveryStatus.NotDue ? Verdict : $"{Verdict} ({Obligation.DeliveryRule})";

    /// <summary>A one-line summary of the content in the style of a paper's "Content" column.</summary>
    public string Summary => Status switch
    {
        DeliveryStatus.NotDue => "n/a",
        DeliveryStatus.Outstanding => "Not received.",
        _ => Content?.Summary(Obligation) ?? (Obligation.Content == ContentKind.None ? "Received." : "No figures recorded."),
    };

    internal static string Plural(long n, string word) => $"{n} {word}{(n == 1 ? "" : "s")}";
}

/// <summary>What a report's content figures say against the rules.</summary>
public abstract record ReportContent
{
    /// <summary>A one-line summary for a paper.</summary>
    public abstract string Summary(Obligation obligation);

    /// <summary>True when anything in the content breaks a rule (an exception, a level below target).</summary>
    public abstract bool HasFindings { get; }

    private protected static string Per(Obligation obligation)
    {
        var clause = obligation.ContentReference.Length > 0 ? obligation.ContentReference : obligation.SecReference;
        return clause.Length > 0 ? $"Per SEC {clause}, " : string.Empty;
    }
}

/// <summary>A volume against forecast, with the exception it raises under the rule, if any.</summary>
/// <param name="User">The User or Subscriber; null for the total.</param>
/// <param name="Figure">Sent and forecast.</param>
/// <param name="Exception">Why it is an exception, or null.</param>
public sealed record VarianceResult(string? User, VarianceFigure Figure, string? Exception);

/// <summary>The content of a variance report: the total and, where given, each User's figure.</summary>
public sealed record VarianceContent(VarianceResult Total, IReadOnlyList<VarianceResult> Users) : ReportContent
{
    /// <summary>The Users whose figures are exceptions, in the order given.</summary>
    public IReadOnlyList<VarianceResult> UserExceptions => [.. Users.Where(u => u.Exception is not null)];

    /// <inheritdoc />
    public override bool HasFindings => Total.Exception is not null || Users.Any(u => u.Exception is not null);

    /// <inheritdoc />
    public override string Summary(Obligation obligation)
    {
        var f = Total.Figure;
        var sent = $"{Per(obligation)}{Figures.Count(f.Sent)} {obligation.Counts} were sent";
        var text = f.Forecast is not { } forecast
            ? $"{sent}; no forecast was received."
            : f.PercentOfForecast is { } percent
                ? $"{sent} versus a forecast of {Figures.Count(forecast)}: a variance of {Figures.Count(f.Variance!.Value)}, {Figures.Percent(percent)}% of the forecast volume."
                : $"{sent} versus a forecast of zero.";
        if (Total.Exception is not null)
        {
            text += $" Exception in total: {Total.Exception}.";
        }

        if (Users.Count > 0)
        {
            var exceptions = UserExceptions;
            text += exceptions.Count == 0
                ? $" No exceptions among {Figures.Count(Users.Count)} Users."
                : $" Exceptions: {Figures.Count(exceptions.Count)} of {Figures.Count(Users.Count)} Users ({string.Join("; ", exceptions.Select(Describe))}).";
        }

        return text;
    }

    private static string Describe(VarianceResult user) => user.Figure.PercentOfForecast is { } p
        ? $"{user.User} {Figures.Percent(p)}%"
        : $"{user.User}: {user.Exception}";
}

/// <summary>A measure's service level for the month against its Target and Minimum.</summary>
public sealed record MeasureResult(PerformanceMeasure Measure, decimal? Level, long? Within, long? Total, ServiceLevelResult Result);

/// <summary>The content of a performance report: every measure given, judged.</summary>
public sealed record PerformanceContent(IReadOnlyList<MeasureResult> Measures) : ReportContent
{
    /// <inheritdoc />
    public override bool HasFindings => Measures.Any(m => m.Result is ServiceLevelResult.BelowTarget or ServiceLevelResult.BelowMinimum);

    /// <inheritdoc />
    public override string Summary(Obligation obligation)
    {
        var scopes = string.Join(", ", Measures.Select(m => m.Measure.Scope).Distinct(StringComparer.Ordinal));
        var withData = Measures.Count(m => m.Result != ServiceLevelResult.NoData);
        var noData = Measures.Count - withData;
        var below = Measures.Where(m => m.Result == ServiceLevelResult.BelowTarget).ToList();
        var belowMinimum = Measures.Where(m => m.Result == ServiceLevelResult.BelowMinimum).ToList();
        var noDataText = noData == 0 ? string.Empty : $" ({noData} without data)";
        if (below.Count == 0 && belowMinimum.Count == 0)
        {
            return withData == 0
                ? $"{Per(obligation)}no measure has data."
                : $"{Per(obligation)}all {Plural(withData, "measure")} with data ({scopes}) are at or above Target{noDataText}.";
        }

        var parts = new List<string>();
        if (belowMinimum.Count > 0)
        {
            parts.Add($"{Plural(belowMinimum.Count, "measure")} below Minimum ({Levels(belowMinimum)})");
        }

        if (below.Count > 0)
        {
            parts.Add($"{Plural(below.Count, "measure")} below Target ({Levels(below)})");
        }

        return $"{Per(obligation)}{string.Join("; ", parts)}; {withData - below.Count - belowMinimum.Count} of {withData} with data at or above Target{noDataText}.";
    }

    private static string Levels(IEnumerable<MeasureResult> results) =>
        string.Join(", ", results.Select(r => $"{r.Measure.Key} {Figures.Percent(r.Level!.Value)}% against {Figures.Bound(r.Measure.Target)}%"));

    private static string Plural(int n, string word) => ReportAssessment.Plural(n, word);
}

/// <summary>Incidents of a category group resolved in the period, and how many within the Target Resolution Time.</summary>
public sealed record IncidentGroupResult(string Group, long Resolved, long WithinTarget)
{
    /// <summary>The share resolved within target, in percent, unrounded; null when none was resolved.</summary>
    public decimal? Share => Resolved == 0 ? null : WithinTarget * 100m / Resolved;
}

/// <summary>The content of an incident report: incidents resolved in the period, still open at its end, and, where individual incidents are given, the share resolved within target by category group.</summary>
public sealed record IncidentContent(long Resolved, long Open, IReadOnlyList<IncidentGroupResult> Groups) : ReportContent
{
    /// <inheritdoc />
    public override bool HasFindings => Open > 0;

    /// <inheritdoc />
    public override string Summary(Obligation obligation)
    {
        var text = $"{ReportAssessment.Plural(Resolved, "incident")} resolved in the period; {Open} open.";
        foreach (var group in Groups.Where(g => g.Share is not null))
        {
            text += $" Categories {group.Group}: {group.WithinTarget} of {group.Resolved} resolved within target ({Figures.Percent(group.Share!.Value)}%).";
        }

        return text;
    }
}
