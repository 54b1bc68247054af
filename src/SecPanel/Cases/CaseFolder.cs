using NodaTime;
using SecPanel.Calendar;
using SecPanel.Incidents;
using SecPanel.Internals;
using SecPanel.Maintenance;
using SecPanel.Obligations;
using SecPanel.Performance;
using SecPanel.Periods;
using SecPanel.Problems;
using SecPanel.Records;
using SecPanel.Variance;

namespace SecPanel.Cases;

/// <summary>
/// Reads a case folder: small CSV files a person can edit (see docs/case-format.md). Every file is
/// read and every problem reported, located by file, line and field; a case with any problem is
/// refused whole.
/// </summary>
public static class CaseFolder
{
    /// <summary>The meetings file (required): one meeting a line.</summary>
    public const string MeetingFile = "meeting.csv";

    /// <summary>The deliveries file (required).</summary>
    public const string DeliveriesFile = "deliveries.csv";

    /// <summary>Variance figures (optional).</summary>
    public const string VarianceFile = "variance.csv";

    /// <summary>Performance results (optional).</summary>
    public const string PerformanceFile = "performance.csv";

    /// <summary>Incident counts (optional).</summary>
    public const string IncidentCountsFile = "incident-counts.csv";

    /// <summary>Individual incidents (optional).</summary>
    public const string IncidentsFile = "incidents.csv";

    /// <summary>Planned Maintenance windows as the DCC notified them (optional).</summary>
    public const string MaintenanceFile = "maintenance.csv";

    /// <summary>The subfolder in which a case may carry its own rule data (an export always does).</summary>
    public const string RulesFolder = "rules";

    internal static readonly CsvSpec Meetings = new(MeetingFile, ["committee", "meeting_date", "previous_meeting_date"], ["region"], FileRequired: true);
    internal static readonly CsvSpec Deliveries = new(DeliveriesFile, ["obligation", "period", "delivered"], ["reference", "observations"], FileRequired: true);
    internal static readonly CsvSpec Variance = new(VarianceFile, ["obligation", "period", "user", "sent", "forecast"], [], FileRequired: false);
    internal static readonly CsvSpec Performance = new(PerformanceFile, ["obligation", "period", "measure"], ["within", "total", "level", "target", "minimum", "scope", "name"], FileRequired: false);
    internal static readonly CsvSpec IncidentCounts = new(IncidentCountsFile, ["obligation", "period", "resolved", "open"], [], FileRequired: false);
    internal static readonly CsvSpec Incidents = new(IncidentsFile, ["obligation", "period", "id", "category", "opened"], ["resolved"], FileRequired: false);
    internal static readonly CsvSpec Maintenance = new(MaintenanceFile, ["id", "service", "start", "end", "notified"], ["description"], FileRequired: false);

    /// <summary>Every file of a case, in the order they are read and written.</summary>
    internal static readonly IReadOnlyList<CsvSpec> Files = [Meetings, Deliveries, Variance, Performance, IncidentCounts, Incidents, Maintenance];

    /// <summary>Every file a case folder may hold, relative to it: the case files, the committee records, and the rule data under <c>rules/</c>.</summary>
    internal static IReadOnlyList<string> Paths { get; } =
        [.. Files.Concat(RecordsReader.Files).Select(f => f.File), .. RuleBook.Files.Select(f => RulesFolder + "/" + f.File)];

    /// <summary>
    /// Reads the case in <paramref name="folder"/>, naming files in messages as <paramref name="displayFolder"/>/file.
    /// A CSV file that is not one of the case's, or a name near one (<c>Deliveries.csv</c>), refuses
    /// the case, as it does an import, rather than be skipped.
    /// </summary>
    public static Result<AssessmentCase> Load(string folder, string displayFolder, RuleBook rules)
    {
        if (!Directory.Exists(folder))
        {
            return Result<AssessmentCase>.Failure([new Problem(displayFolder, null, null, File.Exists(folder) ? "a file, not a case folder" : "case folder not found")]);
        }

        var strays = FolderFiles.NotRead(folder, displayFolder, Paths);
        return strays.Count > 0 ? Result<AssessmentCase>.Failure(strays) : Read(new FolderSource(folder, displayFolder), rules);
    }

