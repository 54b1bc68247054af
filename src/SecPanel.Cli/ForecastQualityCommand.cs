using System.CommandLine;
using System.Globalization;
using System.Text;
using SecPanel.Obligations;
using SecPanel.Periods;
using SecPanel.Records;
using SecPanel.Server;
using SecPanel.Variance;

namespace SecPanel.Cli;

/// <summary><c>secpanel forecast-quality</c>: how well each User forecast over the months stored (docs/forecast-quality.md).</summary>
internal static class ForecastQualityCommand
{
    /// <summary>The lowest level at which Users are named: below it, counts only.</summary>
    public const Tlp NamesFrom = ForecastQualityReport.NamesFrom;

    public static Command Create(StoreCommands store, TextWriter stdout, TextWriter stderr)
    {
        var obligation = new Option<string>("--obligation") { Description = "The variance report: sr-variance (the default) or csr-variance.", DefaultValueFactory = _ => "sr-variance" };
        var months = new Option<int>("--months") { Description = "How many months with figures, back from --to: 3 to 60. Default: 12.", DefaultValueFactory = _ => 12 };
        var to = new Option<string?>("--to") { Description = "The last month, YYYY-MM. Default: the latest with figures." };
        var format = new Option<string>("--format") { Description = "table (the default) or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var level = new Option<string>("--level") { Description = "WHITE (the default): counts only; GREEN, AMBER or RED: each User named, ranked.", DefaultValueFactory = _ => "WHITE" };
        var command = new Command("forecast-quality", "How well each User forecast its volumes over the months stored: bias, error (mean and median), months in and out of tolerance, and trend, ranked worst first.") { obligation, months, to, format, level };
        command.SetAction(parse =>
        {
            if (!Tlps.TryParse(parse.GetValue(level)!, out var tlp))
            {
                return SecPanelCommand.Fail(stderr, $"--level: '{parse.GetValue(level)}' is not RED, AMBER, GREEN or WHITE");
            }

            var count = parse.GetValue(months);
            if (count is < 3 or > 60)
            {
                return SecPanelCommand.Fail(stderr, $"--months: {count} is not from 3 to 60");
            }

            var last = parse.GetValue(to);
            if (last is not null && !ReportingPeriod.TryParse(last, Cadence.Monthly, out _, out var wrong))
            {
                return SecPanelCommand.Fail(stderr, $"--to: {wrong}");
            }

            return store.WithStore(parse, db =>
            {
                var rules = db.Rules();
                var key = parse.GetValue(obligation)!;
                if (rules.Catalogue.Find(key) is not { Content: ContentKind.Variance } report || !rules.VarianceRules.TryGetValue(key, out var rule))
                {
                    return SecPanelCommand.Fail(stderr, $"--obligation: '{key}' is not a variance report; the variance reports are {string.Join(", ", rules.VarianceRules.Keys.Order(StringComparer.Ordinal))}");
                }

                var (months, quality) = ForecastQualityReport.Read(db, key, rule, count, last);
                stdout.Write(parse.GetValue(format) == "json" ? ForecastQualityReport.Json(report, rule, months, quality, tlp >= NamesFrom) : Table(report, rule, months, quality, tlp));
                return SecPanelCommand.Ok;
            });
        });
        return command;
    }

    private static string Table(Obligation report, VarianceRule rule, IReadOnlyList<ReportingPeriod> months, IReadOnlyList<UserQuality> quality, Tlp level)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Forecast quality, {report.Name} ({report.Key}), {Span(months)}: {quality.Count} Users; tolerance: {SecPanel.Variance.ForecastQualityText.Tolerance(rule)}\n");
        if (quality.Count == 0)
        {
            return text.Append("No User lines are stored for these months.\n").ToString();
        }

        var summary = SecPanel.Variance.ForecastQualityText.Summary(quality);
        text.Append(CultureInfo.InvariantCulture, $"Out of tolerance in at least half their months: {summary.MostlyOut} of {quality.Count} Users. Sending over 10% more than forecast on average: {summary.High}; over 10% less: {summary.Low}.\n");
        if (level < NamesFrom)
        {
            return text.Append(CultureInfo.InvariantCulture, $"Users are named at {NamesFrom.Title()} and above (--level).\n").ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"{"rank",4}  {"user",-20} {"months",6} {"bias",8} {"error",8} {"median",8} {"in/out",7}  trend\n");
        var rank = 0;
        foreach (var q in quality)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{++rank,4}  {q.User,-20} {q.Months,6} {SecPanel.Variance.ForecastQualityText.WithSign(q.BiasPercent),8} {SecPanel.Variance.ForecastQualityText.Plain(q.MeanErrorPercent),8} {SecPanel.Variance.ForecastQualityText.Plain(q.MedianErrorPercent),8} {$"{q.InTolerance}/{q.OutOfTolerance}",7}  {SecPanel.Variance.ForecastQualityText.Trend(q.TrendPerMonth)}\n");
        }

        return text.ToString();
    }

    private static string Span(IReadOnlyList<ReportingPeriod> months) => months.Count == 0 ? "no months" : $"{months[0]} to {months[^1]} ({months.Count} months)";

}
