using System.Globalization;
using NodaTime;
using SecPanel.Calendar;
using SecPanel.Cases;
using SecPanel.Internals;
using SecPanel.Obligations;
using SecPanel.Performance;
using SecPanel.Periods;
using SecPanel.Records;

namespace SecPanel.Samples;

/// <summary>
/// Generates a workspace month by month (see <see cref="SampleWorkspace"/>). One instance per
/// workspace: it holds the open files and the state that carries over from month to month.
/// </summary>
internal sealed class SampleGenerator : IDisposable
{
    /// <summary>The most risks open in the register at once: risks are closed as new ones come, so the register's state stays small.</summary>
    private const int MaxOpenRisks = 24;

    /// <summary>The region of every meeting.</summary>
    private const string RegionKey = "england-and-wales";

    // Each committee meets on the nth weekday of the month (the next Working Day if that is a bank
    // holiday), as the committees of June 2018 did: the sub-committees in the second to fourth
    // weeks, the Panel on the second Friday, reading the month before's sub-committee meetings.
    private static readonly Dictionary<string, (int Week, IsoDayOfWeek Day)> KnownSlots = new(StringComparer.Ordinal)
    {
        ["OPSG"] = (4, IsoDayOfWeek.Tuesday),
        ["SSC"] = (3, IsoDayOfWeek.Wednesday),
        ["SMKI PMA"] = (3, IsoDayOfWeek.Tuesday),
        ["TABASC"] = (2, IsoDayOfWeek.Thursday),
        ["TAG"] = (4, IsoDayOfWeek.Wednesday),
        ["Panel"] = (2, IsoDayOfWeek.Friday),
    };

    // For committees added to the committees file, in turn. Never the first week, so that a
    // meeting is never the first day of a month and the previous month's meeting is before it.
    private static readonly (int Week, IsoDayOfWeek Day)[] OtherSlots =
    [
        (2, IsoDayOfWeek.Monday), (3, IsoDayOfWeek.Thursday), (2, IsoDayOfWeek.Wednesday), (4, IsoDayOfWeek.Monday), (3, IsoDayOfWeek.Friday),
    ];

    // Service Requests by calendar month, in thousandths: more in winter.
    private static readonly int[] Season = [1040, 1030, 1010, 990, 970, 960, 960, 970, 990, 1010, 1030, 1050];

    // The service providers' own measures, defined on their lines of performance.csv as the June 2018 case does.
    private static readonly (string Key, string Scope, string Name)[] ProviderMeasures =
    [
        ("DSP-1", "DSP", "DSP service availability"),
        ("CSPN-1", "CSPN", "CSP North communications service availability"),
        ("CSPC-1", "CSPC", "CSP Central communications service availability"),
        ("CSPS-1", "CSPS", "CSP South communications service availability"),
    ];

    private static readonly string[] Assessments = ["FUSA", "VUSA", "SSA"];

    private readonly SampleOptions options;
    private readonly RuleBook rules;
    private readonly SampleRandom random;
    private readonly WorkingDayCalendar calendar;
    private readonly LocalDate lastDay;
    private readonly (int Week, IsoDayOfWeek Day)[] slots;
    private readonly string[] userNames;
    private readonly long[] userSizes;
    private readonly int[] subscribers;
    private readonly long[] subscriberSizes;
    private readonly List<Risk> openRisks = [];
    private int risksRaised;

    private readonly List<(string Name, RowWriter Writer)> files = [];
    private readonly RowWriter meetings;
    private readonly RowWriter deliveries;
    private readonly RowWriter variance;
    private readonly RowWriter performance;
    private readonly RowWriter incidentCounts;
    private readonly RowWriter incidents;
    private readonly RowWriter maintenance;
    private readonly SampleRandom maintenanceRandom;
    private readonly RowWriter items;
    private readonly RowWriter actions;
    private readonly RowWriter assurance;
    private readonly RowWriter letters;
    private readonly RowWriter verifications;
    private readonly RowWriter risks;
    private readonly RowWriter milestones;

