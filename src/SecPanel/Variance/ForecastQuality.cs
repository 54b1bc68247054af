using SecPanel.Periods;

namespace SecPanel.Variance;

/// <summary>A User's line of a variance report in one month.</summary>
public sealed record UserMonth(string User, ReportingPeriod Period, VarianceFigure Figure);

/// <summary>
/// How well one User forecast, over the months read (docs/forecast-quality.md). Percentages are of
/// the forecast, unrounded; a month without a forecast (or with one of zero) has no error and is
/// counted apart.
/// </summary>
/// <param name="User">The User.</param>
/// <param name="Months">The months it has a line in.</param>
/// <param name="Forecast">The months with a forecast above zero (those the error is over).</param>
/// <param name="BiasPercent">The mean of sent/forecast − 1, in percent: above zero, it sends more than it forecasts; null without a forecast month.</param>
/// <param name="MeanErrorPercent">The mean absolute percentage error: the mean of |sent − forecast| / forecast.</param>
/// <param name="MedianErrorPercent">The median of the same, which one wild month does not move.</param>
/// <param name="InTolerance">The months that are not exceptions under the variance rule.</param>
/// <param name="OutOfTolerance">The months that are.</param>
/// <param name="TrendPerMonth">The least-squares slope of the absolute percentage error against the month, in percentage points a month: below zero, it is forecasting better; null with fewer than three forecast months.</param>
/// <param name="Series">Each month's sent as a percentage of forecast (null without one), and whether it is an exception, in month order.</param>
public sealed record UserQuality(
    string User,
    int Months,
    int Forecast,
    decimal? BiasPercent,
    decimal? MeanErrorPercent,
    decimal? MedianErrorPercent,
    int InTolerance,
    int OutOfTolerance,
    decimal? TrendPerMonth,
    IReadOnlyList<(ReportingPeriod Period, decimal? Percent, bool Exception)> Series);

/// <summary>Forecast quality per User of one variance obligation over months, ranked worst first.</summary>
public static class ForecastQuality
{
    /// <summary>
    /// Each User's quality from <paramref name="lines"/> (the Users' lines, not the totals) under
    /// <paramref name="rule"/>, ranked by mean error, highest first (Users without a forecast month
    /// last), then by name.
    /// </summary>
    public static IReadOnlyList<UserQuality> Of(VarianceRule rule, IEnumerable<UserMonth> lines)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(lines);
        return [.. lines
            .GroupBy(l => l.User, StringComparer.Ordinal)
            .Select(g => Quality(rule, g.Key, [.. g.OrderBy(l => l.Period)]))
            .OrderBy(q => q.MeanErrorPercent is null)
            .ThenByDescending(q => q.MeanErrorPercent)
            .ThenBy(q => q.User, StringComparer.Ordinal)];
    }

    private static UserQuality Quality(VarianceRule rule, string user, List<UserMonth> months)
    {
        if (months.Select(m => m.Period).Distinct().Count() != months.Count)
        {
            throw new ArgumentException($"{user} has two lines for one month", nameof(months));
        }

        var forecast = months.Where(m => m.Figure.PercentOfForecast is not null).ToList();
        var errors = forecast.Select(m => Math.Abs(m.Figure.PercentOfForecast!.Value - 100m)).ToList();
        var outOf = months.Count(m => rule.ExceptionReason(m.Figure) is not null);
        decimal? trend = null;
        if (forecast.Count >= 3)
        {
            // x: months from the first; y: the absolute percentage error.
            var first = forecast[0].Period.Start;
            var xs = forecast.Select(m => (decimal)((m.Period.Start.Year - first.Year) * 12 + m.Period.Start.Month - first.Month)).ToList();
            var meanX = xs.Average();
            var meanY = errors.Average();
            var sxx = xs.Sum(x => (x - meanX) * (x - meanX));
            trend = sxx == 0 ? null : xs.Zip(errors, (x, y) => (x - meanX) * (y - meanY)).Sum() / sxx;
        }

        return new UserQuality(
            user,
            months.Count,
            forecast.Count,
            forecast.Count == 0 ? null : forecast.Average(m => m.Figure.PercentOfForecast!.Value - 100m),
            errors.Count == 0 ? null : errors.Average(),
            errors.Count == 0 ? null : Median(errors),
            months.Count - outOf,
            outOf,
            trend,
            [.. months.Select(m => (m.Period, m.Figure.PercentOfForecast, rule.ExceptionReason(m.Figure) is not null))]);
    }

    private static decimal Median(List<decimal> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
