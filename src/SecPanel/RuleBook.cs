using NodaTime;
using SecPanel.Calendar;
using SecPanel.Incidents;
using SecPanel.Internals;
using SecPanel.Obligations;
using SecPanel.Performance;
using SecPanel.Problems;
using SecPanel.Records;
using SecPanel.Traffic;
using SecPanel.Variance;

namespace SecPanel;

/// <summary>
/// Everything the regulator can change, read from one folder of editable data files: the bank
/// holidays, the obligation catalogue, the variance bands, the performance measures with the
/// Target Response Times that count towards them, the incident Target Resolution Times, the
/// committees, the Assurance Status vocabulary, the User Security Assessment rules, the traffic
/// management rules and the notice Planned Maintenance requires. Each file
/// is validated at load; a bad file is refused with every problem located.
/// </summary>
public sealed class RuleBook
{
    /// <summary>The holiday file, relative to the data folder.</summary>
    public const string HolidayFile = "calendar/bank-holidays.csv";

    /// <summary>The obligation catalogue, relative to the data folder.</summary>
    public const string CatalogueFile = "obligations.csv";

    /// <summary>The variance bands, relative to the data folder.</summary>
    public const string VarianceFile = "variance-rules.csv";

    /// <summary>The performance measures, relative to the data folder.</summary>
    public const string MeasuresFile = "performance-measures.csv";

    /// <summary>The Target Response Times of the timed measures, relative to the data folder.</summary>
    public const string TargetResponseTimesFile = TargetResponseTimes.File;

    /// <summary>The incident Target Resolution Times, relative to the data folder.</summary>
    public const string IncidentFile = "incident-resolution.csv";

    /// <summary>The committees and the paper sections that report them, relative to the data folder.</summary>
    public const string CommitteesFile = "committees.csv";

    /// <summary>The SSC's Assurance Status vocabulary with its dates, relative to the data folder.</summary>
    public const string AssuranceStatusFile = "assurance-statuses.csv";

    /// <summary>Which User Security Assessment a Party owes, relative to the data folder.</summary>
    public const string UserSecurityAssessmentFile = "user-security-assessments.csv";

    /// <summary>The services with Planned Maintenance, relative to the data folder.</summary>
    public const string MaintenanceFile = SecPanel.Maintenance.MaintenanceRules.File;

    private RuleBook(HolidayList holidays, ObligationCatalogue catalogue, IReadOnlyDictionary<string, VarianceRule> varianceRules, IReadOnlyList<PerformanceMeasure> measures, TargetResponseTimes targetResponseTimes, IReadOnlyList<IncidentTarget> incidentTargets, IReadOnlyList<Committee> committees, IReadOnlyList<AssuranceStatusTerm> assuranceStatuses)
    {
        Holidays = holidays;
        Catalogue = catalogue;
        VarianceRules = varianceRules;
        Measures = measures;
        TargetResponseTimes = targetResponseTimes;
        IncidentTargets = incidentTargets;
        Committees = committees;
        AssuranceStatuses = assuranceStatuses;
    }

    /// <summary>The committees, in file order.</summary>
    public IReadOnlyList<Committee> Committees { get; }

    /// <summary>The SSC's Assurance Status vocabulary over time.</summary>
    public IReadOnlyList<AssuranceStatusTerm> AssuranceStatuses { get; }

    /// <summary>Which User Security Assessment a Party owes.</summary>
    public UserSecurityAssessmentRules UserSecurityAssessments { get; private init; } = new([]);

    /// <summary>The services with Planned Maintenance: the notice each requires and its availability measure.</summary>
    public Maintenance.MaintenanceRules Maintenance { get; private init; } = null!;

    /// <summary>The traffic management rules: thresholds, allocations and exempt alert codes.</summary>
    public TrafficRules Traffic { get; private init; } = null!;

    /// <summary>The bank holidays as listed.</summary>
    public HolidayList Holidays { get; }

    /// <summary>The DCC's reporting obligations.</summary>
    public ObligationCatalogue Catalogue { get; }

    /// <summary>The variance rule of each variance obligation, by obligation key.</summary>
    public IReadOnlyDictionary<string, VarianceRule> VarianceRules { get; }