    /// <summary>
    /// Reads one file of Planned Maintenance windows at <paramref name="file"/> (the columns of
    /// <see cref="MaintenanceFile"/>), validated as in a case, named in messages as <paramref name="display"/>.
    /// </summary>
    public static Result<IReadOnlyList<MaintenanceWindow>> LoadMaintenance(string file, string display, RuleBook rules)
    {
        var reader = new Reader(new OneFile(file, display), rules);
        return reader.MaintenanceOnly();
    }

    /// <summary>One file read in place of the case file of its spec.</summary>
    private sealed class OneFile(string path, string display) : ICsvSource
    {
        public CsvFile? Open(CsvSpec spec, List<Problem> problems)
        {
            var csv = CsvFile.Read(path, display, spec.Required, spec.Optional);
            problems.AddRange(csv.Problems);
            return csv.Succeeded ? csv.Value : null;
        }
    }

    /// <summary>Reads and validates a case from <paramref name="source"/>.</summary>
    internal static Result<AssessmentCase> Read(ICsvSource source, RuleBook rules) => new Reader(source, rules).Read();

    private sealed class Reader(ICsvSource source, RuleBook rules)
    {
        private readonly List<Problem> problems = [];
        private readonly Dictionary<(string, ReportingPeriod), Delivery> deliveries = [];
        private bool deliveriesRead;

        public Result<AssessmentCase> Read()
        {
            var meetings = ReadMeetings();
            ReadDeliveries();
            var variance = ReadVariance();
            var performance = ReadPerformance();
            var counts = ReadIncidentCounts();
            var incidents = ReadIncidents(counts);
            var maintenance = ReadMaintenance();
            var records = new RecordsReader(source, rules, meetings).Read();
            problems.AddRange(records.Problems);
            if (problems.Count > 0)
            {
                return Result<AssessmentCase>.Failure(problems);
            }

            var ordered = deliveries.Values.OrderBy(d => d.Obligation.Key, StringComparer.Ordinal).ThenBy(d => d.Period).ToList();
            return Result<AssessmentCase>.Success(new AssessmentCase(meetings, ordered, variance, performance, counts, incidents) { Records = records.Value, Maintenance = maintenance });
        }

        private CsvFile? Open(CsvSpec spec) => source.Open(spec, problems);

        public Result<IReadOnlyList<MaintenanceWindow>> MaintenanceOnly()
        {
            var windows = ReadMaintenance();
            return problems.Count > 0 ? Result<IReadOnlyList<MaintenanceWindow>>.Failure(problems) : Result<IReadOnlyList<MaintenanceWindow>>.Success(windows);
        }

        private List<Meeting> ReadMeetings()
        {
            var meetings = new List<Meeting>();
            var csv = Open(Meetings);
            if (csv is null)
            {
                return meetings;
            }

            var lines = new Dictionary<(string, LocalDate), int>();
            foreach (var row in csv.Rows)
            {
                var committee = row.Text("committee", problems);
                var date = row.Date("meeting_date", problems);
                var previous = row.Date("previous_meeting_date", problems);
                var before = problems.Count;
                if (committee is not null && rules.Committees.All(c => c.Key != committee))
                {
                    problems.Add(row.ProblemAt("committee", $"unknown committee '{committee}'; the committees are {string.Join(", ", rules.Committees.Select(c => c.Key))}"));
                }

                var region = Region.EnglandAndWales;
                if (row["region"].Length > 0 && !Regions.TryParse(row["region"], out region))
                {
                    problems.Add(row.ProblemAt("region", $"unknown region '{row["region"]}'; the regions are {Regions.KeyList}"));
                }

                if (date is { } d && previous is { } p && p >= d)
                {
                    problems.Add(row.ProblemAt("previous_meeting_date", $"{p:uuuu-MM-dd} is not before the meeting date {d:uuuu-MM-dd}"));
                }

                if (committee is not null && date is { } day && lines.TryGetValue((committee, day), out var first))
                {
                    problems.Add(row.ProblemAt("meeting_date", $"the {committee} meeting of {day:uuuu-MM-dd} is already given on line {first}"));
                }

                if (committee is null || date is null || previous is null || problems.Count > before)
                {
                    continue;
                }

                lines[(committee, date.Value)] = row.Line;
                meetings.Add(new Meeting(committee, date.Value, previous.Value, region));
            }

            return meetings;
        }

