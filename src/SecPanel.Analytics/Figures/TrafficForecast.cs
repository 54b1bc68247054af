using NodaTime;
using SecPanel.Analytics.Logs;
using SecPanel.Traffic;

namespace SecPanel.Analytics.Figures;

/// <summary>
/// The daily peaks of months of logs, added month by month: the busiest minute of each London day,
/// system-wide for Service Requests and for alerts; and per User, its Service Requests a minute in
/// the day's busiest minutes for Service Requests (the mean over the <see cref="TopMinutes"/>
/// busiest), which is what throttling compares with its allocation when the system is at its peak.
/// A day that straddles two months' files (a London day in summer time starts at 23:00 UTC) takes
/// the larger of its two parts' values: exact for the peaks, and for a User's mean its part of the
/// day with the more.
/// </summary>
public sealed class DailyPeaks
{
    private readonly SortedDictionary<LocalDate, long> requests = [];
    private readonly SortedDictionary<LocalDate, long> alerts = [];
    private readonly SortedDictionary<string, SortedDictionary<LocalDate, double>> users = new(StringComparer.Ordinal);

    /// <summary>How many of a day's busiest minutes a User's messages a minute at the peak are the mean of: a quarter of an hour.</summary>
    public const int TopMinutes = 15;
    private readonly SortedSet<YearMonth> months = [];

    /// <summary>The months added, in order.</summary>
    public IReadOnlyList<YearMonth> Months => [.. months];

    /// <summary>System-wide Service Requests: each day's busiest minute.</summary>
    public IReadOnlyList<DailyPeak> Requests => [.. requests.Select(p => new DailyPeak(p.Key, p.Value))];

    /// <summary>System-wide alerts: each day's busiest minute.</summary>
    public IReadOnlyList<DailyPeak> Alerts => [.. alerts.Select(p => new DailyPeak(p.Key, p.Value))];

    /// <summary>Each User's Service Requests a minute in each day's busiest minutes, by User in ordinal order.</summary>
    public IReadOnlyList<(string User, IReadOnlyList<DailyValue> AtPeak)> Users =>
        [.. users.Select(u => (u.Key, (IReadOnlyList<DailyValue>)[.. u.Value.Select(p => new DailyValue(p.Key, p.Value))]))];

    /// <summary>Adds a month's counts.</summary>
    public void Add(TrafficPartial partial)
    {
        ArgumentNullException.ThrowIfNull(partial);
        months.Add(partial.Month);
        var dates = partial.LondonDates();

        var systemRequests = new long[partial.Minutes];
        var systemAlerts = new long[partial.Minutes];
        foreach (var (_, tally) in partial.Users)
        {
            if (tally.RequestsOrNull is { } sent)
            {
                for (var m = 0; m < sent.Length; m++)
                {
                    systemRequests[m] += sent[m];
                }
            }

            if (tally.AlertsOrNull is { } received)
            {
                for (var m = 0; m < received.Length; m++)
                {
                    systemAlerts[m] += received[m];
                }
            }
        }

        Peaks(systemRequests, dates, requests);
        Peaks(systemAlerts, dates, alerts);

        // Each day's busiest minutes for Service Requests (the earliest, on a tie), then each User's mean in them.
        var top = Enumerable.Range(0, dates.Length).GroupBy(m => dates[m])
            .Select(day => (Date: day.Key, Minutes: day.OrderByDescending(m => systemRequests[m]).ThenBy(m => m).Take(TopMinutes).ToArray())).ToList();
        foreach (var (name, tally) in partial.Users.Where(u => u.Value.RequestsOrNull is not null))
        {
            var mine = users.TryGetValue(name, out var found) ? found : users[name] = [];
            foreach (var (date, minutes) in top)
            {
                var mean = minutes.Sum(m => (double)tally.RequestsOrNull![m]) / minutes.Length;
                mine[date] = Math.Max(mine.GetValueOrDefault(date), mean);
            }
        }
    }

    private static void Peaks(long[] minutes, LocalDate[] dates, SortedDictionary<LocalDate, long> into)
    {
        for (var m = 0; m < minutes.Length; m++)
        {
            into[dates[m]] = Math.Max(into.GetValueOrDefault(dates[m]), minutes[m]);
        }
    }
}

