using SecPanel.Cases;
using SecPanel.Internals;
using SecPanel.Records;
using SecPanel.Traffic;

namespace SecPanel.Storage.Internals;

/// <summary>How a column's values are kept: each provider maps these to its own SQL types.</summary>
internal enum ColumnType
{
    Text,
    Integer,
    Decimal,
    Date,
    DateTime,
}

/// <summary>A column of a stored table, named as in the CSV file it comes from.</summary>
internal sealed record Column(string Name, ColumnType Type, bool Key);

/// <summary>
/// A stored table: the rows of one CSV file of a case or of the rule data, keyed by its natural
/// key. Rule tables are replaced whole by an import of their file (a holiday left out of the
/// file is deleted) and keep their file order in <c>position</c>; case tables only gain and
/// change rows, and are written back in key order.
/// </summary>
internal sealed record Table(string Name, string Kind, string Path, CsvSpec Spec, IReadOnlyList<Column> Columns, bool IsRules)
{
    /// <summary>True for a rule table that may rightly hold no rows (no User has a fixed allocation).</summary>
    public bool EmptyAllowed { get; init; }

    /// <summary>True when a stored row may never change, only be followed by new rows (risk revisions).</summary>
    public bool Immutable { get; init; }

    /// <summary>
    /// For a committee's records: the SQL giving a row's committee (its <c>committee</c> column, or
    /// the one committee that keeps this kind), and the level of a row whose classification is
    /// empty. Null for tables that are not committee records.
    /// </summary>
    public (string Committee, Tlp DefaultLevel)? Record { get; init; }

    /// <summary>
    /// A committee record's committee and level, by the same rule as the store's queries: the
    /// committee its table keeps (or its <c>committee</c> column), and its classification or the
    /// kind's default when that is empty or not a level. A row of another table is White, of no committee.
    /// </summary>
    public (string Committee, Tlp Level) PlaceOf(string?[] values)
    {
        if (Record is not var (committee, byDefault))
        {
            return (string.Empty, Tlp.White);
        }

        string? Value(string name) => Columns.Select((c, i) => (c, i)).Where(x => x.c.Name == name).Select(x => values[x.i]).FirstOrDefault();
        var classification = Value("classification")?.Trim();
        var level = classification is { Length: > 0 } && Tlps.TryParse(classification, out var given) ? given : byDefault;
        return (committee.StartsWith('\'') ? committee.Trim('\'') : Value("committee") ?? string.Empty, level);
    }

    /// <summary>The key columns, in order.</summary>
    public IReadOnlyList<Column> Key => [.. Columns.Where(c => c.Key)];

    /// <summary>The positions of the key columns among <see cref="Columns"/>.</summary>
    public int[] KeyIndexes { get; } = [.. Columns.Select((c, i) => (c, i)).Where(x => x.c.Key).Select(x => x.i)];

    /// <summary>A row's key as people write it in <c>secpanel history</c>: key values joined by '/', an empty one as '-'.</summary>
    public static string KeyText(IEnumerable<string> values) => string.Join("/", values.Select(v => v.Length == 0 ? "-" : v));
}

/// <summary>Every stored table, parents before children (the order rows are written in).</summary>
internal static class Tables
{
    private static Column K(string name, ColumnType type = ColumnType.Text) => new(name, type, Key: true);

    private static Column C(string name, ColumnType type = ColumnType.Text) => new(name, type, Key: false);

    public static readonly Table Obligations = new("obligations", "obligation", "rules/" + RuleBook.CatalogueFile, RuleBook.CatalogueSpec,
        [K("key"), C("name"), C("sec_reference"), C("cadence"), C("deadline"), C("content"), C("content_reference"), C("counts"), C("note")], IsRules: true);

    public static readonly Table Holidays = new("bank_holidays", "holiday", "rules/" + RuleBook.HolidayFile, RuleBook.HolidaySpec,
        [K("region"), K("date", ColumnType.Date), C("name"), C("source")], IsRules: true);

    public static readonly Table VarianceRules = new("variance_rules", "variance-rule", "rules/" + RuleBook.VarianceFile, RuleBook.VarianceSpec,
        [K("obligation"), C("exception_at_or_below", ColumnType.Decimal), C("exception_at_or_above", ColumnType.Decimal), C("no_forecast_with_sent")], IsRules: true);

    public static readonly Table Measures = new("performance_measures", "measure", "rules/" + RuleBook.MeasuresFile, RuleBook.MeasuresSpec,
        [K("key"), C("scope"), C("name"), C("target", ColumnType.Decimal), C("minimum", ColumnType.Decimal)], IsRules: true);