    public SampleGenerator(SampleOptions options, RuleBook rules, string folder)
    {
        this.options = options;
        this.rules = rules;
        random = new SampleRandom(options.Seed);
        calendar = rules.CalendarFor(Region.EnglandAndWales);
        lastDay = options.End.ToDateInterval().End;
        slots = [.. rules.Committees.Select((c, i) => KnownSlots.TryGetValue(c.Key, out var slot) ? slot : OtherSlots[i % OtherSlots.Length])];

        // The Users' names and sizes are drawn first; sizes are Service Requests a month at the
        // start, in three tiers: a few national suppliers, some regional ones, a long tail.
        userNames = new string[options.Users];
        userSizes = new long[options.Users];
        for (var i = 0; i < options.Users; i++)
        {
            userNames[i] = SampleText.UserName(i);
            var tier = random.Next(100);
            userSizes[i] = tier < 1 ? random.Between(2_000_000, 9_000_000) : tier < 10 ? random.Between(100_000, 1_500_000) : random.Between(500, 60_000);
        }

        // One User in ten is an Authorised Subscriber, sending CSRs as it installs meters.
        subscribers = [.. Enumerable.Range(0, (options.Users + 9) / 10).Select(i => i * 10)];
        subscriberSizes = [.. subscribers.Select(u => (userSizes[u] / 40) + random.Between(5, 50))];

        File.WriteAllText(Path.Combine(folder, "README.md"), SampleWorkspace.Readme(options));
        meetings = Open(folder, CaseFolder.Meetings, "committee", "meeting_date", "previous_meeting_date", "region");
        deliveries = Open(folder, CaseFolder.Deliveries, "obligation", "period", "delivered", "reference", "observations");
        variance = Open(folder, CaseFolder.Variance, "obligation", "period", "user", "sent", "forecast");
        performance = Open(folder, CaseFolder.Performance, "obligation", "period", "measure", "within", "total", "level", "target", "minimum", "scope", "name");
        incidentCounts = Open(folder, CaseFolder.IncidentCounts, "obligation", "period", "resolved", "open");
        incidents = Open(folder, CaseFolder.Incidents, "obligation", "period", "id", "category", "opened", "resolved");
        maintenance = Open(folder, CaseFolder.Maintenance, "id", "service", "start", "end", "notified", "description");

        // Planned Maintenance draws from its own seed, so that the other files are as they were before it.
        maintenanceRandom = new SampleRandom(options.Seed ^ 0x504D_0000_0000_0001UL);
        items = Open(folder, RecordsReader.Items, "committee", "meeting_date", "id", "kind", "title", "text", "classification", "public_summary", "obligation", "period", "links");
        actions = Open(folder, RecordsReader.Actions, "committee", "meeting_date", "id", "title", "owner", "due", "status", "text", "closed", "classification", "public_summary");
        assurance = Open(folder, RecordsReader.Assurance, "meeting_date", "id", "party", "assessment", "status", "condition", "classification", "public_summary");
        letters = Open(folder, RecordsReader.Letters, "meeting_date", "id", "party", "outcome", "classification", "public_summary");
        verifications = Open(folder, RecordsReader.Verifications, "meeting_date", "id", "party", "outcome", "classification", "public_summary");
        risks = Open(folder, RecordsReader.Risks, "risk", "revision", "date", "title", "likelihood", "impact", "owner", "treatment", "review_date", "description", "classification", "public_summary");
        milestones = Open(folder, RecordsReader.Milestones, "id", "title", "planned", "actual", "classification", "public_summary");
    }

    /// <summary>Opens a file; the values of its rows are written in the order of <paramref name="columns"/>, which must be its format's.</summary>
    private RowWriter Open(string folder, CsvSpec spec, params string[] columns)
    {
        if (!spec.Columns.SequenceEqual(columns, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"{spec.File} has the columns {string.Join(", ", spec.Columns)}; the sample generator writes {string.Join(", ", columns)}");
        }

        var writer = CsvWriter.Open(Path.Combine(folder, spec.File), columns);
        files.Add((spec.File, writer));
        return writer;
    }

    public IReadOnlyList<SampleFile> Run(IProgress<SampleProgress>? progress)
    {
        var months = 12 * options.Years;
        var month = options.First;
        for (var written = 1; written <= months; written++, month = month.PlusMonths(1))
        {
            Month(month, written - 1);
            foreach (var (_, writer) in files)
            {
                writer.Flush();
            }

            progress?.Report(new SampleProgress(month, written, months, files.Sum(f => f.Writer.Rows)));
        }

        return [.. files.Select(f => new SampleFile(f.Name, f.Writer.Rows))];
    }