    /// <summary>The performance measures with their default Target and Minimum Service Levels, in file order.</summary>
    public IReadOnlyList<PerformanceMeasure> Measures { get; }

    /// <summary>The Target Response Time of each timed category (CPM 1, 2, 3 and 7), checked against <see cref="Measures"/>.</summary>
    public TargetResponseTimes TargetResponseTimes { get; }

    /// <summary>The Target Resolution Time of each incident category.</summary>
    public IReadOnlyList<IncidentTarget> IncidentTargets { get; }

    /// <summary>A working-day calendar for <paramref name="region"/> over these holidays.</summary>
    public WorkingDayCalendar CalendarFor(Region region) => new(Holidays, region);

    internal static readonly CsvSpec HolidaySpec = new(HolidayFile, HolidayList.Columns, [], FileRequired: true);
    internal static readonly CsvSpec CatalogueSpec = new(CatalogueFile, ObligationCatalogue.Columns, ObligationCatalogue.OptionalColumns, FileRequired: true);
    internal static readonly CsvSpec VarianceSpec = new(VarianceFile, ["obligation", "exception_at_or_below", "exception_at_or_above", "no_forecast_with_sent"], [], FileRequired: true);
    internal static readonly CsvSpec MeasuresSpec = new(MeasuresFile, ["key", "scope", "name", "target", "minimum"], [], FileRequired: true);
    internal static readonly CsvSpec TargetsSpec = new(TargetResponseTimesFile, TargetResponseTimes.Columns, [], FileRequired: true);
    internal static readonly CsvSpec IncidentSpec = new(IncidentFile, ["category", "target_hours", "group"], [], FileRequired: true);
    internal static readonly CsvSpec CommitteesSpec = new(CommitteesFile, ["key", "name", "section", "section_title"], [], FileRequired: true);
    internal static readonly CsvSpec AssuranceSpec = new(AssuranceStatusFile, ["status", "from", "until"], ["note"], FileRequired: true);
    internal static readonly CsvSpec UsaSpec = new(UserSecurityAssessmentFile, ["role", "shared_resource", "min_domestic_premises", "max_domestic_premises", "cycle_year", "assessment"], ["note"], FileRequired: true);

    /// <summary>Every rule file, in the order they are read and written.</summary>
    internal static readonly IReadOnlyList<CsvSpec> Files = [HolidaySpec, CatalogueSpec, VarianceSpec, MeasuresSpec, TargetsSpec, IncidentSpec, CommitteesSpec, AssuranceSpec, UsaSpec,
        TrafficRules.ThresholdsSpec, TrafficRules.AllocationsSpec, TrafficRules.ExemptSpec, SecPanel.Maintenance.MaintenanceRules.Spec];

    /// <summary>Reads every file of the data folder at <paramref name="folder"/>; problems name files as <paramref name="displayFolder"/>/file.</summary>
    public static Result<RuleBook> Load(string folder, string displayFolder) => Read(new FolderSource(folder, displayFolder));

    /// <summary>Reads and validates every rule file from <paramref name="source"/>.</summary>
    internal static Result<RuleBook> Read(ICsvSource source)
    {
        var problems = new List<Problem>();
        T? Take<T>(CsvSpec spec, Func<CsvFile, Result<T>> parse)
            where T : class
        {
            var csv = source.Open(spec, problems);
            if (csv is null)
            {
                return null;
            }

            var result = parse(csv);
            problems.AddRange(result.Problems);
            return result.Succeeded ? result.Value : null;
        }

        var holidays = Take(HolidaySpec, HolidayList.FromCsv);
        var catalogue = Take(CatalogueSpec, ObligationCatalogue.FromCsv);
        var variance = Take(VarianceSpec, csv => VarianceRulesFrom(csv, catalogue));
        var measures = Take(MeasuresSpec, MeasuresFrom);
        var targets = Take(TargetsSpec, csv => TargetResponseTimes.FromCsv(csv, measures));
        var incidents = Take(IncidentSpec, IncidentTargetsFrom);
        var committees = Take(CommitteesSpec, CommitteesFrom);
        var statuses = Take(AssuranceSpec, AssuranceStatusesFrom);
        var usa = Take(UsaSpec, UserSecurityAssessmentRules.FromCsv);
        var traffic = TrafficRules.Read(source);
        problems.AddRange(traffic.Problems);
        var maintenance = Take(SecPanel.Maintenance.MaintenanceRules.Spec, csv => SecPanel.Maintenance.MaintenanceRules.FromCsv(csv, measures));
        return holidays is null || catalogue is null || variance is null || measures is null || targets is null || incidents is null || committees is null || statuses is null || usa is null || !traffic.Succeeded || maintenance is null
            ? Result<RuleBook>.Failure(problems)
            : Result<RuleBook>.Success(new RuleBook(holidays, catalogue, variance, measures, targets, incidents, committees, statuses) { UserSecurityAssessments = usa, Traffic = traffic.Value, Maintenance = maintenance });
    }