    public static readonly Table TargetResponseTimes = new("target_response_times", "target-response-time", "rules/" + RuleBook.TargetResponseTimesFile, RuleBook.TargetsSpec,
        [K("category"), C("measure"), C("target_seconds", ColumnType.Integer)], IsRules: true);

    public static readonly Table IncidentTargets = new("incident_targets", "incident-target", "rules/" + RuleBook.IncidentFile, RuleBook.IncidentSpec,
        [K("category", ColumnType.Integer), C("target_hours", ColumnType.Integer), C("group")], IsRules: true);

    public static readonly Table TrafficThresholds = new("traffic_thresholds", "traffic-threshold", "rules/" + TrafficRules.ThresholdsFile, TrafficRules.ThresholdsSpec,
        [K("service"), K("from", ColumnType.Date), C("until", ColumnType.Date), C("capacity_per_minute", ColumnType.Integer), C("operating_threshold_per_minute", ColumnType.Integer), C("allocation"), C("note")], IsRules: true);

    public static readonly Table TrafficAllocations = new("traffic_allocations", "traffic-allocation", "rules/" + TrafficRules.AllocationsFile, TrafficRules.AllocationsSpec,
        [K("user"), K("from", ColumnType.Date), C("until", ColumnType.Date), C("allocation_per_minute", ColumnType.Integer), C("note")], IsRules: true)
    {
        EmptyAllowed = true,
    };

    public static readonly Table TrafficExemptAlerts = new("traffic_exempt_alerts", "traffic-exempt-alert", "rules/" + TrafficRules.ExemptFile, TrafficRules.ExemptSpec,
        [K("alert_code"), K("from", ColumnType.Date), C("until", ColumnType.Date), C("note")], IsRules: true);

    public static readonly Table MaintenanceRules = new("planned_maintenance", "maintenance-rule", "rules/" + RuleBook.MaintenanceFile, SecPanel.Maintenance.MaintenanceRules.Spec,
        [K("service"), C("name"), C("measure"), C("notice_working_days", ColumnType.Integer), C("note")], IsRules: true);

    public static readonly Table Meetings = new("meetings", "meeting", CaseFolder.MeetingFile, CaseFolder.Meetings,
        [K("committee"), K("meeting_date", ColumnType.Date), C("previous_meeting_date", ColumnType.Date), C("region")], IsRules: false);

    public static readonly Table Deliveries = new("deliveries", "delivery", CaseFolder.DeliveriesFile, CaseFolder.Deliveries,
        [K("obligation"), K("period"), C("delivered", ColumnType.Date), C("reference"), C("observations")], IsRules: false);

    public static readonly Table Variance = new("variance_figures", "variance", CaseFolder.VarianceFile, CaseFolder.Variance,
        [K("obligation"), K("period"), K("user"), C("sent", ColumnType.Integer), C("forecast", ColumnType.Integer)], IsRules: false);

    public static readonly Table Performance = new("performance_results", "performance", CaseFolder.PerformanceFile, CaseFolder.Performance,
        [K("obligation"), K("period"), K("measure"), C("within", ColumnType.Integer), C("total", ColumnType.Integer), C("level", ColumnType.Decimal),
         C("target", ColumnType.Decimal), C("minimum", ColumnType.Decimal), C("scope"), C("name")], IsRules: false);

    public static readonly Table IncidentCounts = new("incident_counts", "incident-count", CaseFolder.IncidentCountsFile, CaseFolder.IncidentCounts,
        [K("obligation"), K("period"), C("resolved", ColumnType.Integer), C("open", ColumnType.Integer)], IsRules: false);

    public static readonly Table Incidents = new("incidents", "incident", CaseFolder.IncidentsFile, CaseFolder.Incidents,
        [K("obligation"), K("period"), K("id"), C("category", ColumnType.Integer), C("opened", ColumnType.DateTime), C("resolved", ColumnType.DateTime)], IsRules: false);

    public static readonly Table Maintenance = new("maintenance_windows", "maintenance-window", CaseFolder.MaintenanceFile, CaseFolder.Maintenance,
        [K("id"), C("service"), C("start", ColumnType.DateTime), C("end", ColumnType.DateTime), C("notified", ColumnType.Date), C("description")], IsRules: false);

    public static readonly Table Committees = new("committees", "committee", "rules/" + RuleBook.CommitteesFile, RuleBook.CommitteesSpec,
        [K("key"), C("name"), C("section", ColumnType.Integer), C("section_title")], IsRules: true);

