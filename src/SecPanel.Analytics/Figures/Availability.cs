using NodaTime;
using SecPanel.Analytics.Internals;
using SecPanel.Analytics.Logs;
using SecPanel.Maintenance;
using SecPanel.Performance;

namespace SecPanel.Analytics.Figures;

/// <summary>
/// A service's availability in the month's Target Availability Period: every minute of the month
/// less the minutes of Planned Maintenance. A minute is unavailable when an outage touches any part
/// of it and no planned window holds it.
/// </summary>
/// <param name="Service">The service.</param>
/// <param name="Measure">The measure its availability is reported as, or null.</param>
/// <param name="Minutes">Minutes in the month.</param>
/// <param name="PlannedMinutes">Minutes of Planned Maintenance in the month (windows that overlap count once).</param>
/// <param name="UnavailableMinutes">Minutes outside Planned Maintenance touched by an outage.</param>
/// <param name="Outages">Outages of the service recorded in the month.</param>
public sealed record AvailabilityLine(MaintainedService Service, PerformanceMeasure? Measure, long Minutes, long PlannedMinutes, long UnavailableMinutes, int Outages)
{
    /// <summary>The Target Availability Period: the month's minutes less Planned Maintenance.</summary>
    public long Total => Minutes - PlannedMinutes;

    /// <summary>Minutes of the Target Availability Period the service was available.</summary>
    public long Within => Total - UnavailableMinutes;

    /// <summary>Within ÷ total × 100, unrounded; null when the whole month was planned maintenance.</summary>
    public decimal? Level => Total > 0 ? Within * 100m / Total : null;

    /// <summary>The level against the measure's Target and Minimum, or no data without a measure.</summary>
    public ServiceLevelResult Result => Measure?.Judge(Level) ?? ServiceLevelResult.NoData;

    /// <summary>
    /// Each service's availability in <paramref name="month"/> from its <paramref name="outages"/>,
    /// excluding the minutes of <paramref name="windows"/>; in the rules' order.
    /// </summary>
    public static IReadOnlyList<AvailabilityLine> Of(YearMonth month, IReadOnlyList<Outage> outages, IReadOnlyList<MaintenanceWindow> windows, RuleBook rules)
    {
        ArgumentNullException.ThrowIfNull(outages);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(rules);
        var start = Timestamp.StartOf(month);
        var minutes = Timestamp.MinutesIn(month);
        var lines = new List<AvailabilityLine>();
        foreach (var service in rules.Maintenance.Services)
        {
            var planned = new bool[minutes];
            foreach (var window in windows.Where(w => w.Service == service.Key))
            {
                Mark(planned, window.StartsAt.ToUnixTimeMilliseconds() - start, window.EndsAt.ToUnixTimeMilliseconds() - start);
            }

            var down = new bool[minutes];
            var mine = outages.Where(o => o.Service == service.Key).ToList();
            foreach (var outage in mine)
            {
                Mark(down, outage.Started.ToUnixTimeMilliseconds() - start, outage.Ended.ToUnixTimeMilliseconds() - start);
            }

            var (plannedMinutes, unavailable) = (0L, 0L);
            for (var m = 0; m < minutes; m++)
            {
                plannedMinutes += planned[m] ? 1 : 0;
                unavailable += down[m] && !planned[m] ? 1 : 0;
            }

            var measure = service.Measure is { } key ? rules.Measures.FirstOrDefault(x => x.Key == key) : null;
            lines.Add(new AvailabilityLine(service, measure, minutes, plannedMinutes, unavailable, mine.Count));
        }

        return lines;
    }

    /// <summary>Marks every minute that [<paramref name="from"/>, <paramref name="to"/>) (milliseconds from the month's start) touches.</summary>
    private static void Mark(bool[] minutes, long from, long to)
    {
        var first = from <= 0 ? 0 : from / Timestamp.MillisecondsPerMinute;
        var last = Math.Min(minutes.Length, (to + Timestamp.MillisecondsPerMinute - 1) / Timestamp.MillisecondsPerMinute);
        for (var m = first; m < last; m++)
        {
            minutes[m] = true;
        }
    }
}