    public void Dispose()
    {
        foreach (var (_, writer) in files)
        {
            writer.Dispose();
        }
    }

    /// <summary>One month: the meetings and what each recorded, then the DCC's reports on the periods that end with the month.</summary>
    private void Month(YearMonth month, int index)
    {
        var monthName = month.ToString("MMMM uuuu", CultureInfo.InvariantCulture);
        for (var c = 0; c < rules.Committees.Count; c++)
        {
            var committee = rules.Committees[c].Key;
            var date = MeetingDate(c, month);
            var previous = month.PlusMonths(-1) is var before && before.Year >= SupportedDates.First.Year ? MeetingDate(c, before) : SupportedDates.First;
            meetings.Write(committee, Date(date), Date(previous), RegionKey);
            Items(committee, date, month, monthName);
            Actions(c, committee, date, month);
            switch (committee)
            {
                case "SSC":
                    Ssc(date);
                    break;
                case "TABASC":
                    Risks(date);
                    break;
                case "TAG":
                    Milestones(date);
                    break;
                default:
                    break;
            }
        }

        Maintenance(month, index);
        foreach (var obligation in rules.Catalogue.All)
        {
            var period = ReportingPeriod.Containing(obligation.Cadence, month.OnDayOfMonth(1));
            if (period.End == month.ToDateInterval().End)
            {
                Report(obligation, period, index);
            }
        }
    }

    /// <summary>
    /// The month's window of Planned Maintenance of the first service with it: the small hours of the
    /// first Sunday, four hours, notified five to seven weeks ahead, but every fourth month from the
    /// second at short notice (three days to two weeks).
    /// </summary>
    private void Maintenance(YearMonth month, int index)
    {
        if (rules.Maintenance.Services is not [var service, ..])
        {
            return;
        }

        var first = month.OnDayOfMonth(1);
        var sunday = first.PlusDays(((int)IsoDayOfWeek.Sunday - (int)first.DayOfWeek + 7) % 7);
        var start = sunday.At(new LocalTime(0, 0));
        var shortNotice = index % 4 == 1;
        var drawn = sunday.PlusDays(-(int)(shortNotice ? maintenanceRandom.Between(3, 14) : maintenanceRandom.Between(35, 49)));
        var notified = drawn < SupportedDates.First ? SupportedDates.First : drawn;
        var what = shortNotice ? "Urgent security patching" : maintenanceRandom.Pick(MaintenanceWork);
        maintenance.Write($"PM-{month.ToString("uuuu-MM", CultureInfo.InvariantCulture)}", service.Key, DateTime(start), DateTime(start.PlusHours(4)), Date(notified), what);
    }

    private static readonly string[] MaintenanceWork = ["Database upgrade", "Network switch replacement", "Operating system patching", "Storage migration", "Certificate renewal", "Load balancer upgrade"];

    /// <summary>The committee's meeting in <paramref name="month"/>: the nth weekday of its slot, or the next Working Day.</summary>
    private LocalDate MeetingDate(int committee, YearMonth month)
    {
        var (week, day) = slots[committee];
        var first = month.OnDayOfMonth(1);
        var offset = ((int)day - (int)first.DayOfWeek + 7) % 7;
        return calendar.WorkingDayOnOrAfter(first.PlusDays(offset + (7 * (week - 1))));
    }

    // ---- The DCC's reports ----