    private static readonly string[] RequiredCommittees = ["OPSG", "SSC", "Panel"];

    private static Result<IReadOnlyList<Committee>> CommitteesFrom(CsvFile csv)
    {
        var problems = new List<Problem>();
        var committees = new List<Committee>();
        foreach (var row in csv.Rows)
        {
            var key = row.Text("key", problems);
            var name = row.Text("name", problems);
            var section = row.OptionalCount("section", problems);
            if (section is 0 or > 99)
            {
                problems.Add(row.ProblemAt("section", $"{section} is not a section number from 1 to 99"));
                continue;
            }

            if (section is not null && row["section_title"].Length == 0)
            {
                problems.Add(row.ProblemAt("section_title", "a committee reported in a section needs the section's title"));
                continue;
            }

            if (key is not null && committees.Any(c => c.Key == key))
            {
                problems.Add(row.ProblemAt("key", $"the committee '{key}' is listed twice"));
                continue;
            }

            if (key is not null && name is not null)
            {
                committees.Add(new Committee(key, name, (int?)section, row["section_title"]));
            }
        }

        foreach (var needed in RequiredCommittees.Where(k => problems.Count == 0 && committees.All(c => c.Key != k)))
        {
            problems.Add(new Problem(csv.Name, null, null, $"the committee '{needed}' is missing: SecPanel's paper needs it"));
        }

        return Result<IReadOnlyList<Committee>>.From(committees, problems);
    }

