namespace SecPanel.Variance;

/// <summary>
/// When a volume against forecast is an exception, for one variance obligation. Bands are
/// inclusive and compared on the unrounded percentage: SR (H3.24) is an exception at or below
/// 90% or at or above 110%; CSR (L8.9) at or above 110%, with no lower bound. Null bounds do not apply.
/// </summary>
/// <param name="Obligation">The key of the variance obligation the rule is for.</param>
/// <param name="ExceptionAtOrBelow">Percent of forecast at or below which a volume is an exception; null for no lower bound.</param>
/// <param name="ExceptionAtOrAbove">Percent of forecast at or above which a volume is an exception; null for no upper bound.</param>
/// <param name="NoForecastWithSentIsException">Whether sending at least one with no forecast (or a forecast of zero) is an exception.</param>
public sealed record VarianceRule(string Obligation, decimal? ExceptionAtOrBelow, decimal? ExceptionAtOrAbove, bool NoForecastWithSentIsException)
{
    /// <summary>Why <paramref name="figure"/> is an exception under this rule, or null when it is not.</summary>
    public string? ExceptionReason(VarianceFigure figure)
    {
        if (figure.PercentOfForecast is not { } percent)
        {
            return NoForecastWithSentIsException && figure.Sent > 0
                ? (figure.Forecast is null ? "no forecast, " : "forecast of zero, ") + Figures.Count(figure.Sent) + " sent"
                : null;
        }

        if (ExceptionAtOrBelow is { } low && percent <= low)
        {
            return $"at or below {Figures.Bound(low)}% of forecast";
        }

        return ExceptionAtOrAbove is { } high && percent >= high
            ? $"at or above {Figures.Bound(high)}% of forecast"
            : null;
    }
}

/// <summary>
/// A volume sent in a month against its forecast; <see cref="Forecast"/> is null when no forecast
/// was received. Figures are whole counts; derived values are exact.
/// </summary>
public readonly record struct VarianceFigure(long Sent, long? Forecast)
{
    /// <summary>Sent minus forecast; null when no forecast was received.</summary>
    public long? Variance => Forecast is { } forecast ? Sent - forecast : null;

    /// <summary>Sent as a percentage of forecast, unrounded; null when there is no forecast or it is zero.</summary>
    public decimal? PercentOfForecast => Forecast is { } forecast && forecast > 0 ? Sent * 100m / forecast : null;
}