/// <summary>A service's peaks, the model fitted to them, and when it reaches the operating threshold and the capacity.</summary>
/// <param name="Service">The service.</param>
/// <param name="Peaks">Its daily peaks.</param>
/// <param name="Model">The model; null when it could not be fitted (<paramref name="Refused"/> says why).</param>
/// <param name="Refused">Why no model, or null.</param>
/// <param name="Threshold">When the operating threshold is reached; null without a model or thresholds.</param>
/// <param name="Capacity">When the capacity is reached.</param>
public sealed record ServiceForecast(TrafficService Service, IReadOnlyList<DailyPeak> Peaks, PeakForecast? Model, string? Refused, Crossing? Threshold, Crossing? Capacity)
{
    /// <summary>
    /// The days a chart of this forecast shows: each day observed (storm days marked), then the
    /// forecast with its interval at <paramref name="confidence"/> to <paramref name="until"/>, each
    /// day with the levels in force under <paramref name="rules"/>; rounded to whole messages.
    /// </summary>
    public IReadOnlyList<OutlookDay> Outlook(TrafficRules rules, double confidence, LocalDate until)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var model = Model ?? throw new InvalidOperationException($"{TrafficReplayText.Key(Service)} was not forecast: {Refused}");
        var storms = model.Outliers.Select(o => o.Date).ToHashSet();
        OutlookDay Day(LocalDate date, long? peak, (double Point, double Low, double High)? forecast)
        {
            var rule = rules.ThresholdOn(Service, date);
            return new OutlookDay(date, peak, storms.Contains(date), Round(forecast?.Point), Round(forecast?.Low), Round(forecast?.High), rule?.OperatingThresholdPerMinute, rule?.CapacityPerMinute);
        }

        var days = Peaks.Select(p => Day(p.Date, p.Peak, null)).ToList();
        for (var date = model.Last.PlusDays(1); date <= until; date = date.PlusDays(1))
        {
            days.Add(Day(date, null, model.Predict(date, confidence)));
        }

        return days;
    }

    private static long? Round(double? value) => value is { } v ? (long)Math.Round(Math.Min(v, long.MaxValue / 2.0), MidpointRounding.AwayFromZero) : null;
}

/// <summary>A User whose Service Requests at the system's peak reach its allocation within the horizon (or have already).</summary>
/// <param name="User">The User.</param>
/// <param name="Model">Its model.</param>
/// <param name="Allocation">When it reaches its allocation.</param>
public sealed record UserForecast(string User, PeakForecast Model, Crossing Allocation);

/// <summary>
/// Time to breach (docs/traffic-management.md): from the daily peaks of months of logs, when the
/// system's Service Requests and alerts reach the operating threshold and the capacity in force on
/// each future day, and which Users reach their allocation, within a horizon.
/// </summary>
/// <param name="Months">The months read.</param>
/// <param name="HorizonDays">How far past the last day observed it looks.</param>
/// <param name="Confidence">The prediction intervals' level (0.8 for 80%).</param>
/// <param name="Requests">Service Requests.</param>
/// <param name="Alerts">Alerts.</param>
/// <param name="Users">Users whose peak reaches their allocation within the horizon, in ordinal order.</param>
/// <param name="UsersNotForecast">Users with too few days of Service Requests to forecast, in ordinal order.</param>
public sealed record TrafficForecast(IReadOnlyList<YearMonth> Months, int HorizonDays, double Confidence, ServiceForecast Requests, ServiceForecast Alerts, IReadOnlyList<UserForecast> Users, IReadOnlyList<string> UsersNotForecast)
{
    /// <summary>Forecasts from <paramref name="peaks"/> under <paramref name="rules"/>; <paramref name="forecasts"/> (the last month's) give the forecast-share allocations.</summary>
    public static TrafficForecast Of(DailyPeaks peaks, TrafficRules rules, Forecasts forecasts, int horizonDays, double confidence)
    {
        ArgumentNullException.ThrowIfNull(peaks);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(forecasts);
        ServiceForecast Service(TrafficService service, IReadOnlyList<DailyPeak> series)
        {
            var fitted = PeakForecast.Fit(series, TrafficReplayText.Key(service));
            if (!fitted.Succeeded)
            {
                return new ServiceForecast(service, series, null, fitted.Problems[0].Message, null, null);
            }

            var model = fitted.Value;
            return new ServiceForecast(
                service,
                series,
                model,
                null,
                model.When(d => rules.ThresholdOn(service, d)?.OperatingThresholdPerMinute, horizonDays, confidence),
                model.When(d => rules.ThresholdOn(service, d)?.CapacityPerMinute, horizonDays, confidence));
        }

        var users = new List<UserForecast>();
        var notForecast = new List<string>();
        foreach (var (user, series) in peaks.Users)
        {
            var fitted = PeakForecast.Fit(series, user);
            if (!fitted.Succeeded)
            {
                notForecast.Add(user);
                continue;
            }

            var crossing = fitted.Value.When(
                d => rules.ThresholdOn(TrafficService.ServiceRequests, d) is { } rule ? TrafficReplay.AllocationOf(user, rule, d, rules, forecasts) : null,
                horizonDays,
                confidence);
            if (crossing.Already || crossing.Date is not null)
            {
                users.Add(new UserForecast(user, fitted.Value, crossing));
            }
        }

        return new TrafficForecast(peaks.Months, horizonDays, confidence, Service(TrafficService.ServiceRequests, peaks.Requests), Service(TrafficService.Alerts, peaks.Alerts), users, notForecast);
    }
}
