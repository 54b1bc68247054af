using NodaTime;
using SecPanel.Analytics.Internals;
using SecPanel.Analytics.Logs;
using SecPanel.Performance;
using SecPanel.Variance;

namespace SecPanel.Analytics.Figures;

/// <summary>A volume against its forecast, with the reason it is an exception (null when it is not, or when no rule applies).</summary>
/// <param name="Key">The User, the User and variant (<c>USER / 4.1.1</c>), the variant, or the Subscriber.</param>
/// <param name="Figure">Sent and forecast.</param>
/// <param name="Exception">Why the figure is an exception under the variance rule, or null.</param>
public sealed record VarianceLine(string Key, VarianceFigure Figure, string? Exception);

/// <summary>One measure's service level for the month: responses within the Target Response Time of their category, over all timed.</summary>
/// <param name="Measure">The performance measure, with its Target and Minimum Service Level.</param>
/// <param name="Target">The Target Response Time and its category.</param>
/// <param name="Within">Responses within the Target Response Time (a response taking exactly the target is within it).</param>
/// <param name="Total">Requests, alerts or CSRs of the category received in the month, answered or not.</param>
public sealed record ServiceLevelLine(PerformanceMeasure Measure, TargetResponseTime Target, long Within, long Total)
{
    /// <summary>Within ÷ total × 100, unrounded; null when nothing was timed.</summary>
    public decimal? Level => Total > 0 ? Within * 100m / Total : null;

    /// <summary>The level against the measure's Target and Minimum Service Level.</summary>
    public ServiceLevelResult Result => Measure.Judge(Level);
}

/// <summary>
/// Messages per minute: the busiest minute of the month (the earliest, on a tie) and the 99th
/// percentile minute, by nearest rank over every minute of the month, quiet ones included.
/// </summary>
/// <param name="Messages">Messages in the month.</param>
/// <param name="PeakMinute">The busiest minute, counted from the start of the month.</param>
/// <param name="Peak">Messages in the busiest minute.</param>
/// <param name="Percentile99">The 99th percentile of messages per minute.</param>
public sealed record TrafficProfile(long Messages, int PeakMinute, long Peak, long Percentile99)
{
    internal static TrafficProfile Of(long[] minutes)
    {
        var (peakMinute, peak, total) = (0, -1L, 0L);
        for (var i = 0; i < minutes.Length; i++)
        {
            total += minutes[i];
            if (minutes[i] > peak)
            {
                (peakMinute, peak) = (i, minutes[i]);
            }
        }

        var sorted = (long[])minutes.Clone();
        Array.Sort(sorted);
        // Nearest rank: the smallest count with at least 99% of minutes at or below it.
        var rank = ((99L * sorted.Length) + 99) / 100;
        return new TrafficProfile(total, peakMinute, peak, sorted[rank - 1]);
    }
}

/// <summary>The traffic profile of one User (Service Requests it sent and alerts it received).</summary>
public sealed record UserProfile(string User, TrafficProfile Profile);