    /// <summary>One report instance: delivered on time (mostly), late by its deadline rule, or not at all; then its figures.</summary>
    private void Report(Obligation obligation, ReportingPeriod period, int monthIndex)
    {
        var due = obligation.Deadline.DueDate(period, calendar);
        var roll = random.Next(1000);
        if (roll < 20)
        {
            return; // never delivered: outstanding at the meeting it is due, then forgotten
        }

        LocalDate delivered;
        if (due is not { } dueDate)
        {
            delivered = calendar.NthWorkingDayAfter(period.End, 3 + random.Next(15));
        }
        else if (roll < 140)
        {
            var days = random.Next(10) == 0 ? 10 + random.Next(25) : 1 + random.Next(5);
            delivered = calendar.NthWorkingDayAfter(dueDate, days);
        }
        else
        {
            delivered = dueDate;
            for (var early = random.Next(4); early > 0; early--)
            {
                var day = PreviousWorkingDay(delivered);
                if (day <= period.End)
                {
                    break;
                }

                delivered = day;
            }
        }

        // The workspace is as it stood at the end of its last month: later deliveries have not happened.
        if (delivered > lastDay)
        {
            return;
        }

        var key = obligation.Key;
        var periodText = period.ToString();
        var note = random.PerMille(120) ? random.Pick(SampleText.DeliveryNotes) : null;
        deliveries.Write(key, periodText, Date(delivered), $"DCC-{key.ToUpperInvariant()}-{periodText}", note);
        switch (obligation.Content)
        {
            case ContentKind.Variance:
                Variance(obligation, periodText, period, monthIndex);
                break;
            case ContentKind.Performance:
                Performance(key, periodText, monthIndex);
                break;
            case ContentKind.Incidents:
                Incidents(key, periodText, period, delivered);
                break;
            default:
                break;
        }
    }

    private LocalDate PreviousWorkingDay(LocalDate date)
    {
        var day = date.PlusDays(-1);
        while (!calendar.IsWorkingDay(day))
        {
            day = day.PlusDays(-1);
        }

        return day;
    }

    /// <summary>
    /// A line per User (per Authorised Subscriber for CSRs), then the total, which is their sum. Most
    /// Users send within 8% of their forecast; some well under or over it (H3.24 and L8.9
    /// exceptions), a few with no forecast or a forecast of zero. Volumes grow as meters are
    /// installed and are higher in winter.
    /// </summary>
    private void Variance(Obligation obligation, string periodText, ReportingPeriod period, int monthIndex)
    {
        // The CSR report counts the Authorised Subscribers; any other variance report, the Users.
        var isCsr = obligation.Key == "csr-variance";
        var count = isCsr ? subscribers.Length : userNames.Length;
        var growth = 1000 + (2000L * monthIndex / (monthIndex + 36));
        var season = Season[period.End.Month - 1];
        long sentSum = 0, forecastSum = 0;
        var anyForecast = false;
        for (var i = 0; i < count; i++)
        {
            var size = isCsr ? subscriberSizes[i] : userSizes[i];
            var forecast = size * growth / 1000 * season / 1000 * (970 + random.Next(61)) / 1000;
            long? given = forecast;
            var roll = random.Next(1000);
            var ratio = roll < 70 ? 600 + random.Next(301) : roll < 130 ? 1100 + random.Next(401) : 920 + random.Next(161);
            var sent = forecast * ratio / 1000;
            if (roll >= 990)
            {
                given = null; // no forecast received
            }
            else if (roll >= 985)
            {
                given = 0;
            }

            using (var row = variance.NewRow())
            {
                row.Text(0, obligation.Key);
                row.Text(1, periodText);
                row.Text(2, userNames[isCsr ? subscribers[i] : i]);
                row.Number(3, sent);
                if (given is { } f)
                {
                    row.Number(4, f);
                }
                else
                {
                    row.Text(4, null);
                }
            }

            sentSum += sent;
            forecastSum += given ?? 0;
            anyForecast |= given is not null;
        }

        using var total = variance.NewRow();
        total.Text(0, obligation.Key);
        total.Text(1, periodText);
        total.Text(2, null);
        total.Number(3, sentSum);
        if (anyForecast)
        {
            total.Number(4, forecastSum);
        }
        else
        {
            total.Text(4, null);
        }
    }

    /// <summary>
    /// Every measure of the rule data, then the service providers' own: mostly at or above target,
    /// sometimes below it or below the minimum, now and then no data. Availability measures are
    /// given as a level, the others as counts within target and in all.
    /// </summary>
    private void Performance(string key, string periodText, int monthIndex)
    {
        foreach (var measure in rules.Measures)
        {
            if (random.PerMille(15))
            {
                performance.Write(key, periodText, measure.Key, null, null, null, null, null, null, null);
                continue;
            }

            var level = Level(measure.Target, measure.Minimum);
            if (measure.Name.Contains("availability", StringComparison.OrdinalIgnoreCase))
            {
                performance.Write(key, periodText, measure.Key, null, null, Percent(level, 2), null, null, null, null);
                continue;
            }

            var total = measure.Name.Contains("Incident", StringComparison.OrdinalIgnoreCase)
                ? random.Between(1, 40)
                : random.Between(50_000, 2_000_000) * (10 + Math.Min(monthIndex, 120)) / 10;
            var within = total * level / 10_000_000;
            performance.Write(key, periodText, measure.Key, Count(within), Count(total), null, null, null, null, null);
        }

        foreach (var (measure, scope, name) in ProviderMeasures)
        {
            if (rules.Measures.Any(m => m.Key == measure))
            {
                continue;
            }

            var level = Level(99.5m, 98m);
            performance.Write(key, periodText, measure, null, null, Percent(level, 3), "99.5", "98", scope, name);
        }
    }

