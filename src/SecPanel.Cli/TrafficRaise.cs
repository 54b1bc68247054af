using System.Globalization;
using NodaTime;
using SecPanel.Analytics.Figures;
using SecPanel.Storage;
using SecPanel.Traffic;

namespace SecPanel.Cli;

/// <summary>
/// <c>traffic forecast --raise</c>: a forecast breach within the horizon becomes an item of the
/// next OPSG meeting (a highlight, which the Panel paper prints in OPSG's section), and, when the
/// secretariat confirms (<c>--confirm-action</c>), an action on the DCC at that meeting. Written by
/// the ordinary import (validated, one transaction, audited); a later run updates them.
/// </summary>
internal static class TrafficRaise
{
    private const string Committee = "OPSG";

    public static int Run(Store db, TrafficForecast forecast, TrafficRules rules, LocalDate today, bool confirm, string actor, TextWriter said, TextWriter stderr)
    {
        var breaches = new[] { forecast.Requests, forecast.Alerts }
            .Select(s => (Service: s, Crossing: Breach(s.Threshold) ? s.Threshold! : Breach(s.Capacity) ? s.Capacity! : null, Capacity: !Breach(s.Threshold) && Breach(s.Capacity)))
            .Where(b => b.Crossing is not null).ToList();
        said.WriteLine();
        if (breaches.Count == 0)
        {
            said.WriteLine($"Nothing to raise at OPSG: neither service is forecast to reach its operating threshold or capacity within {forecast.HorizonDays} days.");
            return SecPanelCommand.Ok;
        }

        // One key probe for the next meeting, not a read of the store.
        var next = db.ReadRecordsFrom("meeting", Access.Everything, "meeting_date", Date(today), 1, new Dictionary<string, string> { ["committee"] = Committee });
        if (next.Count == 0)
        {
            return SecPanelCommand.Fail(stderr, $"--raise: the store has no {Committee} meeting on or after {Date(today)}; import the meeting (meeting.csv) first");
        }

        var meeting = (Date: NodaTime.Text.LocalDatePattern.Iso.Parse(next[0].Fields["meeting_date"]!).Value, Committee);

        var items = new List<string> { "committee,meeting_date,id,kind,title,text" };
        var outlooks = new List<TrafficOutlook>();
        var actions = new List<string> { "committee,meeting_date,id,title,owner,due,status,text" };
        foreach (var (service, crossing, capacity) in breaches)
        {
            var (name, key) = service.Service == TrafficService.ServiceRequests ? ("Service Requests", "SR") : ("alerts", "AL");
            var level = capacity ? "the maximum capacity" : "the operating threshold";
            var model = service.Model!;
            var peak = service.Peaks.FirstOrDefault(p => p.Date == model.Last)?.Peak;
            var threshold = $"{level} of {crossing!.Level.ToString("N0", CultureInfo.InvariantCulture)} a minute";
            var when = crossing.Already
                ? $"is at or above {threshold} already"
                : $"reaches {threshold} about {Date(crossing.Date!.Value)} ({(int)Math.Round(forecast.Confidence * 100)}% interval: {Date(crossing.Earliest!.Value)} to {(crossing.Latest is { } l ? Date(l) : $"after {forecast.HorizonDays} days")})";
            var text = $"From the DCC's message logs of {forecast.Months[0]:uuuu-MM} to {forecast.Months[^1]:uuuu-MM}, the busiest minute of the day for {name} ({(peak is { } p ? p.ToString("N0", CultureInfo.InvariantCulture) : "-")} a minute on {Date(model.Last)}) is growing {model.GrowthPerMonthPercent.ToString("F1", CultureInfo.InvariantCulture)}% a month. At that rate it {when}. (Forecast by SecPanel: a trend and a weekly pattern fitted to the daily peaks, storm days left out.)";
            items.Add(Csv(Committee, Date(meeting.Date), $"TM-{key}", "highlight", $"Traffic management: {name} and {level}", text));
            outlooks.Add(new TrafficOutlook(Committee, meeting.Date, $"TM-{key}", service.Service, (int)Math.Round(forecast.Confidence * 100), service.Outlook(rules, forecast.Confidence, ChartEnd(model.Last, crossing, forecast.HorizonDays))));
            if (confirm)
            {
                var due = crossing.Already ? meeting.Date.PlusMonths(1) : Later(meeting.Date, crossing.Earliest!.Value);
                actions.Add(Csv(Committee, Date(meeting.Date), $"TM-{key}", $"Traffic management plans for {name}", "DCC", due.ToString("uuuu-MM", CultureInfo.InvariantCulture), "open",
                    $"DCC to bring to OPSG its plans for {name} and {threshold}: at the present growth the busiest minute {when}."));
            }
        }

        List<ImportText> content = [new("items.csv", "items.csv (traffic forecast)", string.Join('\n', items) + "\n")];
        if (confirm)
        {
            content.Add(new("actions.csv", "actions.csv (traffic forecast)", string.Join('\n', actions) + "\n"));
        }

        var outcome = db.ImportWithOutlooks(content, new ImportOptions(actor, AllowUpdates: true, Again: "run traffic forecast --raise again"), outlooks);
        if (!outcome.Succeeded)
        {
            stderr.WriteLine("secpanel: nothing was raised; the store is unchanged.");
            return SecPanelCommand.Fail(stderr, outcome.Problems);
        }

        said.WriteLine($"Raised at the {Committee} meeting of {Date(meeting.Date)} in {db.Location.Display}:");
        StoreCommands.PrintCounts(said, outcome.Counts);
        return SecPanelCommand.Ok;
    }

    /// <summary>
    /// The last day the item's chart forecasts: a fortnight past the latest likely crossing (past
    /// the likeliest, when the interval runs beyond the horizon, so that the days observed are not
    /// squeezed into a corner), a month when it is reached already; never past the horizon, and at
    /// least a month.
    /// </summary>
    private static LocalDate ChartEnd(LocalDate last, Crossing crossing, int horizonDays)
    {
        var horizon = last.PlusDays(horizonDays);
        var end = crossing.Already ? last.PlusDays(30) : (crossing.Latest ?? crossing.Date!.Value).PlusDays(14);
        end = end < last.PlusDays(30) ? last.PlusDays(30) : end;
        return end > horizon ? horizon : end;
    }

    private static bool Breach(Crossing? crossing) => crossing is { Already: true } or { Date: not null };

    /// <summary>The month the plans are due: that of the earliest likely breach, but never before the meeting's.</summary>
    private static LocalDate Later(LocalDate a, LocalDate b) => a > b ? a : b;

    private static string Date(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A CSV line, each value quoted (a quote inside doubled), as the case files are read.</summary>
    private static string Csv(params string[] values) => string.Join(',', values.Select(v => "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
}