        private void ReadDeliveries()
        {
            var csv = Open(Deliveries);
            deliveriesRead = csv is not null;
            var lines = new Dictionary<(string, ReportingPeriod), int>();
            foreach (var row in csv?.Rows ?? [])
            {
                var report = ReportOf(row, null);
                var delivered = row.Date("delivered", problems);
                if (report is not { } r || delivered is not { } day)
                {
                    continue;
                }

                if (day <= r.Period.End)
                {
                    problems.Add(row.ProblemAt("delivered", $"{day:uuuu-MM-dd} is not after the end of the period {r.Period} ({r.Period.End:uuuu-MM-dd}); a report is delivered after its period"));
                    continue;
                }

                if (lines.TryGetValue((r.Obligation.Key, r.Period), out var first))
                {
                    problems.Add(row.ProblemAt("period", $"{r.Obligation.Key} {r.Period} is already delivered on line {first}; record one delivery per report"));
                    continue;
                }

                lines[(r.Obligation.Key, r.Period)] = row.Line;
                deliveries[(r.Obligation.Key, r.Period)] = new Delivery(r.Obligation, r.Period, day, row["reference"], row["observations"]);
            }
        }

        private List<VarianceEntry> ReadVariance()
        {
            var csv = Open(Variance);
            var entries = new List<VarianceEntry>();
            var lines = new Dictionary<(string, ReportingPeriod, string), int>();

            // Each entry's line, by the entry's place in the list (a dictionary keyed by the
            // entries themselves hashed a million new objects on a big import).
            var rows = new List<CsvRow>();
            foreach (var row in csv?.Rows ?? [])
            {
                var report = ReportOf(row, ContentKind.Variance);
                var sent = row.Count("sent", problems);
                var forecast = row.OptionalCount("forecast", problems);
                var user = row["user"];
                if (UserName.Problem(user) is { } wrongName)
                {
                    problems.Add(row.ProblemAt("user", wrongName));
                    continue;
                }

                if (report is not { } r || sent is null || (forecast is null && row["forecast"].Length > 0))
                {
                    continue;
                }

                if (!Unique(lines, (r.Obligation.Key, r.Period, user), row, "user", () => $"{r.Obligation.Key} {r.Period} {(user.Length == 0 ? "total" : $"User '{user}'")}"))
                {
                    continue;
                }

                var entry = new VarianceEntry(r.Obligation, r.Period, user.Length == 0 ? null : user, new VarianceFigure(sent.Value, forecast));
                entries.Add(entry);
                rows.Add(row);
            }

            CheckTotals(entries, rows);
            return entries;
        }

        /// <summary>
        /// A report's per-User figures must add up to a count SecPanel can hold, since the report's
        /// total is their sum when no total line is given; a total given with them must be that sum
        /// (its forecast only when every User has one). The problem is placed on a line being read
        /// now rather than one already stored: for a sum too large, the User line that takes it over
        /// (else the first new User line); for a total that differs, the total's line, else the
        /// first User's.
        /// </summary>
        private void CheckTotals(List<VarianceEntry> entries, List<CsvRow> rows)
        {
            var lines = entries.Select((e, i) => (Entry: e, Row: rows[i]));
            foreach (var report in lines.GroupBy(l => (l.Entry.Obligation.Key, l.Entry.Period)))
            {
                var total = report.FirstOrDefault(l => l.Entry.User is null);
                var users = report.Where(l => l.Entry.User is not null).ToList();
                if (users.Count == 0)
                {
                    continue;
                }

                var name = $"{report.Key.Key} {report.Key.Period}";
                var sent = SumOf(users, u => u.Figure.Sent, "sent", $"the per-User figures of {name}");

                // A User without a forecast counts as forecasting zero, as when the total is computed.
                var forecasts = SumOf(users, u => u.Figure.Forecast ?? 0, "forecast", $"the per-User forecasts of {name}");
                if (total.Entry is not { } totalEntry)
                {
                    continue;
                }

                var at = new[] { total }.Concat(users).Select(l => l.Row).FirstOrDefault(IsNew) ?? total.Row;
                if (sent is { } sum && sum != totalEntry.Figure.Sent)
                {
                    problems.Add(at.ProblemAt("sent", $"the total {Figures.Count(totalEntry.Figure.Sent)} is not the sum of the per-User figures ({Figures.Count(sum)})"));
                }

                // The forecasts are checked only when every User has one: a User without a forecast
                // is the "no forecast but sent" case, and the total may carry a forecast for it that
                // the per-User lines cannot show.
                if (totalEntry.Figure.Forecast is { } forecast && users.All(u => u.Entry.Figure.Forecast is not null) && forecasts is { } forecastSum && forecastSum != forecast)
                {
                    problems.Add(at.ProblemAt("forecast", $"the total {Figures.Count(forecast)} is not the sum of the per-User forecasts ({Figures.Count(forecastSum)})"));
                }
            }
        }

