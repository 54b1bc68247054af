using System.Globalization;

namespace SecPanel.Variance;

/// <summary>
/// How figures are written in papers: counts with thousands separators, percentages rounded
/// (never truncated) to one decimal place, half away from zero.
/// </summary>
public static class Figures
{
    /// <summary>A count such as <c>873,383</c>.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A percentage to one decimal place, without the sign: 157.70… gives <c>157.7</c>.</summary>
    public static string Percent(decimal value) =>
        Math.Round(value, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>A percentage rounded to one decimal place, as a number.</summary>
    public static decimal RoundPercent(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    /// <summary>A configured bound as written in a data file, without trailing zeros: 90, 99.5.</summary>
    public static string Bound(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
