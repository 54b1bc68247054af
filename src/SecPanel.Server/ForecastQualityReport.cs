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

    /// <summary>The months a paper's forecast quality part covers: the twelve latest with figures.</summary>
    public const int PaperMonths = 12;

    /// <summary>
    /// The paper's forecast quality parts (SR and CSR Variance, as the catalogue orders them) from
    /// the store: the <see cref="PaperMonths"/> latest months with figures before the month of the
    /// paper's <paramref name="date"/>, read month by month as <see cref="Read"/> does.
    /// </summary>
    public static IReadOnlyList<Papers.Composing.ForecastQualityPart> PaperParts(Store store, RuleBook rules, NodaTime.LocalDate date)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var last = PaperLast(date).ToString();
        return [.. VarianceReports(rules).Select(r =>
        {
            var (months, quality) = Read(store, r.Report.Key, r.Rule, PaperMonths, last);
            return new Papers.Composing.ForecastQualityPart(r.Report, r.Rule, months, quality);
        })];
    }

    /// <summary>The paper's forecast quality parts from a case folder's figures, chosen as from the store.</summary>
    public static IReadOnlyList<Papers.Composing.ForecastQualityPart> PaperParts(Cases.AssessmentCase workspace, RuleBook rules, NodaTime.LocalDate date)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(rules);
        var last = PaperLast(date);
        return [.. VarianceReports(rules).Select(r =>
        {
            var lines = workspace.Variance
                .Where(v => v.Obligation.Key == r.Report.Key && v.User is not null && v.Period.Cadence == Cadence.Monthly && v.Period <= last)
                .Select(v => new UserMonth(v.User!, v.Period, v.Figure))
                .ToList();
            var months = lines.Select(l => l.Period).Distinct().OrderDescending().Take(PaperMonths).ToHashSet();
            var kept = lines.Where(l => months.Contains(l.Period)).ToList();
            return new Papers.Composing.ForecastQualityPart(r.Report, r.Rule, [.. months.Order()], ForecastQuality.Of(r.Rule, kept));
        })];
    }

    private static ReportingPeriod PaperLast(NodaTime.LocalDate date) => ReportingPeriod.Containing(Cadence.Monthly, date.PlusMonths(-1));

    private static IEnumerable<(Obligation Report, VarianceRule Rule)> VarianceReports(RuleBook rules) =>
        rules.Catalogue.All.Where(o => rules.VarianceRules.ContainsKey(o.Key)).Select(o => (o, rules.VarianceRules[o.Key]));

    /// <summary>The report as JSON (docs/forecast-quality.md): the counts, and with <paramref name="named"/> the ranking, each User with its months.</summary>
    public static string Json(Obligation report, VarianceRule rule, IReadOnlyList<ReportingPeriod> months, IReadOnlyList<UserQuality> quality, bool named)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("obligation", report.Key);
            json.WriteString("tolerance", ForecastQualityText.Tolerance(rule));
            json.WriteStartArray("months");
            foreach (var m in months)
            {
                json.WriteStringValue(m.ToString());
            }

            json.WriteEndArray();
            json.WriteBoolean("named", named);
            var summary = ForecastQualityText.Summary(quality);
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
