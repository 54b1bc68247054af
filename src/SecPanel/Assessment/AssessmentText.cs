using System.Globalization;
using System.Text;

namespace SecPanel.Assessment;

/// <summary>Writes a <see cref="MeetingAssessment"/> for people: a terminal table, or a Markdown table in the style of a Panel paper.</summary>
public static class AssessmentText
{
    private const int ContentWidth = 64;

    /// <summary>A plain-text table, one line per report instance, the content wrapped beneath.</summary>
    public static string Table(MeetingAssessment assessment)
    {
        var m = assessment.Meeting;
        var rows = assessment.Reports.Select(r => new[]
        {
            r.Obligation.Key,
            r.Period?.ToString() ?? "-",
            r.DueDate is { } due ? Iso(due) : (r.Obligation.Deadline.SetsDueDate ? "-" : "unspecified"),
            r.Delivery is { } d ? Iso(d.Delivered) : "-",
            StatusText(r),
        }).ToList();
        string[] header = ["Report", "Period", "Due", "Delivered", "Status"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{m.Committee} meeting of {Iso(m.Date)}: DCC reports due or delivered after the meeting of {Iso(m.PreviousDate)}\n\n");
        AppendRow(text, header, widths, "Content");
        AppendRow(text, [.. widths.Select(w => new string('-', w))], widths, new string('-', 7));
        for (var i = 0; i < rows.Count; i++)
        {
            var lines = Wrap(assessment.Reports[i].Summary, ContentWidth);
            AppendRow(text, rows[i], widths, lines[0]);
            var indent = new string(' ', widths.Sum() + (2 * widths.Length));
            foreach (var line in lines.Skip(1))
            {
                text.Append(indent).Append(line).Append('\n');
            }
        }

        if (assessment.Maintenance.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{MaintenanceLead(assessment)}\n\n");
            var cells = MaintenanceRows(assessment).Select(r => new[] { r.Window, r.Service, r.When, r.Notified, r.Notice }).ToList();
            string[] titles = ["Window", "Service", "When (London)", "Notified"];
            var sizes = titles.Select((h, i) => Math.Max(h.Length, cells.Max(r => r[i].Length))).ToArray();
            AppendRow(text, titles, sizes, "Notice");
            AppendRow(text, [.. sizes.Select(w => new string('-', w))], sizes, new string('-', 6));
            foreach (var row in cells)
            {
                AppendRow(text, row[..4], sizes, row[4]);
            }
        }

        return text.ToString();
    }

    /// <summary>The sentence before the Planned Maintenance table: how many windows, and how many at short notice.</summary>
    public static string MaintenanceLead(MeetingAssessment assessment)
    {
        var windows = assessment.Maintenance.Count;
        var shortNotice = assessment.Maintenance.Count(n => n.ShortNotice);
        var told = windows == 1 ? "One window of Planned Maintenance was notified or began" : $"{windows} windows of Planned Maintenance were notified or began";
        var flagged = shortNotice switch
        {
            0 => windows == 1 ? "it was given the notice the rules require." : "each was given the notice the rules require.",
            1 => "one was given less notice than the rules require and is flagged for OPSG.",
            _ => $"{shortNotice} were given less notice than the rules require and are flagged for OPSG.",
        };
        return $"{told} since the previous meeting; {flagged}";
    }

    /// <summary>
    /// The rows of the Planned Maintenance table: window, service, London times, day of notice, and
    /// the notice against the rule; dates as <paramref name="date"/> writes them (ISO by default;
    /// the paper writes them as it writes every date).
    /// </summary>
    public static IReadOnlyList<(string Window, string Service, string When, string Notified, string Notice)> MaintenanceRows(MeetingAssessment assessment, Func<NodaTime.LocalDate, string>? date = null)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var day = date ?? Iso;
        return [.. assessment.Maintenance.Select(n => (
            n.Window.Id,
            n.ServiceName,
            When(n.Window),
            day(n.Window.Notified),
            n.ShortNotice
                ? $"{n.GivenWorkingDays} of {n.RequiredWorkingDays} Working Days: short notice (due by {day(n.NoticeDueBy)})"
                : $"{n.GivenWorkingDays} Working Days ({n.RequiredWorkingDays} required)"))];

        string When(Maintenance.MaintenanceWindow w) => w.Start.Date == w.End.Date
            ? $"{day(w.Start.Date)} {Time(w.Start)}–{Time(w.End)}"
            : $"{day(w.Start.Date)} {Time(w.Start)} – {day(w.End.Date)} {Time(w.End)}";

        static string Time(NodaTime.LocalDateTime t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>A Markdown table with the columns of a Panel paper: one row per obligation, its instances together.</summary>
    public static string Markdown(MeetingAssessment assessment)
    {
        var m = assessment.Meeting;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"## DCC reporting\n\nThe {m.Committee} considered the following DCC reports at their meeting on {Calendar.DateText.Written(m.Date)}:\n\n");
        text.Append("| Report | Delivery per SEC | Content | Observations |\n|---|---|---|---|\n");
        foreach (var row in PaperRows(assessment, new Dictionary<string, IReadOnlyList<string>>()))
        {
            text.Append(CultureInfo.InvariantCulture, $"| {Cell(row.Report)} | {Cell(row.Delivery)} | {Cell(row.Content)} | {Cell(row.Observations)} |\n");
        }

        if (assessment.Maintenance.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## Planned maintenance\n\n{MaintenanceLead(assessment)}\n\n");
            text.Append("| Window | Service | When (London) | Notified | Notice |\n|---|---|---|---|---|\n");
            foreach (var row in MaintenanceRows(assessment))
            {
                text.Append(CultureInfo.InvariantCulture, $"| {Cell(row.Window)} | {Cell(row.Service)} | {Cell(row.When)} | {Cell(row.Notified)} | {Cell(row.Notice)} |\n");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The rows of a paper's DCC reporting table: one per obligation, its instances together, lines
    /// separated by '\n'. <paramref name="observations"/> adds the committee's own observations on a
    /// report, by obligation key, after the DCC's.
    /// </summary>
    public static IReadOnlyList<(string Report, string Delivery, string Content, string Observations)> PaperRows(MeetingAssessment assessment, IReadOnlyDictionary<string, IReadOnlyList<string>> observations)
    {
        var rows = new List<(string, string, string, string)>();
        foreach (var group in assessment.Reports.GroupBy(r => r.Obligation.Key))
        {
            var reports = group.ToList();
            var obligation = reports[0].Obligation;
            var single = reports.Count == 1;
            var received = reports.Where(r => r.Delivery is not null).ToList();
            var title = reports.All(r => r.Status == DeliveryStatus.NotDue)
                ? obligation.Name
                : $"{obligation.Name} – {string.Join(" & ", reports.Select(r => r.Period?.Title))}";
            var delivery = single
                ? reports[0].DeliveryText
                : string.Join("\n", reports.Select(r => $"{r.Period?.Title}: {r.Verdict}.").Append($"({obligation.DeliveryRule})"));
            var content = single
                ? reports[0].Summary
                : string.Join("\n", reports.Select(r => $"{r.Period?.Title}: {r.Summary}"));
            var notes = received
                .Select(r => r.Delivery!.Observations)
                .Where(o => o.Length > 0)
                .Concat(observations.GetValueOrDefault(obligation.Key) ?? [])
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var observationText = received.Count == 0 && notes.Count == 0
                ? "n/a"
                : string.Join("\n", notes.DefaultIfEmpty("No observations recorded."));
            rows.Add((title, delivery, content, observationText));
        }

        return rows;
    }

    private static string StatusText(ReportAssessment r) => r.Status switch
    {
        DeliveryStatus.Late => $"late by {ReportAssessment.Plural(r.WorkingDaysLate ?? 0, "working day")}",
        DeliveryStatus.Outstanding => $"outstanding ({ReportAssessment.Plural(r.WorkingDaysLate ?? 0, "working day")} past due)",
        DeliveryStatus.OnTime => "on time",
        DeliveryStatus.NotDue => "not due",
        _ => "received (timing not specified)",
    };

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths, string last)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(cells[i].PadRight(widths[i] + 2));
        }

        text.Append(last).Append('\n');
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        lines.Add(line.ToString());
        return lines;
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);

    private static string Iso(NodaTime.LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