        /// <summary>The sum of <paramref name="figure"/> over <paramref name="users"/>; null, with a problem, when it is more than a count holds.</summary>
        private long? SumOf(List<(VarianceEntry Entry, CsvRow Row)> users, Func<VarianceEntry, long> figure, string field, string what)
        {
            long sum = 0;
            foreach (var user in users)
            {
                // Counts are never negative, so a sum past the largest long wraps to a negative one.
                var next = unchecked(sum + figure(user.Entry));
                if (next < 0)
                {
                    var at = IsNew(user.Row) ? user.Row : users.Select(u => u.Row).FirstOrDefault(IsNew) ?? user.Row;
                    problems.Add(at.ProblemAt(field, $"{what} add up to more than {Figures.Count(long.MaxValue)}, the most SecPanel can count; a report's lines must add up to no more than that"));
                    return null;
                }

                sum = next;
            }

            return sum;
        }

        private static bool IsNew(CsvRow row) => !row.File.StartsWith(CsvFile.StorePrefix, StringComparison.Ordinal);

        private List<PerformanceEntry> ReadPerformance()
        {
            var csv = Open(Performance);
            var entries = new List<PerformanceEntry>();
            var lines = new Dictionary<(string, ReportingPeriod, string), int>();
            foreach (var row in csv?.Rows ?? [])
            {
                var before = problems.Count;
                var report = ReportOf(row, ContentKind.Performance);
                var key = row.Text("measure", problems);
                var within = row.OptionalCount("within", problems);
                var total = row.OptionalCount("total", problems);
                var level = row.OptionalPercent("level", problems);
                var target = row.OptionalPercent("target", problems);
                var minimum = row.OptionalPercent("minimum", problems);
                var measure = key is null ? null : rules.Measures.FirstOrDefault(m => m.Key == key);
                if (key is not null && measure is null)
                {
                    // A measure the data file does not list (a service provider's, say) is defined by the row itself.
                    if (row["scope"].Length > 0 && target is not null && minimum is not null)
                    {
                        measure = new PerformanceMeasure(key, row["scope"], row["name"].Length > 0 ? row["name"] : key, target.Value, minimum.Value);
                    }
                    else
                    {
                        problems.Add(row.ProblemAt("measure", $"unknown measure '{key}'; the measures are {string.Join(", ", rules.Measures.Select(m => m.Key))}; add it to {RuleBook.MeasuresFile}, or give its scope, target and minimum on this line"));
                    }
                }
                if (level is not null && (within is not null || total is not null))
                {
                    problems.Add(row.ProblemAt("level", "give either a level or the counts within and total, not both"));
                }
                else if ((within is null) != (total is null))
                {
                    problems.Add(row.ProblemAt(within is null ? "within" : "total", "within and total go together: give both, or neither"));
                }
                else if (within > total)
                {
                    problems.Add(row.ProblemAt("within", $"{within} within target is more than the total {total}"));
                }

                if (measure is not null)
                {
                    measure = measure with { Target = target ?? measure.Target, Minimum = minimum ?? measure.Minimum };
                    if (measure.Minimum > measure.Target)
                    {
                        problems.Add(row.ProblemAt("minimum", $"the minimum {Figures.Bound(measure.Minimum)} is above the target {Figures.Bound(measure.Target)}"));
                    }
                }

                if (problems.Count > before || report is not { } r || measure is null)
                {
                    continue;
                }

                if (!Unique(lines, (r.Obligation.Key, r.Period, measure.Key), row, "measure", () => $"{r.Obligation.Key} {r.Period} measure {measure.Key}"))
                {
                    continue;
                }

                var computed = total is > 0 ? within!.Value * 100m / total.Value : level;
                entries.Add(new PerformanceEntry(r.Obligation, r.Period, measure, computed, within, total));
            }

            return entries;
        }