    /// <summary>A service level in hundred-thousandths of a percent (10,000,000 is 100%): 85% at or above target, 10% below target, 5% below minimum.</summary>
    private long Level(decimal target, decimal minimum)
    {
        var top = 10_000_000L;
        var t = (long)(target * 100_000);
        var m = (long)(minimum * 100_000);
        var roll = random.Next(100);
        return roll < 85 || t == m ? random.Between(t, top)
            : roll < 95 ? random.Between(m, t - 1)
            : random.Between(Math.Max(0, m - 500_000), Math.Max(0, m - 1));
    }

    /// <summary>A level in hundred-thousandths as a percentage with at most <paramref name="places"/> decimal places, cut rather than rounded.</summary>
    private static string Percent(long level, int places)
    {
        var scale = 1L;
        for (var i = places; i < 5; i++)
        {
            scale *= 10;
        }

        return (level / scale * scale / 100_000m).ToString("0.#####", CultureInfo.InvariantCulture);
    }

    /// <summary>Incidents as two counts, or as a list of incidents (opened in the period, most resolved, some late, some still open when the report was delivered).</summary>
    private void Incidents(string key, string periodText, ReportingPeriod period, LocalDate delivered)
    {
        // A list needs incident categories to draw from; without any, the counts are all a report can give.
        if (random.Next(2) == 0 || rules.IncidentTargets.Count == 0)
        {
            incidentCounts.Write(key, periodText, Count(random.Between(0, 30)), Count(random.Between(0, 5)));
            return;
        }

        var minutes = (long)Period.DaysBetween(period.Start, period.End.PlusDays(1)) * 1_440;
        var reported = delivered.AtMidnight();
        var count = random.Next(9);
        for (var n = 1; n <= count; n++)
        {
            var target = random.Pick(rules.IncidentTargets);
            var opened = period.Start.AtMidnight().PlusMinutes(random.Between(0, minutes - 1));
            var resolved = random.PerMille(850) ? opened.PlusMinutes(random.Between(10, (long)target.TargetResolution.TotalMinutes * 2)) : (LocalDateTime?)null;
            if (resolved > reported)
            {
                resolved = null;
            }

            incidents.Write(key, periodText, $"INC-{periodText}-{n:D3}", Count(target.Category), DateTime(opened), resolved is { } r ? DateTime(r) : null);
        }
    }

    // ---- The committees' records ----

    /// <summary>Two to four highlights or decisions (a later one may continue the one before it), and at OPSG now and then an observation on a DCC report.</summary>
    private void Items(string committee, LocalDate date, YearMonth month, string monthName)
    {
        var topics = SampleText.Topics(committee);
        var count = 2 + random.Next(3);
        int highlights = 0, decisions = 0;
        for (var n = 0; n < count; n++)
        {
            var (title, text) = random.Pick(topics);
            var isDecision = random.Next(6) == 0;
            var id = isDecision ? $"D{++decisions}" : $"H{++highlights}";
            text = string.Format(CultureInfo.InvariantCulture, text, monthName);
            if (n > 0 && random.Next(8) == 0)
            {
                title = string.Empty; // continues the item before it, under its heading
            }

            if (random.Next(10) == 0)
            {
                text += "\n" + random.Pick(SampleText.FollowUps);
            }

            string? links = null;
            if (random.Next(10) == 0)
            {
                var modification = $"SECMP{random.Between(1, 300):D4}";
                text += $" See {modification}.";
                links = $"{modification}=https://smartenergycodecompany.co.uk/modifications/{modification.ToLowerInvariant()}";
            }

            var (level, summary) = Classify(780, 80, 80, SampleText.ItemSummaries);
            items.Write(committee, Date(date), id, isDecision ? "decision" : "highlight", title, text, level, summary, null, null, links);
        }

        if (committee == "OPSG" && month.PlusMonths(-1).Year >= SupportedDates.First.Year && random.Next(3) == 0)
        {
            var obligation = random.Pick(rules.Catalogue.All);
            var period = ReportingPeriod.Containing(obligation.Cadence, month.PlusMonths(-1).OnDayOfMonth(1));
            var (level, summary) = Classify(900, 100, 0, SampleText.ItemSummaries);
            items.Write(committee, Date(date), "O1", "observation", "Observation on a DCC report", random.Pick(SampleText.Observations), level, summary, obligation.Key, period.ToString(), null);
        }
    }