    public static readonly Table AssuranceStatuses = new("assurance_statuses", "assurance-status", "rules/" + RuleBook.AssuranceStatusFile, RuleBook.AssuranceSpec,
        [K("status"), C("from", ColumnType.Date), C("until", ColumnType.Date), C("note")], IsRules: true);

    public static readonly Table UserSecurityAssessments = new("user_security_assessments", "usa-rule", "rules/" + RuleBook.UserSecurityAssessmentFile, RuleBook.UsaSpec,
        [K("role"), K("shared_resource"), K("min_domestic_premises"), K("max_domestic_premises"), K("cycle_year"), C("assessment"), C("note")], IsRules: true);

    public static readonly Table Items = new("items", "item", RecordsReader.Items.File, RecordsReader.Items,
        [K("committee"), K("meeting_date", ColumnType.Date), K("id"), C("kind"), C("title"), C("text"), C("classification"), C("public_summary"), C("obligation"), C("period"), C("links")], IsRules: false)
    {
        Record = ("\"committee\"", Tlp.White),
    };

    public static readonly Table Actions = new("actions", "action", RecordsReader.Actions.File, RecordsReader.Actions,
        [K("committee"), K("meeting_date", ColumnType.Date), K("id"), C("title"), C("owner"), C("due"), C("status"), C("text"), C("closed", ColumnType.Date), C("classification"), C("public_summary")], IsRules: false)
    {
        Record = ("\"committee\"", Tlp.White),
    };

    public static readonly Table AssuranceDecisions = new("assurance_decisions", "assurance-decision", RecordsReader.Assurance.File, RecordsReader.Assurance,
        [K("meeting_date", ColumnType.Date), K("id"), C("party"), C("assessment"), C("status"), C("condition"), C("classification"), C("public_summary")], IsRules: false)
    {
        Record = ("'SSC'", Tlp.Red),
    };

    public static readonly Table DirectorLetters = new("director_letters", "director-letter", RecordsReader.Letters.File, RecordsReader.Letters,
        [K("meeting_date", ColumnType.Date), K("id"), C("party"), C("outcome"), C("classification"), C("public_summary")], IsRules: false)
    {
        Record = ("'SSC'", Tlp.Red),
    };

    public static readonly Table VerificationAssessments = new("verification_assessments", "verification-assessment", RecordsReader.Verifications.File, RecordsReader.Verifications,
        [K("meeting_date", ColumnType.Date), K("id"), C("party"), C("outcome"), C("classification"), C("public_summary")], IsRules: false)
    {
        Record = ("'SSC'", Tlp.Red),
    };

    public static readonly Table Risks = new("risks", "risk", RecordsReader.Risks.File, RecordsReader.Risks,
        [K("risk"), K("revision", ColumnType.Integer), C("date", ColumnType.Date), C("title"), C("likelihood", ColumnType.Integer), C("impact", ColumnType.Integer), C("owner"), C("treatment"), C("review_date", ColumnType.Date), C("description"), C("classification"), C("public_summary")], IsRules: false)
    {
        Immutable = true,
        Record = ("'TABASC'", Tlp.White),
    };

    public static readonly Table Milestones = new("milestones", "milestone", RecordsReader.Milestones.File, RecordsReader.Milestones,
        [K("id"), C("title"), C("planned", ColumnType.Date), C("actual", ColumnType.Date), C("classification"), C("public_summary")], IsRules: false)
    {
        Record = ("'TAG'", Tlp.White),
    };

    /// <summary>The figures of DCC reports: tables whose key starts with the report's obligation and period, and whose checks stay within one report.</summary>
    public static readonly IReadOnlyList<Table> Reports = [Variance, Performance, IncidentCounts, Incidents];

    /// <summary>All tables, parents first.</summary>
    public static readonly IReadOnlyList<Table> All = [Obligations, Holidays, VarianceRules, Measures, TargetResponseTimes, IncidentTargets, Committees, AssuranceStatuses, UserSecurityAssessments,
        TrafficThresholds, TrafficAllocations, TrafficExemptAlerts, MaintenanceRules, Meetings, Deliveries, Variance, Performance, IncidentCounts, Incidents, Maintenance,
        Items, Actions, AssuranceDecisions, DirectorLetters, VerificationAssessments, Risks, Milestones];

    /// <summary>The table with <paramref name="kind"/>, such as <c>delivery</c>.</summary>
    public static Table? ByKind(string kind) => All.FirstOrDefault(t => t.Kind == kind);

    /// <summary>The kinds, for messages.</summary>
    public static string KindList => string.Join(", ", All.Select(t => t.Kind));
}
