using System.Globalization;
using System.Text;
using SecPanel.Performance;
using Show = SecPanel.Variance.Figures;

namespace SecPanel.Analytics.Figures;

/// <summary>A <see cref="TrafficReport"/> as readable tables for the terminal.</summary>
public static class TrafficText
{
    /// <summary>The report as plain-text tables.</summary>
    public static string Table(TrafficReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var month = report.Month.ToString("uuuu-MM", CultureInfo.InvariantCulture);
        text.Append(CultureInfo.InvariantCulture, $"DCC traffic, {month}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Service Requests against forecast (H3.24; SMETS2 only, {Show.Count(report.Smets1Excluded)} SMETS1 requests left out)\n");
        Variances(text, "User", report.Users.Append(new VarianceLine("total", report.Total, null)).ToList());
        text.Append("\nService Requests per User and Service Reference Variant (judged where a variant forecast is given)\n");
        Variances(text, "User / variant", report.UserVariants);
        text.Append("\nService Requests per Service Reference Variant\n");
        Variances(text, "variant", report.Variants);
        text.Append("\nCSRs against forecast (L8.9)\n");
        Variances(text, "Subscriber", report.Subscribers);
        text.Append("\nService levels (within the Target Response Time)\n");
        text.Append(CultureInfo.InvariantCulture, $"{"measure",-8} {"category",-13} {"target",7} {"within",12} {"total",12} {"level",7} {"target",7} {"minimum",7}  result\n");
        foreach (var l in report.ServiceLevels)
        {
            text.Append(CultureInfo.InvariantCulture, $"{l.Measure.Key,-8} {l.Target.Category.Key(),-13} {l.Target.TargetMilliseconds / 1000 + " s",7} {Show.Count(l.Within),12} {Show.Count(l.Total),12} {(l.Level is { } v ? Math.Round(v, 2, MidpointRounding.AwayFromZero).ToString("F2", CultureInfo.InvariantCulture) : "-"),7} {Show.Bound(l.Measure.Target),7} {Show.Bound(l.Measure.Minimum),7}  {l.Result.Key()}\n");
        }

        text.Append("\nAvailability in the Target Availability Period (the month less Planned Maintenance)\n");
        if (report.Availability is not { } availability)
        {
            text.Append("not computed: the month has no outage log (outages-*)\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{"service",-8} {"measure",-8} {"planned",9} {"outages",7} {"down",8} {"within",9} {"total",9} {"level",9} {"target",7} {"minimum",7}  result\n");
            foreach (var a in availability)
            {
                text.Append(CultureInfo.InvariantCulture, $"{a.Service.Key,-8} {a.Measure?.Key ?? "-",-8} {Show.Count(a.PlannedMinutes) + " m",9} {a.Outages,7} {Show.Count(a.UnavailableMinutes) + " m",8} {Show.Count(a.Within),9} {Show.Count(a.Total),9} {(a.Level is { } v ? Math.Round(v, 4, MidpointRounding.AwayFromZero).ToString("F4", CultureInfo.InvariantCulture) : "-"),9} {(a.Measure is { } m ? Show.Bound(m.Target) : "-"),7} {(a.Measure is { } n ? Show.Bound(n.Minimum) : "-"),7}  {a.Result.Key()}\n");
            }
        }

        text.Append("\nMessages per minute (Service Requests and alerts)\n");
        text.Append(CultureInfo.InvariantCulture, $"{"who",-20} {"messages",12} {"peak minute",-18} {"peak",8} {"p99",8}\n");
        foreach (var (who, p) in report.UserProfiles.Select(u => (u.User, u.Profile)).Prepend(("system", report.System)))
        {
            text.Append(CultureInfo.InvariantCulture, $"{who,-20} {Show.Count(p.Messages),12} {report.MinuteText(p.PeakMinute),-18} {Show.Count(p.Peak),8} {Show.Count(p.Percentile99),8}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\n{report.Files.Count} files, {Show.Count(report.Files.Sum(f => f.Rows))} rows, {Show.Count(report.BadRows)} bad rows\n");
        return text.ToString();
    }

    private static void Variances(StringBuilder text, string heading, IReadOnlyList<VarianceLine> lines)
    {
        var width = Math.Max(heading.Length, lines.Count == 0 ? 0 : lines.Max(l => l.Key.Length));
        text.Append(heading.PadRight(width)).Append(CultureInfo.InvariantCulture, $" {"sent",12} {"forecast",12} {"variance",12} {"%",7}  exception\n");
        foreach (var l in lines)
        {
            var f = l.Figure;
            text.Append(l.Key.PadRight(width)).Append(CultureInfo.InvariantCulture,
                $" {Show.Count(f.Sent),12} {(f.Forecast is { } fc ? Show.Count(fc) : "-"),12} {(f.Variance is { } v ? Show.Count(v) : "-"),12} {(f.PercentOfForecast is { } p ? Show.Percent(p) : "-"),7}  {l.Exception}\n");
        }
    }
}
