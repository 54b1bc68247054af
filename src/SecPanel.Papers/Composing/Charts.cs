using System.Globalization;
using NodaTime;
using SecPanel.Cases;
using SecPanel.Obligations;
using SecPanel.Performance;
using SecPanel.Periods;
using SecPanel.Traffic;
using SecPanel.Variance;

namespace SecPanel.Papers.Composing;

/// <summary>
/// The charts a paper carries where people would rather look than read: for a variance report,
/// sent against forecast over the twelve months to its period; for a performance report, each
/// measure's service level over the twelve months against its Target and Minimum. Drawn with
/// ScottPlot; the same data gives the same PNG bytes.
/// </summary>
internal static class Charts
{
    private const int Width = 640;
    private const int Height = 260;

    /// <summary>The height of a chart with its legend beneath it.</summary>
    private const int TallHeight = 320;

    /// <summary>
    /// The charts' typeface: DejaVu Sans, shipped with SecPanel (in <c>fonts/</c> beside it, under its
    /// own licence) rather than looked up among the machine's fonts, so that a chart has its text,
    /// and the same bytes, on any machine, including one with no fonts installed.
    /// </summary>
    internal const string FontName = "SecPanel DejaVu Sans";

    private static readonly Lazy<string> Font = new(() =>
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "fonts");
        foreach (var (file, bold) in new[] { ("DejaVuSans.ttf", false), ("DejaVuSans-Bold.ttf", true) })
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"The chart font {path} is missing: SecPanel is not installed whole.");
            }

            ScottPlot.Fonts.AddFontFile(FontName, path, bold, italic: false);
        }

        return FontName;
    });

    /// <summary>Sent and forecast, month by month, for the twelve months to <paramref name="period"/> (totals: given, or summed over Users).</summary>
    public static List<VarianceMonth> VarianceSeries(Obligation obligation, ReportingPeriod period, AssessmentCase workspace) =>
        [.. Months(period).Select(m =>
        {
            var entries = workspace.Variance.Where(v => v.Obligation.Key == obligation.Key && v.Period == m).ToList();
            var total = entries.FirstOrDefault(e => e.User is null)?.Figure;
            long? sent = total?.Sent ?? (entries.Count > 0 ? entries.Sum(e => e.Figure.Sent) : null);
            long? forecast = total is not null ? total.Value.Forecast : (entries.Any(e => e.Figure.Forecast is not null) ? entries.Sum(e => e.Figure.Forecast ?? 0) : null);
            return new VarianceMonth(m, sent, forecast);
        })];

    /// <summary>One measure's service level, month by month, for the twelve months to <paramref name="period"/>; null where there is no data.</summary>
    public static List<(ReportingPeriod Month, decimal? Level)> MeasureSeries(PerformanceMeasure measure, Obligation obligation, ReportingPeriod period, AssessmentCase workspace) =>
        [.. Months(period).Select(m => (m, workspace.Performance
            .FirstOrDefault(p => p.Obligation.Key == obligation.Key && p.Period == m && p.Measure.Key == measure.Key)?.Level))];

    /// <summary>The chart of a variance report's series: sent and forecast against a scale from zero, so that neither sits on the frame.</summary>
    public static Figure Variance(Obligation obligation, List<VarianceMonth> rows)
    {
        var months = rows.Select(r => r.Month).ToList();
        var plot = NewPlot($"{obligation.Name}: sent against forecast");
        AddSeries(plot, rows.Select(r => (double?)r.Sent).ToList(), "sent", ScottPlot.Colors.Navy);
        AddSeries(plot, rows.Select(r => (double?)r.Forecast).ToList(), "forecast", ScottPlot.Colors.DarkOrange);
        Finish(plot, months, obligation.Counts);
        var highest = rows.SelectMany(r => new[] { r.Sent, r.Forecast }).Where(v => v is not null).Select(v => (double)v!.Value).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsY(0, Math.Max(1, highest * 1.15));
        var caption = $"{obligation.Name}: {obligation.Counts} sent against forecast, {months[0].Title} to {months[^1].Title}.";
        return new Figure(caption, Png(plot), Width, Height, ["Month", "Sent", "Forecast", "% of forecast"],
            [.. rows.Select(r => (IReadOnlyList<string>)[r.Month.Title, Count(r.Sent), Count(r.Forecast), r.PercentText])]);
    }

    /// <summary>The chart of one measure's service level against its Target and Minimum.</summary>
    public static Figure Measure(PerformanceMeasure measure, List<(ReportingPeriod Month, decimal? Level)> series)
    {
        var months = series.Select(s => s.Month).ToList();
        var levels = series.Select(s => s.Level).ToList();
        var plot = NewPlot($"{measure.Key}: {measure.Name}");
        AddSeries(plot, [.. levels.Select(l => (double?)l)], "service level", ScottPlot.Colors.Navy);
        var target = plot.Add.HorizontalLine((double)measure.Target, 1.5f, ScottPlot.Colors.Green);
        target.LegendText = $"target {Figures.Bound(measure.Target)}%";
        var minimum = plot.Add.HorizontalLine((double)measure.Minimum, 1.5f, ScottPlot.Colors.Red);
        minimum.LegendText = $"minimum {Figures.Bound(measure.Minimum)}%";
        minimum.LinePattern = ScottPlot.LinePattern.Dashed;
        var lowest = Math.Min((double)measure.Minimum, levels.Where(l => l is not null).Select(l => (double)l!.Value).DefaultIfEmpty(100).Min());
        Finish(plot, months, "%");
        plot.Axes.SetLimitsY(Math.Floor(lowest - 1), 100.5);
        var caption = $"{MeasureName(measure)}, {months[0].Title} to {months[^1].Title}, against Target {Figures.Bound(measure.Target)}% and Minimum {Figures.Bound(measure.Minimum)}%.";
        return new Figure(caption, Png(plot), Width, Height, ["Month", "Service level"],
            [.. series.Select(x => (IReadOnlyList<string>)[x.Month.Title, x.Level is { } l ? Level(l) : "no data"])]);
    }

    /// <summary>
    /// The chart under a traffic management item: the busiest minute of each day observed (storm
    /// days marked), the forecast after it with its interval, and the operating threshold and
    /// capacity in force on each day. Its figures are given a month a row: the busiest day
    /// observed, the storm days, the forecast at the month's end, and the levels in force then.
    /// </summary>
    public static Figure Traffic(TrafficOutlook outlook)
    {
        var days = outlook.Days;
        var name = outlook.Service == TrafficService.ServiceRequests ? "Service Requests" : "Alerts";
        var plot = NewPlot($"{name}: busiest minute of each day");
        var xs = days.Select((_, i) => (double)i).ToArray();
        double[] Ys(Func<OutlookDay, long?> value) => [.. days.Select(d => value(d) is { } v ? v : double.NaN)];
        var forecast = days.Select((d, i) => (d, i)).Where(x => x.d.Expected is not null).ToList();
        if (forecast.Count > 0)
        {
            var band = plot.Add.FillY([.. forecast.Select(x => (double)x.i)], [.. forecast.Select(x => (double)x.d.Lower!.Value)], [.. forecast.Select(x => (double)x.d.Upper!.Value)]);
            band.FillStyle.Color = ScottPlot.Colors.DarkOrange.WithAlpha(0.25);
            band.LineStyle.Width = 0;
            band.LegendText = $"{outlook.ConfidencePercent}% interval";
        }

        Line(plot, xs, Ys(d => d.Peak), "observed", ScottPlot.Colors.Navy, ScottPlot.LinePattern.Solid);
        Line(plot, xs, Ys(d => d.Expected), "forecast", ScottPlot.Colors.DarkOrange, ScottPlot.LinePattern.Solid);
        Line(plot, xs, Ys(d => d.Threshold), "operating threshold", ScottPlot.Colors.DarkGoldenRod, ScottPlot.LinePattern.Dashed);
        Line(plot, xs, Ys(d => d.Capacity), "capacity", ScottPlot.Colors.Red, ScottPlot.LinePattern.Solid);
        // A tick on the first of each month, its year under the first and under each January; at
        // most eight, so that a year and a half stays legible at this width.
        var firsts = days.Select((d, i) => (d.Date, i)).Where(x => x.Date.Day == 1).ToList();
        var step = Math.Max(1, (firsts.Count + 7) / 8);
        var ticks = firsts.Where((_, n) => n % step == 0).ToList();
        plot.Axes.Bottom.SetTicks(
            [.. ticks.Select(t => (double)t.i)],
            [.. ticks.Select((t, n) => n == 0 || t.Date.Month == 1 ? t.Date.ToString("MMM'\n'uuuu", CultureInfo.InvariantCulture) : t.Date.ToString("MMM", CultureInfo.InvariantCulture))]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
        plot.Axes.Left.TickLabelStyle.FontSize = 10;
        plot.Axes.Left.Label.Text = "messages a minute";
        plot.Axes.Left.Label.FontSize = 11;
        plot.Axes.Left.Label.Bold = false;
        plot.Axes.SetLimitsX(-0.5, days.Count - 0.5);

        // From zero to a little above the capacity, the highest day fitted or the forecast, whichever
        // is higher: an interval that widens past them is cut at the frame, and a storm day above
        // it is marked on the frame (its figure is in the table), rather than squashing the rest.
        var top = 1.15 * days.SelectMany(d => new[] { d.Storm ? null : d.Peak, d.Capacity, d.Threshold, d.Expected }).Where(v => v is not null).Select(v => (double)v!.Value).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsY(0, top);
        var storms = days.Select((d, i) => (d, i)).Where(x => x.d.Storm && x.d.Peak is not null).ToList();
        foreach (var (above, shape, label) in new[] { (false, ScottPlot.MarkerShape.OpenCircle, "storm day, not fitted"), (true, ScottPlot.MarkerShape.FilledTriangleUp, "storm day above the frame") })
        {
            var marked = storms.Where(x => x.d.Peak!.Value > top == above).ToList();
            if (marked.Count > 0)
            {
                double[] stormXs = [.. marked.Select(x => (double)x.i)];
                double[] stormYs = [.. marked.Select(x => Math.Min(x.d.Peak!.Value, top * 0.97))];
                var marks = plot.Add.ScatterPoints(stormXs, stormYs, ScottPlot.Colors.Red);
                marks.MarkerSize = 7;
                marks.MarkerShape = shape;
                marks.LegendText = label;
            }
        }

        // Beneath the chart, in rows: seven entries inside the frame would cover the lines.
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        plot.Legend.FontSize = 10;

        var observed = outlook.Observed.ToList();
        var last = days[^1].Date;
        var caption = $"{name}: the busiest minute of each day, {Day(observed[0].Date)} to {Day(observed[^1].Date)}, and the forecast to {Day(last)} with its {outlook.ConfidencePercent}% interval, against the operating threshold and capacity.";
        var rows = days.GroupBy(d => (d.Date.Year, d.Date.Month)).Select(month =>
        {
            OutlookDay? Busiest(bool storm) => month.Where(d => d.Peak is not null && d.Storm == storm).OrderByDescending(d => d.Peak).ThenBy(d => d.Date).FirstOrDefault();
            var busiest = Busiest(storm: false);
            var storm = Busiest(storm: true);
            var stormDays = month.Count(d => d.Storm);
            var end = month.LastOrDefault(d => d.Expected is not null);
            var at = month.Last();
            return (IReadOnlyList<string>)[
                month.First().Date.ToString("MMMM uuuu", CultureInfo.InvariantCulture),
                busiest is null ? "–" : $"{Figures.Count(busiest.Peak!.Value)} on {OnDay(busiest.Date)}",
                storm is null ? "–" : $"{stormDays}, highest {Figures.Count(storm.Peak!.Value)} on {OnDay(storm.Date)}",
                end is null ? "–" : $"{Figures.Count(end.Expected!.Value)} ({Figures.Count(end.Lower!.Value)} to {Figures.Count(end.Upper!.Value)})",
                at.Threshold is { } t ? Figures.Count(t) : "–",
                at.Capacity is { } c ? Figures.Count(c) : "–",
            ];
        });
        return new Figure(caption, plot.GetImageBytes(Width, TallHeight, ScottPlot.ImageFormat.Png), Width, TallHeight, ["Month", "Busiest minute observed", "Storm days (not fitted)", "Forecast at the month's end", "Operating threshold", "Capacity"], [.. rows]);
    }

    private static void Line(ScottPlot.Plot plot, double[] xs, double[] ys, string label, ScottPlot.Color colour, ScottPlot.LinePattern pattern)
    {
        if (ys.All(double.IsNaN))
        {
            return;
        }

        var line = plot.Add.ScatterLine(xs, ys, colour);
        line.LegendText = label;
        line.LineWidth = 1.5f;
        line.LinePattern = pattern;
    }

    private static string OnDay(LocalDate date) => date.ToString("d MMM", CultureInfo.InvariantCulture);

    private static string Day(LocalDate date) => date.ToString("d MMMM uuuu", CultureInfo.InvariantCulture);

    /// <summary>"CPM1 (Code): On-Demand Service Responses delivered within the Target Response Time".</summary>
    public static string MeasureName(PerformanceMeasure measure) => $"{measure.Key} ({measure.Scope}): {measure.Name}";

    /// <summary>A service level as the paper prints it: two decimal places, "99.88%".</summary>
    public static string Level(decimal level) => Math.Round(level, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static List<ReportingPeriod> Months(ReportingPeriod period)
    {
        var first = ReportingPeriod.Containing(Cadence.Monthly, period.Start.PlusMonths(-11));
        var months = new List<ReportingPeriod>();
        for (var m = first; m <= period; m = m.Next())
        {
            months.Add(m);
        }

        return months;
    }

    private static ScottPlot.Plot NewPlot(string title)
    {
        var plot = new ScottPlot.Plot();
        plot.Font.Set(Font.Value);
        plot.Title(title, size: 13);
        return plot;
    }

    /// <summary>A line with markers; a month without data breaks the line rather than drawing zero.</summary>
    private static void AddSeries(ScottPlot.Plot plot, List<double?> values, string label, ScottPlot.Color colour)
    {
        var xs = values.Select((_, i) => (double)i).ToArray();
        var ys = values.Select(v => v ?? double.NaN).ToArray();
        var scatter = plot.Add.Scatter(xs, ys, colour);
        scatter.LegendText = label;
        scatter.MarkerSize = 6;
        scatter.LineWidth = 2;
    }

    private static void Finish(ScottPlot.Plot plot, List<ReportingPeriod> months, string unit)
    {
        // "Jun 17" under each of twelve points collides at this width: the month alone, and its year
        // under the first month and under each January.
        plot.Axes.Bottom.SetTicks(
            [.. months.Select((_, i) => (double)i)],
            [.. months.Select((m, i) => i == 0 || m.Start.Month == 1 ? m.Start.ToString("MMM'\n'uuuu", CultureInfo.InvariantCulture) : m.Start.ToString("MMM", CultureInfo.InvariantCulture))]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
        plot.Axes.Left.TickLabelStyle.FontSize = 10;
        plot.Axes.SetLimitsX(-0.5, months.Count - 0.5);
        // The axis label is smaller than the title: it names the unit, the title the chart.
        plot.Axes.Left.Label.Text = unit;
        plot.Axes.Left.Label.FontSize = 11;
        plot.Axes.Left.Label.Bold = false;
        plot.ShowLegend(ScottPlot.Alignment.LowerLeft);
    }

    private static byte[] Png(ScottPlot.Plot plot) => plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png);

    private static string Count(long? value) => value is { } v ? Figures.Count(v) : "–";
}

/// <summary>A month of a variance report's totals: sent, and forecast (null when not recorded).</summary>
internal sealed record VarianceMonth(ReportingPeriod Month, long? Sent, long? Forecast)
{
    /// <summary>True when the month has figures.</summary>
    public bool HasData => Sent is not null;

    /// <summary>Sent as a percentage of forecast, to one decimal place, or "–".</summary>
    public string PercentText => Sent is { } s && Forecast is { } f && f > 0 ? Figures.Percent(s * 100m / f) + "%" : "–";
}