        private List<IncidentCountEntry> ReadIncidentCounts()
        {
            var csv = Open(IncidentCounts);
            var entries = new List<IncidentCountEntry>();
            var lines = new Dictionary<(string, ReportingPeriod, string), int>();
            foreach (var row in csv?.Rows ?? [])
            {
                var report = ReportOf(row, ContentKind.Incidents);
                var resolved = row.Count("resolved", problems);
                var open = row.Count("open", problems);
                if (report is { } r && resolved is not null && open is not null
                    && Unique(lines, (r.Obligation.Key, r.Period, string.Empty), row, "period", () => $"{r.Obligation.Key} {r.Period}"))
                {
                    entries.Add(new IncidentCountEntry(r.Obligation, r.Period, resolved.Value, open.Value));
                }
            }

            return entries;
        }

        private List<IncidentEntry> ReadIncidents(List<IncidentCountEntry> counts)
        {
            var csv = Open(Incidents);
            var entries = new List<IncidentEntry>();
            var lines = new Dictionary<(string, ReportingPeriod, string), int>();
            foreach (var row in csv?.Rows ?? [])
            {
                var before = problems.Count;
                var report = ReportOf(row, ContentKind.Incidents);
                var id = row.Text("id", problems);
                var category = row.Count("category", problems);
                var opened = row.OptionalDateTime("opened", problems);
                if (opened is null && row["opened"].Length == 0)
                {
                    problems.Add(row.ProblemAt("opened", "a date and time is required (YYYY-MM-DDTHH:MM)"));
                }

                var resolved = row.OptionalDateTime("resolved", problems);
                if (category is { } c && rules.IncidentTargets.All(t => t.Category != c))
                {
                    problems.Add(row.ProblemAt("category", $"category {c} has no Target Resolution Time in {RuleBook.IncidentFile} (categories are 1 to 5)"));
                }

                if (opened is { } o && resolved is { } s && s < o)
                {
                    problems.Add(row.ProblemAt("resolved", $"resolved before it was opened ({o:uuuu-MM-dd'T'HH:mm})"));
                }

                if (problems.Count > before || report is not { } r || id is null)
                {
                    continue;
                }

                if (counts.Any(x => x.Obligation == r.Obligation && x.Period == r.Period))
                {
                    problems.Add(row.ProblemAt("period", $"{r.Obligation.Key} {r.Period} also has counts in {IncidentCountsFile}; give the incidents or the counts, not both"));
                    continue;
                }

                if (Unique(lines, (r.Obligation.Key, r.Period, id), row, "id", () => $"incident '{id}' of {r.Obligation.Key} {r.Period}"))
                {
                    entries.Add(new IncidentEntry(r.Obligation, r.Period, new Incident(id, (int)category!.Value, opened!.Value, resolved)));
                }
            }

            return entries;
        }

        /// <summary>
        /// The Planned Maintenance windows: a known service, London times on whole minutes that exist
        /// once (not in the hour the clocks skip or repeat), an end after the start, notice given
        /// no later than the day the window starts, and no overlap with another window of the service.
        /// </summary>
        private List<MaintenanceWindow> ReadMaintenance()
        {
            var csv = Open(Maintenance);
            var windows = new List<(MaintenanceWindow Window, CsvRow Row)>();
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in csv?.Rows ?? [])
            {
                var before = problems.Count;
                var id = row.Text("id", problems);
                var service = row.Text("service", problems);
                var start = WindowTime(row, "start");
                var end = WindowTime(row, "end");
                var notified = row.Date("notified", problems);
                if (service is not null && rules.Maintenance.Find(service) is null)
                {
                    problems.Add(row.ProblemAt("service", $"unknown service '{service}'; the services with Planned Maintenance are {rules.Maintenance.KeyList} ({RuleBook.MaintenanceFile})"));
                }

                if (start is { } s && end is { } e && e <= s)
                {
                    problems.Add(row.ProblemAt("end", $"{e:uuuu-MM-dd'T'HH:mm} is not after the start {s:uuuu-MM-dd'T'HH:mm}"));
                }

                if (start is { } from && notified is { } told && told > from.Date)
                {
                    problems.Add(row.ProblemAt("notified", $"{told:uuuu-MM-dd} is after the window started ({from:uuuu-MM-dd}); maintenance without notice is not Planned Maintenance"));
                }

                if (id is not null && ids.TryGetValue(id, out var first))
                {
                    problems.Add(row.ProblemAt("id", $"the window '{id}' is already given on line {first}"));
                }

                if (problems.Count > before || id is null || service is null || start is null || end is null || notified is null)
                {
                    continue;
                }

                var window = new MaintenanceWindow(id, service, start.Value, end.Value, notified.Value, row["description"]);
                if (windows.FirstOrDefault(w => w.Window.Service == service && w.Window.Start < window.End && window.Start < w.Window.End) is { Window: not null } overlap)
                {
                    var where = overlap.Row.File == row.File ? $"line {overlap.Row.Line}" : $"{overlap.Row.File}:{overlap.Row.Line}";
                    problems.Add(row.ProblemAt("start", $"the window overlaps '{overlap.Window.Id}' ({where}) of the same service; give one window for the time"));
                    continue;
                }

                ids[id] = row.Line;
                windows.Add((window, row));
            }