    private static Result<IReadOnlyList<AssuranceStatusTerm>> AssuranceStatusesFrom(CsvFile csv)
    {
        var problems = new List<Problem>();
        var terms = new List<AssuranceStatusTerm>();
        foreach (var row in csv.Rows)
        {
            var status = row.Text("status", problems);
            var from = row.OptionalDate("from", problems);
            var until = row.OptionalDate("until", problems);
            if (from is { } f && until is { } u && u < f)
            {
                problems.Add(row.ProblemAt("until", $"{u:uuuu-MM-dd} is before {f:uuuu-MM-dd}"));
                continue;
            }

            if (status is not null && terms.Any(t => string.Equals(t.Status, status, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add(row.ProblemAt("status", $"'{status}' is listed twice"));
                continue;
            }

            if (status is not null && (from is not null || row["from"].Length == 0) && (until is not null || row["until"].Length == 0))
            {
                terms.Add(new AssuranceStatusTerm(status, from, until));
            }
        }

        return Result<IReadOnlyList<AssuranceStatusTerm>>.From(terms, problems);
    }

    private static Result<IReadOnlyDictionary<string, VarianceRule>> VarianceRulesFrom(CsvFile csv, ObligationCatalogue? catalogue)
    {
        var name = csv.Name;
        var problems = new List<Problem>();
        var rules = new Dictionary<string, VarianceRule>(StringComparer.Ordinal);
        foreach (var row in csv.Rows)
        {
            var key = row.Text("obligation", problems);
            var low = row.OptionalPercent("exception_at_or_below", problems);
            var high = row.OptionalPercent("exception_at_or_above", problems, max: 100_000m);
            var noForecast = row.Text("no_forecast_with_sent", problems);
            if (noForecast is not null and not "exception" and not "no-exception")
            {
                problems.Add(row.ProblemAt("no_forecast_with_sent", $"'{noForecast}' is neither 'exception' nor 'no-exception'"));
                noForecast = null;
            }

            if (low is { } l && high is { } h && l >= h)
            {
                problems.Add(row.ProblemAt("exception_at_or_above", $"the upper band {Figures.Bound(h)} is not above the lower band {Figures.Bound(l)}"));
            }

            if (key is null || noForecast is null)
            {
                continue;
            }

            var obligation = catalogue?.Find(key);
            if (catalogue is not null && obligation is null)
            {
                problems.Add(row.ProblemAt("obligation", $"unknown obligation '{key}'; the obligations are {catalogue.KeyList}"));
            }
            else if (obligation is not null && obligation.Content != ContentKind.Variance)
            {
                problems.Add(row.ProblemAt("obligation", $"'{key}' is not a variance report (its content is {obligation.Content.ToString().ToLowerInvariant()})"));
            }
            else if (!rules.TryAdd(key, new VarianceRule(key, low, high, noForecast == "exception")))
            {
                problems.Add(row.ProblemAt("obligation", $"a rule for '{key}' is already given"));
            }
        }

        foreach (var missing in catalogue?.All.Where(o => o.Content == ContentKind.Variance && !rules.ContainsKey(o.Key)) ?? [])
        {
            problems.Add(new Problem(name, null, null, $"no rule for the variance report '{missing.Key}'"));
        }

        return Result<IReadOnlyDictionary<string, VarianceRule>>.From(rules, problems);
    }

    private static Result<IReadOnlyList<PerformanceMeasure>> MeasuresFrom(CsvFile csv)
    {
        var problems = new List<Problem>();
        var measures = new List<PerformanceMeasure>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in csv.Rows)
        {
            var key = row.Text("key", problems);
            var scope = row.Text("scope", problems);
            var title = row.Text("name", problems);
            var target = RequiredPercent(row, "target", problems);
            var minimum = RequiredPercent(row, "minimum", problems);
            if (target is { } t && minimum is { } m && m > t)
            {
                problems.Add(row.ProblemAt("minimum", $"the minimum {Figures.Bound(m)} is above the target {Figures.Bound(t)}"));
                continue;
            }

            if (key is not null && !keys.Add(key))
            {
                problems.Add(row.ProblemAt("key", $"the measure '{key}' is listed twice"));
                continue;
            }

            if (key is not null && scope is not null && title is not null && target is not null && minimum is not null)
            {
                measures.Add(new PerformanceMeasure(key, scope, title, target.Value, minimum.Value));
            }
        }

        return Result<IReadOnlyList<PerformanceMeasure>>.From(measures, problems);
    }

    private static Result<IReadOnlyList<IncidentTarget>> IncidentTargetsFrom(CsvFile csv)
    {
        var problems = new List<Problem>();
        var targets = new List<IncidentTarget>();
        foreach (var row in csv.Rows)
        {
            var category = row.Count("category", problems);
            var hours = row.Count("target_hours", problems);
            var group = row.Text("group", problems);
            if (category is < 1 or > 5)
            {
                problems.Add(row.ProblemAt("category", $"category {category} is not from 1 to 5"));
                continue;
            }

            if (category is { } c && targets.Any(t => t.Category == c))
            {
                problems.Add(row.ProblemAt("category", $"category {c} is listed twice"));
                continue;
            }

            if (hours is 0)
            {
                problems.Add(row.ProblemAt("target_hours", "a Target Resolution Time is more than zero hours"));
                continue;
            }

            // Ten years: far beyond any resolution time, and well inside what a duration can hold.
            if (hours > 87_600)
            {
                problems.Add(row.ProblemAt("target_hours", $"{hours} is too large (at most 87600 hours, ten years)"));
                continue;
            }

            if (category is { } cat && hours is { } h && group is not null)
            {
                targets.Add(new IncidentTarget((int)cat, Duration.FromHours(h), group));
            }
        }

        return Result<IReadOnlyList<IncidentTarget>>.From(targets, problems);
    }

    private static decimal? RequiredPercent(CsvRow row, string column, List<Problem> problems)
    {
        if (row[column].Length == 0)
        {
            problems.Add(row.ProblemAt(column, "a percentage is required"));
            return null;
        }

        return row.OptionalPercent(column, problems);
    }
}
