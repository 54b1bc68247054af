using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SecPanel.Obligations;
using SecPanel.Periods;
using SecPanel.Storage;
using SecPanel.Variance;

namespace SecPanel.Server;

/// <summary>Forecast quality read from the store (docs/forecast-quality.md), for the command line and the server alike.</summary>
public static class ForecastQualityReport
{
    /// <summary>The lowest clearance or level at which Users are named: below it, counts only.</summary>
    public const Records.Tlp NamesFrom = Records.Tlp.Green;

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

    /// <summary>The report as JSON (docs/forecast-quality.md): the counts, and with <paramref name="named"/> the ranking, each User with its months.</summary>
    public static string Json(Obligation report, VarianceRule rule, IReadOnlyList<ReportingPeriod> months, IReadOnlyList<UserQuality> quality, bool named)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("obligation", report.Key);
            json.WriteString("tolerance", Tolerance(rule));
            json.WriteStartArray("months");
            foreach (var m in months)
            {
                json.WriteStringValue(m.ToString());
            }

            json.WriteEndArray();
            json.WriteBoolean("named", named);
            var summary = Summary(quality);
            json.WriteNumber("users", quality.Count);
            json.WriteNumber("mostlyOutOfTolerance", summary.MostlyOut);
            json.WriteNumber("biasedHigh", summary.High);
            json.WriteNumber("biasedLow", summary.Low);
            if (named)
            {
                json.WriteStartArray("ranking");
                foreach (var q in quality)
                {
                    json.WriteStartObject();
                    json.WriteString("user", q.User);
                    json.WriteNumber("months", q.Months);
                    json.WriteNumber("forecastMonths", q.Forecast);
                    Number(json, "biasPercent", q.BiasPercent);
                    Number(json, "meanErrorPercent", q.MeanErrorPercent);
                    Number(json, "medianErrorPercent", q.MedianErrorPercent);
                    json.WriteNumber("inTolerance", q.InTolerance);
                    json.WriteNumber("outOfTolerance", q.OutOfTolerance);
                    Number(json, "trendPointsPerMonth", q.TrendPerMonth);
                    json.WriteStartArray("percentOfForecast");
                    foreach (var (period, percent, exception) in q.Series)
                    {
                        json.WriteStartObject();
                        json.WriteString("month", period.ToString());
                        Number(json, "percent", percent);
                        json.WriteBoolean("exception", exception);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Two decimal places, rounded half away from zero: enough to rank, and the same on every machine.</summary>
    private static void Number(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, Math.Round(v, 2, MidpointRounding.AwayFromZero));
        }
        else
        {
            json.WriteNull(name);
        }
    }

}