    /// <summary>
    /// Up to two actions. Each is written once, as it stands at the end of the workspace: most are
    /// done at one of the committee's next few meetings, some dropped, some carried forward for
    /// months; one that would close after the last month is still open.
    /// </summary>
    private void Actions(int c, string committee, LocalDate date, YearMonth month)
    {
        var count = random.Next(3);
        for (var n = 1; n <= count; n++)
        {
            var (title, text) = random.Pick(SampleText.Actions);
            var owner = random.Pick(SampleText.Owners);
            string due;
            if (random.Next(5) < 3)
            {
                var dueMonth = month.PlusMonths(1 + random.Next(3));
                due = dueMonth.Year > SupportedDates.Last.Year ? "2199-12" : SampleOptions.Month(dueMonth);
            }
            else
            {
                due = Date(Clamp(date.PlusDays(14 + random.Next(47))));
            }

            var fate = random.Next(10);
            var months = fate < 8 ? 1 + random.Next(4) : 5 + random.Next(8);
            var closing = month.PlusMonths(months);
            var (status, closed) = closing > options.End ? ("open", (string?)null) : (fate == 7 ? "dropped" : "done", Date(MeetingDate(c, closing)));
            var (level, summary) = Classify(850, 100, 50, SampleText.ItemSummaries);
            actions.Write(committee, Date(date), $"A{n}", title, owner, due, status, text, closed, level, summary);
        }
    }

    /// <summary>The SSC's Assurance Status decisions (in the vocabulary in force on the day), Director Letters and Verification Assessments.</summary>
    private void Ssc(LocalDate date)
    {
        var statuses = rules.AssuranceStatuses.Where(t => t.InForceOn(date)).ToList();
        var decisions = statuses.Count == 0 ? 0 : random.Next(4);
        for (var n = 1; n <= decisions; n++)
        {
            var approved = statuses.FirstOrDefault(t => t.Status == "Approved");
            var status = approved is not null && random.Next(2) == 0 ? approved : random.Pick(statuses);
            var condition = string.Equals(status.Status, "Approved, subject to", StringComparison.OrdinalIgnoreCase) ? random.Pick(SampleText.Conditions) : null;
            var assessment = random.Pick(Assessments);
            var (level, _) = Classify(0, 0, 200, []);
            assurance.Write(Date(date), $"D{n}", Party(), assessment, status.Status, condition, level, $"The SSC set an Assurance Status for a Party after {(assessment == "SSA" ? "an" : "a")} {assessment}");
        }

        for (int n = 1, count = random.Next(3); n <= count; n++)
        {
            var (level, _) = Classify(0, 0, 150, []);
            letters.Write(Date(date), $"DL{n}", Party(), random.Pick(SampleText.LetterOutcomes), level, "The SSC reviewed a Director Letter");
        }

        for (int n = 1, count = random.Next(3); n <= count; n++)
        {
            var roll = random.Next(20);
            var outcome = roll < 16 ? "compliant" : roll < 19 ? "potentially-non-compliant" : "non-compliant";
            var (level, _) = Classify(0, 0, 150, []);
            verifications.Write(Date(date), $"VA{n}", Party(), outcome, level, "The SSC reviewed a Verification Assessment");
        }
    }

    private string Party() => userNames[random.Next(userNames.Length)];

