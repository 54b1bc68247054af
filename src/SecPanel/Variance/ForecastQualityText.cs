namespace SecPanel.Variance;

/// <summary>Forecast quality in words, as the command line, the pages and the paper give it.</summary>
public static class ForecastQualityText
{
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