            return [.. windows.Select(w => w.Window).OrderBy(w => w.Start).ThenBy(w => w.Id, StringComparer.Ordinal)];
        }

        /// <summary>A window's London time: required, and one that happens exactly once.</summary>
        private LocalDateTime? WindowTime(CsvRow row, string column)
        {
            var time = row.OptionalDateTime(column, problems);
            if (time is null)
            {
                if (row[column].Length == 0)
                {
                    problems.Add(row.ProblemAt(column, "a London date and time is required (YYYY-MM-DDTHH:MM)"));
                }

                return null;
            }

            var mapping = PlannedMaintenance.Zone.MapLocal(time.Value);
            if (mapping.Count != 1)
            {
                problems.Add(row.ProblemAt(column, mapping.Count == 0
                    ? $"{time:uuuu-MM-dd'T'HH:mm} does not happen in London: the clocks go forward past it"
                    : $"{time:uuuu-MM-dd'T'HH:mm} happens twice in London as the clocks go back; give a time outside that hour"));
                return null;
            }

            return time;
        }

        /// <summary>True when <paramref name="key"/> is new; else reports the duplicate (the message is built only then).</summary>
        private bool Unique(Dictionary<(string, ReportingPeriod, string), int> lines, (string, ReportingPeriod, string) key, CsvRow row, string field, Func<string> what)
        {
            if (lines.TryGetValue(key, out var first))
            {
                problems.Add(row.ProblemAt(field, $"{what()} is already given on line {first}"));
                return false;
            }

            lines[key] = row.Line;
            return true;
        }

        /// <summary>The obligation and period of a row; for content rows, checks the content kind and that the report was delivered.</summary>
        private (Obligation Obligation, ReportingPeriod Period)? ReportOf(CsvRow row, ContentKind? content)
        {
            var key = row.Text("obligation", problems);
            var periodText = row.Text("period", problems);
            if (key is null)
            {
                return null;
            }

            var obligation = rules.Catalogue.Find(key);
            if (obligation is null)
            {
                problems.Add(row.ProblemAt("obligation", $"unknown obligation '{key}'; the obligations are {rules.Catalogue.KeyList}"));
                return null;
            }

            if (content is { } kind && obligation.Content != kind)
            {
                var word = kind.ToString().ToLowerInvariant();
                var article = "aeiou".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";
                problems.Add(row.ProblemAt("obligation", $"'{key}' is not {article} {word} report, so its figures do not go in this file"));
                return null;
            }

            if (periodText is null)
            {
                return null;
            }

            if (!ReportingPeriod.TryParse(periodText, obligation.Cadence, out var period, out var error))
            {
                problems.Add(row.ProblemAt("period", error));
                return null;
            }

            // When deliveries.csv itself could not be read, its problems are already reported:
            // saying again on every content line that its delivery is missing would only bury them.
            if (content is not null && deliveriesRead && !deliveries.ContainsKey((key, period)))
            {
                problems.Add(row.ProblemAt("period", $"no delivery of {key} {period} is recorded in {DeliveriesFile}; record the delivery first"));
                return null;
            }

            if (content is not null && !deliveriesRead)
            {
                return null;
            }

            return (obligation, period);
        }
    }
}