    /// <summary>The TABASC register at a meeting: risks revised, closed (a last revision) and raised, never more than <see cref="MaxOpenRisks"/> open.</summary>
    private void Risks(LocalDate date)
    {
        for (var i = 0; i < openRisks.Count; i++)
        {
            var risk = openRisks[i];
            var roll = random.Next(100);
            if (roll < 6 || risk.Revision >= 9_999)
            {
                risk.Revise(1, risk.Impact, "Closed: the risk no longer applies.");
                Write(risk, date);
                openRisks.RemoveAt(i--);
            }
            else if (roll < 26)
            {
                risk.Revise((int)random.Between(1, 5), (int)random.Between(1, 5), random.Pick(SampleText.Treatments));
                risk.Owner = random.Pick(SampleText.RiskOwners);
                Write(risk, date);
            }
        }

        var raise = openRisks.Count < 4 ? 2 : openRisks.Count < MaxOpenRisks && random.Next(10) < 3 ? 1 : 0;
        for (var n = 0; n < raise; n++)
        {
            var (title, description) = random.Pick(SampleText.Risks);
            var (level, summary) = Classify(700, 150, 150, ["A risk of the TABASC register whose details are restricted"]);
            var risk = new Risk($"TR-{++risksRaised}", title, description, level, summary, random.Pick(SampleText.RiskOwners));
            risk.Revise((int)random.Between(1, 5), (int)random.Between(1, 5), random.Pick(SampleText.Treatments));
            openRisks.Add(risk);
            Write(risk, date);
        }
    }

    private void Write(Risk risk, LocalDate date) =>
        risks.Write(risk.Id, Count(risk.Revision), Date(date), risk.Title, Count(risk.Likelihood), Count(risk.Impact), risk.Owner, risk.Treatment, Date(Clamp(date.PlusMonths(3))), risk.Description, risk.Level, risk.Summary);

    /// <summary>At some TAG meetings, new testing milestones: planned months ahead, met on time, late, or not (yet).</summary>
    private void Milestones(LocalDate date)
    {
        if (random.Next(3) != 0)
        {
            return;
        }

        var release = $"Release {date.Year}.{date.Month}";
        var count = 1 + random.Next(2);
        for (var n = 0; n < count; n++)
        {
            var planned = Clamp(date.PlusDays(30 + random.Next(211)));
            var roll = random.Next(100);
            LocalDate? actual = roll < 55 ? planned.PlusDays(-random.Next(11)) : roll < 85 ? planned.PlusDays(1 + random.Next(60)) : null;
            if (actual > lastDay)
            {
                actual = null;
            }

            var title = string.Format(CultureInfo.InvariantCulture, random.Pick(SampleText.Milestones), release);
            var (level, summary) = Classify(900, 100, 0, ["A testing milestone whose details are restricted"]);
            milestones.Write($"R{date.Year}.{date.Month}-{n + 1}{(char)('A' + n)}", title, Date(planned), actual is { } a ? Date(a) : null, level, summary);
        }
    }

    /// <summary>A level, drawn with chances in a thousand for WHITE (the rest), GREEN, AMBER and RED; and a public summary for any level above WHITE.</summary>
    private (string Level, string? Summary) Classify(int white, int green, int amber, string[] summaries)
    {
        var roll = random.Next(1000);
        var level = roll < white ? Tlp.White : roll < white + green ? Tlp.Green : roll < white + green + amber ? Tlp.Amber : Tlp.Red;
        return (level.Key(), level == Tlp.White || summaries.Length == 0 ? null : random.Pick(summaries));
    }

    private static LocalDate Clamp(LocalDate date) => date > SupportedDates.Last ? SupportedDates.Last : date;

    private static string Date(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private static string DateTime(LocalDateTime time) => time.ToString("uuuu-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>A risk of the register while it is open: its latest revision.</summary>
    private sealed class Risk(string id, string title, string description, string level, string? summary, string owner)
    {
        public string Id { get; } = id;

        public string Title { get; } = title;

        public string Description { get; } = description;

        public string Level { get; } = level;

        public string? Summary { get; } = summary;

        public string Owner { get; set; } = owner;

        public int Revision { get; private set; }

        public int Likelihood { get; private set; }

        public int Impact { get; private set; }

        public string Treatment { get; private set; } = string.Empty;

        public void Revise(int likelihood, int impact, string treatment)
        {
            Revision++;
            Likelihood = likelihood;
            Impact = impact;
            Treatment = treatment;
        }
    }
}
