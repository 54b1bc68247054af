using System.Globalization;
using SecPanel.Cases;
using SecPanel.Internals;
using SecPanel.Variance;

namespace SecPanel.Analytics.Figures;

/// <summary>
/// A month's traffic figures as the content of the DCC's reports, in the case files that hold a
/// report's content (docs/case-format.md): the SR Variance Report (H3.24) and the CSR Variance
/// Report (L8.9) in <c>variance.csv</c>, a total line and a line per User or Subscriber; CPM 1, 2,
/// 3 and 7 of the Performance Measurement Report in <c>performance.csv</c>, as counts, with the
/// availability measures (CPM 6) as minutes when the month has an outage log. Never a
/// delivery: that is the DCC's act of reporting, recorded apart.
/// </summary>
public static class ReportContent
{
    /// <summary>The SR Variance Report's obligation key.</summary>
    public const string SrVariance = "sr-variance";

    /// <summary>The CSR Variance Report's obligation key.</summary>
    public const string CsrVariance = "csr-variance";

    /// <summary>The Performance Measurement Report's obligation key.</summary>
    public const string Performance = "pmr";

    /// <summary>
    /// <c>variance.csv</c>: for each report, the total (empty user) and each User or Subscriber,
    /// sent against forecast, an empty forecast where none was received. The SR lines are the
    /// H3.24 figures, SMETS1 requests left out; the totals' forecasts are the sums of the forecasts
    /// received, empty when none was.
    /// </summary>
    public static string VarianceCsv(TrafficReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var subscribersWithForecast = report.Subscribers.Where(s => s.Figure.Forecast is not null).ToList();
        var csrTotal = new VarianceFigure(report.Subscribers.Sum(s => s.Figure.Sent), subscribersWithForecast.Count > 0 ? subscribersWithForecast.Sum(s => s.Figure.Forecast!.Value) : null);
        return CsvWriter.Text(CaseFolder.Variance.Columns, [.. Lines(report, SrVariance, report.Total, report.Users), .. Lines(report, CsrVariance, csrTotal, report.Subscribers)]);
    }

    /// <summary><c>performance.csv</c>: each timed measure as within and total, judged by the measures in force where it is stored.</summary>
    public static string PerformanceCsv(TrafficReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        string[] columns = ["obligation", "period", "measure", "within", "total"];
        return CsvWriter.Text(columns, report.ServiceLevels.Select(l => new[] { Performance, Period(report), l.Measure.Key, Number(l.Within), Number(l.Total) })
            .Concat(Available(report).Select(a => new[] { Performance, Period(report), a.Measure!.Key, Number(a.Within), Number(a.Total) })));
    }

    /// <summary>The availability lines stored as measures: those of a service with a measure, when the month has an outage log.</summary>
    private static IEnumerable<AvailabilityLine> Available(TrafficReport report) => report.Availability?.Where(a => a.Measure is not null) ?? [];

    /// <summary>The <c>variance.csv</c> lines <see cref="VarianceCsv"/> gives the whole of: both reports, the report's month, by column.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> VarianceKeys(TrafficReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["obligation"] = [SrVariance, CsrVariance],
            ["period"] = [Period(report)],
        };
    }

    /// <summary>The <c>performance.csv</c> lines <see cref="PerformanceCsv"/> gives the whole of: the timed measures of the report's month, by column.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> PerformanceKeys(TrafficReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["obligation"] = [Performance],
            ["period"] = [Period(report)],
            ["measure"] = [.. report.ServiceLevels.Select(l => l.Measure.Key), .. Available(report).Select(a => a.Measure!.Key)],
        };
    }

    private static IEnumerable<string?[]> Lines(TrafficReport report, string obligation, VarianceFigure total, IReadOnlyList<VarianceLine> lines) =>
        lines.Select(l => (l.Key, l.Figure)).Prepend((Key: string.Empty, Figure: total))
            .Select(l => new[] { obligation, Period(report), l.Key, Number(l.Figure.Sent), l.Figure.Forecast is { } f ? Number(f) : null });

    private static string Period(TrafficReport report) => report.Month.ToString("uuuu-MM", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
