using System.Globalization;
using SecPanel.Periods;
using SecPanel.Storage;
using SecPanel.Variance;

namespace SecPanel.Server;

/// <summary>Forecast quality read from the store (docs/forecast-quality.md), for the command line and the server alike.</summary>
public static class ForecastQualityReport
{
    /// <summary>
    /// The Users' quality in <paramref name="obligation"/> over the <paramref name="count"/> latest
    /// months with figures up to <paramref name="last"/> (YYYY-MM; null for the latest), read month
    /// by month, each by its key: the months asked for, never the whole store. Returns the months
    /// that have User lines, in order, and the ranking.
    /// </summary>
    public static (IReadOnlyList<ReportingPeriod> Months, IReadOnlyList<UserQuality> Quality) Read(Store store, string obligation, VarianceRule rule, int count, string? last)
    {
        ArgumentNullException.ThrowIfNull(store);
        var chosen = store.FigureMonths().Where(m => last is null || string.CompareOrdinal(m, last) <= 0).Take(count).Order(StringComparer.Ordinal).ToList();
        var lines = new List<UserMonth>();
        foreach (var month in chosen)
        {
            var period = ReportingPeriod.TryParse(month, Cadence.Monthly, out var p, out var error) ? p : throw new StoreException($"a stored month '{month}': {error}");
            foreach (var line in store.FiguresOf(month).Variance.Where(v => v["obligation"] == obligation && !string.IsNullOrEmpty(v["user"])))
            {
                var forecast = line["forecast"] is { Length: > 0 } f ? long.Parse(f, CultureInfo.InvariantCulture) : (long?)null;
                lines.Add(new UserMonth(line["user"]!, period, new VarianceFigure(long.Parse(line["sent"]!, CultureInfo.InvariantCulture), forecast)));
            }
        }

        return ([.. lines.Select(l => l.Period).Distinct().Order()], ForecastQuality.Of(rule, lines));
    }

    /// <summary>How many Users are out of tolerance in at least half their months, and how many send over 10% more, or less, than they forecast on average.</summary>
    public static (int MostlyOut, int High, int Low) Summary(IReadOnlyList<UserQuality> quality) =>
        (quality.Count(q => q.OutOfTolerance * 2 >= q.Months), quality.Count(q => q.BiasPercent > 10), quality.Count(q => q.BiasPercent < -10));

    /// <summary>The variance rule's band in words: "at or below 90% or at or above 110% of forecast is an exception".</summary>
    public static string Tolerance(VarianceRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return string.Join(" or ", new[] { rule.ExceptionAtOrBelow is { } low ? $"at or below {Figures.Bound(low)}%" : null, rule.ExceptionAtOrAbove is { } high ? $"at or above {Figures.Bound(high)}%" : null }.OfType<string>())
            + " of forecast is an exception";
    }

    /// <summary>"+3.2%", "−2.5%", and "0.0%" for what rounds to nought (no sign on a nought).</summary>
    public static string WithSign(decimal? value) => value is { } v
        ? (Figures.RoundPercent(v) switch { 0 => string.Empty, > 0 => "+", _ => "−" }) + Figures.Percent(Math.Abs(v)) + "%"
        : "–";

    /// <summary>"10.9%", or "–".</summary>
    public static string Plain(decimal? value) => value is { } v ? Figures.Percent(v) + "%" : "–";

    /// <summary>"−1.6 pp a month", or "–".</summary>
    public static string Trend(decimal? value) => value is { } v ? $"{WithSign(v)[..^1]} pp a month" : "–";
}