/// <summary>
/// A month of DCC traffic as the reports need it: H3.24 Service Requests against forecast,
/// L8.9 CSRs against forecast, CPM 1, 2, 3 and 7, and the traffic profile. SMETS1 Service
/// Requests are left out of H3.24 and CPM 1 and 2, and counted apart.
/// </summary>
public sealed record TrafficReport(
    YearMonth Month,
    IReadOnlyList<VarianceLine> Users,
    IReadOnlyList<VarianceLine> UserVariants,
    IReadOnlyList<VarianceLine> Variants,
    VarianceFigure Total,
    long Smets1Excluded,
    IReadOnlyList<VarianceLine> Subscribers,
    IReadOnlyList<ServiceLevelLine> ServiceLevels,
    TrafficProfile System,
    IReadOnlyList<UserProfile> UserProfiles,
    IReadOnlyList<FileSummary> Files)
{
    /// <summary>
    /// The availability of each service with Planned Maintenance, from the month's outage log with
    /// the planned windows excluded; null when the month has no outage log.
    /// </summary>
    public IReadOnlyList<AvailabilityLine>? Availability { get; init; }

    /// <summary>Bad rows in all files.</summary>
    public long BadRows => Files.Sum(f => f.BadRows);

    /// <summary>The start of minute <paramref name="minute"/> of the month, as <c>2026-11-03T01:17Z</c>.</summary>
    public string MinuteText(int minute) => Timestamp.FormatMinute(Month, minute);

    /// <summary>Finishes <paramref name="partial"/> into the report figures by the rules in force.</summary>
    public static TrafficReport From(TrafficPartial partial, Forecasts forecasts, RuleBook rules, TargetResponseTimes targets)
    {
        ArgumentNullException.ThrowIfNull(partial);
        ArgumentNullException.ThrowIfNull(forecasts);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(targets);
        var sr = rules.VarianceRules[ReportContent.SrVariance];
        var csr = rules.VarianceRules[ReportContent.CsrVariance];

        VarianceLine Line(string key, long sent, long? forecast, VarianceRule? rule)
        {
            var figure = new VarianceFigure(sent, forecast);
            return new VarianceLine(key, figure, rule?.ExceptionReason(figure));
        }

        long? Find<TKey>(IReadOnlyDictionary<TKey, long> map, TKey key) => map.TryGetValue(key, out var v) ? v : null;

        var userNames = partial.Users.Where(u => u.Value.Sent > 0).Select(u => u.Key).Union(forecasts.Users.Keys).Order(StringComparer.Ordinal);
        var users = userNames.Select(u => Line(u, partial.Users.TryGetValue(u, out var t) ? t.Sent : 0, Find(forecasts.Users, u), sr)).ToList();

        var sentByVariant = partial.Users.SelectMany(u => u.Value.Variants.Select(v => (Key: (u.Key, v.Key), v.Value.Value))).ToDictionary(x => x.Key, x => x.Value);
        var variantKeys = sentByVariant.Keys.Union(forecasts.UserVariants.Keys).OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal);
        // A variant is judged only against a forecast for that variant: a User forecasting only its total has not forecast each variant.
        var userVariants = variantKeys.Select(k => Line($"{k.Item1} / {k.Item2}", Find(sentByVariant, k) ?? 0, Find(forecasts.UserVariants, k), forecasts.UserVariants.ContainsKey(k) ? sr : null)).ToList();
        // Across Users a variant is a volume only: Users forecast their variants unevenly, so a summed forecast would mislead.
        var variants = variantKeys.GroupBy(k => k.Item2).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Line(g.Key, g.Sum(k => Find(sentByVariant, k) ?? 0), null, null)).ToList();
        var total = new VarianceFigure(users.Sum(u => u.Figure.Sent), forecasts.Users.Count > 0 ? forecasts.Users.Values.Sum() : null);

        var subscriberNames = partial.Subscribers.Keys.Union(forecasts.Subscribers.Keys).Order(StringComparer.Ordinal);
        var subscribers = subscriberNames.Select(s => Line(s, partial.Subscribers.TryGetValue(s, out var t) ? t.Value : 0, Find(forecasts.Subscribers, s), csr)).ToList();

        var levels = targets.All.Select(t =>
        {
            var (within, timed) = partial.Service(t.Category);
            return new ServiceLevelLine(rules.Measures.First(m => m.Key == t.Measure), t, within, timed);
        }).ToList();

        var profiles = partial.Users.Select(u => (u.Key, Minutes: u.Value.Messages())).Where(u => u.Minutes is not null).OrderBy(u => u.Key, StringComparer.Ordinal)
            .Select(u => new UserProfile(u.Key, TrafficProfile.Of(u.Minutes!))).ToList();
        var files = partial.Files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        return new TrafficReport(partial.Month, users, userVariants, variants, total, partial.Smets1Excluded, subscribers, levels, TrafficProfile.Of(partial.SystemMinutes), profiles, files);
    }
}
