using System.Data.Common;
using Dapper;
using NodaTime;
using SecPanel.Assessment;
using SecPanel.Cases;
using SecPanel.Internals;
using SecPanel.Periods;
using SecPanel.Problems;
using SecPanel.Storage.Internals;

namespace SecPanel.Storage;

/// <summary>A store that cannot be used: not there, not initialised, from a newer SecPanel, unreachable.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The SecPanel store: the rule data, committee meetings and DCC deliveries with their figures,
/// kept in SQLite or PostgreSQL through one code path, with an append-only audit trail. Data
/// enters by <see cref="Import(string, ImportOptions)"/> (validated whole, written whole or not at all) and leaves by
/// <see cref="Export"/> as a case folder that imports back to the same store.
/// </summary>
public sealed partial class Store
{
    /// <summary>The schema version this SecPanel writes and reads.</summary>
    public const int SchemaVersion = 14;

    private readonly Provider provider;
    private readonly IClock clock;

    private Store(Provider provider, IClock clock)
    {
        this.provider = provider;
        this.clock = clock;
    }

    /// <summary>The kinds of record the store keeps, as <c>secpanel history</c> names them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [.. Tables.All.Select(t => t.Kind)];

    /// <summary>Where the store is.</summary>
    public StoreLocation Location => provider.Location;

    /// <summary>Closes the connections kept open for a <see cref="StoreLocation.Pooled"/> store (a server's, when it stops).</summary>
    public void ReleaseConnections() => provider.ReleasePool();

    /// <summary>
    /// Creates the store if it is new and applies the migrations it lacks, then loads
    /// <paramref name="rulesFolder"/> as its rule data if it has none. Refuses a store from a newer SecPanel.
    /// </summary>
    public static Store Init(StoreLocation location, IClock clock, string rulesFolder, string actor)
    {
        if (AuditActor.Problem(actor) is { } wrong)
        {
            throw new ArgumentException($"the audit trail cannot record this actor: {wrong}", nameof(actor));
        }

        var provider = Provider.For(location);
        using (var connection = OpenOrThrow(provider))
        {
            Migrate(connection, null, provider, clock);
        }

        // Rule tables that are empty (a new store, or tables a migration has just added) get the
        // rule data; tables that hold rules already are left as the users made them.
        var store = new Store(provider, clock);
        var missing = store.EmptyRulesFrom(rulesFolder);
        if (missing.Count > 0)
        {
            var outcome = store.ImportFiles(missing, new ImportOptions(actor));
            if (!outcome.Succeeded)
            {
                throw new StoreException("the rule data could not be loaded:" + Environment.NewLine + string.Join(Environment.NewLine, outcome.Problems.Select(p => "  " + p)));
            }
        }

        return store;
    }

    /// <summary>Opens an existing store, checking that its schema is the one this SecPanel knows.</summary>
    public static Store Open(StoreLocation location, IClock clock)
    {
        var provider = Provider.For(location);
        if (location.Kind == StoreKind.Sqlite && !File.Exists(location.ConnectionString))
        {
            throw new StoreException($"{location.Display}: no store here; create one with 'secpanel init --db {location.Display}'");
        }

        using var connection = OpenOrThrow(provider);
        var version = CurrentVersion(connection, provider);
        if (version is null)
        {
            throw new StoreException($"{location.Display}: not a SecPanel store, or not initialised; run 'secpanel init'");
        }

        if (version > SchemaVersion)
        {
            throw new StoreException($"{location.Display}: the store has schema version {version}, from a newer SecPanel; this one knows up to {SchemaVersion}. Upgrade SecPanel; the store was not changed.");
        }

        if (version < SchemaVersion)
        {
            throw new StoreException($"{location.Display}: the store has schema version {version}; run 'secpanel init' to migrate it to {SchemaVersion}");
        }

        return new Store(provider, clock);
    }

    /// <summary>The number of rows in each table, by kind, in table order.</summary>
    public IReadOnlyList<(string Kind, long Rows)> Counts()
    {
        using var connection = provider.Open();
        return [.. Tables.All.Select(t => (t.Kind, connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM \"{t.Name}\"")))];
    }

    /// <summary>The rule data in force, as read and validated by the domain.</summary>
    public RuleBook Rules()
    {
        // The rule tables only: a few hundred rows, whatever the store holds besides.
        Dictionary<Table, List<StoredRow>> snapshot;
        using (var connection = provider.Open())
        using (var transaction = provider.BeginRead(connection))
        {
            snapshot = Tables.All.Where(t => t.IsRules).ToDictionary(t => t, t => ReadTable(connection, transaction, t));
            transaction.Commit();
        }

        var rules = RuleBook.Read(new MemorySource(Files(snapshot, Tables.All.Where(t => t.IsRules))));
        return rules.Succeeded ? rules.Value : throw Corrupt(rules.Problems);
    }

    /// <summary>The whole case the store holds (every meeting, delivery and figure), with the rules in force.</summary>
    public (RuleBook Rules, AssessmentCase Case) Case() => CaseOf(Snapshot());

    /// <summary>
    /// The case without the reports' figures (its meetings, deliveries, records and windows of
    /// Planned Maintenance), with the rules in force: what a command that adds a month's figures
    /// needs to check them, whatever years of figures the store holds.
    /// </summary>
    public (RuleBook Rules, AssessmentCase Case) CaseWithoutFigures()
    {
        using var connection = provider.Open();
        using var transaction = provider.BeginRead(connection);
        var snapshot = Snapshot(connection, transaction, reports: []);
        transaction.Commit();
        return CaseOf(snapshot);
    }

    private (RuleBook Rules, AssessmentCase Case) CaseOf(Dictionary<Table, List<StoredRow>> snapshot)
    {
        var rules = RuleBook.Read(new MemorySource(Files(snapshot, Tables.All.Where(t => t.IsRules))));
        if (!rules.Succeeded)
        {
            throw Corrupt(rules.Problems);
        }

        var data = CaseFolder.Read(new MemorySource(Files(snapshot, Tables.All.Where(t => !t.IsRules))), rules.Value);
        return data.Succeeded ? (rules.Value, data.Value) : throw Corrupt(data.Problems);
    }

    /// <summary>How far back from a paper's date the meetings it reports on lie when there is no Panel meeting on that date: more than a year.</summary>
    private const int PaperReachDays = 400;

    /// <summary>
    /// The case as a paper dated <paramref name="date"/> needs it: every meeting, delivery and
    /// committee record, with the figures of the reports judged at the meetings since the previous
    /// Panel meeting and of the twelve months to each of those reports (the paper's charts; of a
    /// variance report only charted, its total, summed by the database when it has none), and the
    /// traffic outlooks of those meetings' items; not the figures of the years before.
    /// </summary>
    public (RuleBook Rules, AssessmentCase Case) CaseFor(LocalDate date)
    {
        using var connection = provider.Open();
        using var transaction = provider.BeginRead(connection);
        var snapshot = Snapshot(connection, transaction, reports: []);
        var (rules, deliveriesOnly) = CaseOf(snapshot);
        var assessor = new Assessor(rules);

        // The paper reports on the meetings since the previous Panel meeting (as the paper's composer
        // finds it); without a Panel meeting on the date, the paper says so, and a year's reach is ample.
        var since = deliveriesOnly.Meetings.FirstOrDefault(m => m.Committee == "Panel" && m.Date == date)?.PreviousDate ?? date.PlusDays(-PaperReachDays);
        var judged = deliveriesOnly.Meetings
            .Where(m => m.Date <= date && m.Date > since)
            .SelectMany(m => assessor.Assess(deliveriesOnly, m).Reports)
            .Where(r => r.Delivery is not null && r.Period is not null)
            .Select(r => (r.Obligation.Key, Period: r.Period!.Value))
            .ToList();
        bool Charted((string Obligation, ReportingPeriod Period) report) => judged.Any(j =>
            j.Key == report.Obligation && report.Period <= j.Period && report.Period.Start >= j.Period.Start.PlusMonths(-12));
        var charted = StoredReports(snapshot, rules, Charted);
        foreach (var table in Tables.Reports.Where(t => t != Tables.Variance))
        {
            snapshot[table] = ReadTable(connection, transaction, table, charted);
        }

        // A variance report only charted (not judged) is drawn from its total alone: its lines are
        // read summed by the database, as one total line, rather than a line for each User.
        var judgedSet = judged.ToHashSet();
        var lines = StoredReports(snapshot, rules, judgedSet.Contains);
        charted.ExceptWith(lines);
        snapshot[Tables.Variance] = [.. ReadTable(connection, transaction, Tables.Variance, lines), .. VarianceTotals(connection, transaction, charted)];
        var outlooks = ReadOutlooks(connection, transaction, since, date, null, null);
        transaction.Commit();
        var (paperRules, paperCase) = CaseOf(snapshot);
        return (paperRules, paperCase with { TrafficOutlooks = outlooks });
    }

    /// <summary>
    /// One total line for each variance report of <paramref name="reports"/>: its total line when it
    /// has one, else its Users' figures added up (the forecast empty when no User has one), as the
    /// paper's charts take a report's figures.
    /// </summary>
    private static List<StoredRow> VarianceTotals(DbConnection connection, DbTransaction transaction, HashSet<(string Obligation, string Period)> reports)
    {
        if (reports.Count == 0)
        {
            return [];
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT "obligation", "period",
                COUNT(CASE WHEN "user" = '' THEN 1 END),
                SUM(CASE WHEN "user" = '' THEN "sent" END), SUM(CASE WHEN "user" = '' THEN "forecast" END),
                SUM(CASE WHEN "user" <> '' THEN "sent" END), SUM(CASE WHEN "user" <> '' THEN "forecast" END),
                COUNT(CASE WHEN "user" <> '' THEN "forecast" END)
            FROM "variance_figures" WHERE 
            """ + ReportFilter(command, reports) + " GROUP BY \"obligation\", \"period\"";
        using var reader = command.ExecuteReader();
        var rows = new List<StoredRow>();
        while (reader.Read())
        {
            string? Count(int i) => reader.IsDBNull(i) ? null : Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var total = Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture) > 0;
            var forecasts = Convert.ToInt64(reader.GetValue(7), System.Globalization.CultureInfo.InvariantCulture) > 0;
            string?[] values = [reader.GetString(0), reader.GetString(1), string.Empty, total ? Count(3) : Count(5), total ? Count(4) : forecasts ? Count(6) : null];
            rows.Add(StoredRow.Of(Tables.Variance, values, 0, 0));
        }

        rows.Sort((a, b) => RowKeys.CompareKeys(a.KeyParts, b.KeyParts));
        return rows;
    }

    /// <summary>The stored deliveries (obligation and period, as stored) that <paramref name="wanted"/> holds.</summary>
    private static HashSet<(string Obligation, string Period)> StoredReports(Dictionary<Table, List<StoredRow>> snapshot, RuleBook rules, Func<(string Obligation, ReportingPeriod Period), bool> wanted) =>
        snapshot[Tables.Deliveries]
            .Select(d => (Obligation: d.Values[0]!, Period: d.Values[1]!))
            .Where(d => rules.Catalogue.Find(d.Obligation) is { } obligation
                && ReportingPeriod.TryParse(d.Period, obligation.Cadence, out var period, out _)
                && wanted((d.Obligation, period)))
            .ToHashSet();

    /// <summary>Reads into <paramref name="snapshot"/> the figures of the stored deliveries that <paramref name="wanted"/> holds.</summary>
    private static Dictionary<Table, List<StoredRow>> ReadFigures(DbConnection connection, DbTransaction transaction, Dictionary<Table, List<StoredRow>> snapshot, RuleBook rules, Func<(string Obligation, ReportingPeriod Period), bool> wanted)
    {
        var reports = StoredReports(snapshot, rules, wanted);
        foreach (var table in Tables.Reports)
        {
            snapshot[table] = ReadTable(connection, transaction, table, reports);
        }

        return snapshot;
    }

    /// <summary>
    /// Assesses the meeting of <paramref name="committee"/> on <paramref name="date"/> from the
    /// store, reading the figures of the reports the meeting considers only: which reports those
    /// are follows from the rules, the meetings and the deliveries, read first (all of them, a few
    /// hundred rows a year), in the same transaction as the figures.
    /// </summary>
    public Result<MeetingAssessment> Assess(string? committee, LocalDate? date)
    {
        using var connection = provider.Open();
        using var transaction = provider.BeginRead(connection);

        // An assessment is of the DCC's reports: the committees' records play no part in it.
        var snapshot = Snapshot(connection, transaction, reports: [], records: false);
        var (rules, deliveriesOnly) = CaseOf(snapshot);
        var meeting = deliveriesOnly.FindMeeting(committee, date, out var error);
        if (meeting is null)
        {
            return Result<MeetingAssessment>.Failure([new Problem(Location.Display, null, null, error)]);
        }

        // The reports whose content is judged: those delivered, among the reports in the meeting's window.
        var judged = new Assessor(rules).Assess(deliveriesOnly, meeting).Reports
            .Where(r => r.Delivery is not null && r.Period is not null)
            .Select(r => (r.Obligation.Key, r.Period!.Value))
            .ToHashSet();
        snapshot = ReadFigures(connection, transaction, snapshot, rules, judged.Contains);
        transaction.Commit();
        var (_, data) = CaseOf(snapshot);
        return Result<MeetingAssessment>.Success(new Assessor(rules).Assess(data, meeting));
    }

    /// <summary>
    /// The audit trail of one record, oldest first, every insert with the values it inserted. The
    /// trail keeps no copy of those (they would double the store): they are the old values of the
    /// record's next update or delete, which the trail keeps whole, or, when there is none, the
    /// record as it is stored now.
    /// </summary>
    public IReadOnlyList<AuditEntry> History(string kind, string key)
    {
        var entries = AuditEntries("WHERE \"kind\" = @kind AND \"record_key\" = @key", new { kind, key });
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is { Action: "insert", NewValue: null } insert)
            {
                var next = entries.Skip(i + 1).FirstOrDefault(e => e.Action is "update" or "delete" && e.OldValue is { } old && !old.StartsWith(PlaceJson, StringComparison.Ordinal));
                entries[i] = insert with { NewValue = next?.OldValue ?? Current(kind, key) };
            }
        }

        return entries;
    }

    /// <summary>How a move's audit values start (<c>{"place":"2"}</c>): they hold the record's place, not its fields.</summary>
    private const string PlaceJson = "{\"place\":";

    /// <summary>The stored record of <paramref name="kind"/> whose key is <paramref name="key"/>, as the audit trail's JSON; null when there is none.</summary>
    private string? Current(string kind, string key)
    {
        if (Tables.ByKind(kind) is not { } table)
        {
            return null;
        }

        // The key's first part is the text before one of its '/' (or all of it): ask for each, by the
        // primary key's first column, and keep the row whose whole key is the one asked for.
        var first = table.Key[0];
        var candidates = key.Select((c, i) => (c, i)).Where(x => x.c == '/').Select(x => key[..x.i]).Append(key)
            .Select(p => p == "-" ? string.Empty : p).Distinct(StringComparer.Ordinal)
            .Where(p => first.Type == ColumnType.Text || Canonical.IsValid(first.Type, p)).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        using var connection = provider.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))} FROM \"{table.Name}\" WHERE "
            + string.Join(" OR ", candidates.Select((_, i) => $"\"{first.Name}\" = @c{i}"));
        for (var i = 0; i < candidates.Count; i++)
        {
            Provider.AddParameter(command, $"@c{i}", provider.Bind(first.Type, candidates[i]) ?? DBNull.Value);
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var values = Values(reader, table);

            if (RowKeys.KeyText(table, values) == key)
            {
                return Json(table, values);
            }
        }

        return null;
    }

    /// <summary>
    /// A number that changes whenever the store's records or rules change: the id of the last
    /// entry of the audit trail, which every change appends to (0 for a store with none). What is
    /// computed from the store (an assessment) can be kept while it stays the same.
    /// </summary>
    public long ChangeMark()
    {
        using var connection = provider.Open();
        return connection.ExecuteScalar<long?>("SELECT MAX(\"id\") FROM \"audit_log\"") ?? 0;
    }

    /// <summary>When the store's records or rules last changed: the time of the audit trail's last entry, or null for a store with none.</summary>
    public Instant? LastChanged()
    {
        using var connection = provider.Open();
        var at = connection.ExecuteScalar<object?>("SELECT \"at\" FROM \"audit_log\" ORDER BY \"id\" DESC LIMIT 1");
        return at is null or DBNull ? null : Provider.ReadInstant(at);
    }

    /// <summary>The whole audit trail, oldest first, as kept: an insert without the values it inserted (see <see cref="History"/>).</summary>
    public IReadOnlyList<AuditEntry> AuditTrail() => AuditEntries(string.Empty, null);

    /// <summary>Runs between reading the store and writing an import: a seam for tests that interleave two writers.</summary>
    internal Action? BeforeApply { get; set; }

    private List<AuditEntry> AuditEntries(string where, object? parameters)
    {
        using var connection = provider.Open();
        return [.. connection.Query($"SELECT \"at\", \"actor\", \"kind\", \"record_key\", \"action\", \"old_value\", \"new_value\" FROM \"audit_log\" {where} ORDER BY \"id\"", parameters)
            .Select(row => (IDictionary<string, object?>)row)
            .Select(row => new AuditEntry(Provider.ReadInstant(row["at"]!), (string)row["actor"]!, (string)row["kind"]!, (string)row["record_key"]!, (string)row["action"]!, row["old_value"] as string, row["new_value"] as string))];
    }

    /// <summary>Writes every table to <paramref name="folder"/> as a case folder with its rules under <c>rules/</c>.</summary>
    public void Export(string folder)
    {
        // Streamed: one row at a time from the database, in the order a store read whole gives.
        using var connection = provider.Open();
        using var transaction = provider.BeginRead(connection);
        foreach (var table in Tables.All)
        {
            var path = Path.Combine(folder, table.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            CsvWriter.Write(path, table.Spec.Columns, StreamTable(connection, transaction, table).Select(values => Reorder(table, values)));
        }

        transaction.Commit();
    }

    /// <summary>The rows of <paramref name="table"/> one at a time, rules in their file order and case data by key (see <see cref="RowKeys.CompareKeys"/>).</summary>
    private IEnumerable<string?[]> StreamTable(DbConnection connection, DbTransaction transaction, Table table)
    {
        var order = table.IsRules ? "\"row_position\"" : string.Join(", ", table.Key.Select(provider.OrderByText));
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))} FROM \"{table.Name}\" ORDER BY {order}";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var values = Values(reader, table);

            yield return values;
        }
    }

    private static string?[] Reorder(Table table, string?[] values) =>
        [.. table.Spec.Columns.Select(c => values[IndexOf(table, c)])];

    private static int IndexOf(Table table, string column)
    {
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (table.Columns[i].Name == column)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"{table.Name} has no column {column}");
    }

    private long Count(Table table)
    {
        using var connection = provider.Open();
        return connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM \"{table.Name}\"");
    }

    /// <summary>Every row of every table, read in one transaction so that it is consistent.</summary>
    private Dictionary<Table, List<StoredRow>> Snapshot()
    {
        using var connection = provider.Open();
        using var transaction = provider.BeginRead(connection);
        var snapshot = Snapshot(connection, transaction);
        transaction.Commit();
        return snapshot;
    }

    /// <summary>
    /// Every row of every table, as <paramref name="transaction"/> sees them; of the reports'
    /// figures (<see cref="Tables.Reports"/>), only those of <paramref name="reports"/> when given.
    /// </summary>
    private static Dictionary<Table, List<StoredRow>> Snapshot(DbConnection connection, DbTransaction transaction, HashSet<(string Obligation, string Period)>? reports = null, bool records = true) =>
        Tables.All.ToDictionary(t => t, t => !records && t.Record is not null ? []
            : reports is not null && Tables.Reports.Contains(t) ? ReadTable(connection, transaction, t, reports)
            : ReadTable(connection, transaction, t));

    private static List<StoredRow> ReadTable(DbConnection connection, DbTransaction transaction, Table table, HashSet<(string Obligation, string Period)>? reports = null)
    {
        var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {columns}, \"row_position\", \"row_version\" FROM \"{table.Name}\"";
        if (reports is not null)
        {
            // The key's first two columns (its primary key's prefix): one index range a report.
            if (reports.Count == 0)
            {
                return [];
            }

            command.CommandText += " WHERE " + ReportFilter(command, reports);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<StoredRow>();
        var n = table.Columns.Count;
        while (reader.Read())
        {
            rows.Add(StoredRow.Of(table, Values(reader, table), reader.GetInt64(n), reader.GetInt64(n + 1)));
        }

        if (table.IsRules)
        {
            rows.Sort((a, b) => a.Position.CompareTo(b.Position));
        }
        else
        {
            rows.Sort((a, b) => RowKeys.CompareKeys(a.KeyParts, b.KeyParts));
        }

        return rows;
    }

    /// <summary>A condition holding the rows of <paramref name="reports"/> (by the key's first two columns: one index range a report), its values bound to <paramref name="command"/>.</summary>
    private static string ReportFilter(DbCommand command, HashSet<(string Obligation, string Period)> reports)
    {
        var i = 0;
        var pairs = new List<string>();
        foreach (var (obligation, period) in reports)
        {
            pairs.Add($"(\"obligation\" = @o{i} AND \"period\" = @p{i})");
            Provider.AddParameter(command, $"@o{i}", obligation);
            Provider.AddParameter(command, $"@p{i}", period);
            i++;
        }

        return "(" + string.Join(" OR ", pairs) + ")";
    }

    /// <summary>The canonical values of <paramref name="table"/>'s columns in the reader's current row, its first columns.</summary>
    private static string?[] Values(DbDataReader reader, Table table)
    {
        var values = new string?[table.Columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Canonical.FromDatabase(table.Columns[i].Type, reader.GetValue(i));
        }

        return values;
    }

    /// <summary>The stored rows as CSV files in memory, each row named as line N of what export would write.</summary>
    private static Dictionary<string, CsvFile> Files(Dictionary<Table, List<StoredRow>> snapshot, IEnumerable<Table> tables) =>
        tables.ToDictionary(
            t => t.Spec.File,
            t => CsvFile.FromRows(t.Spec.File, [.. t.Columns.Select(c => c.Name)], snapshot[t].Zip(CsvWriter.Lines(snapshot[t].Select(r => r.Values)), (r, line) => (CsvFile.StorePrefix + t.Path, line, r.Values.Select(v => v ?? string.Empty).ToArray()))));

    private StoreException Corrupt(IReadOnlyList<Problem> problems)
    {
        // An empty rule table is not damage: the rules were never loaded (init failed part way, say).
        var empty = Tables.All.Where(t => t.IsRules && !t.EmptyAllowed && Count(t) == 0).Select(t => t.Path).ToList();
        return Count(Tables.Obligations) == 0
            ? new($"{Location.Display}: the store holds no rule data; run 'secpanel init' to load it")
            : empty.Count > 0
            ? new($"{Location.Display}: the store holds no rules of {string.Join(", ", empty)}; run 'secpanel init' to load them from the data folder, or import the file")
            : new($"{Location.Display}: the stored data does not validate (was it changed outside SecPanel?):" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)));
    }

    private static DbConnection OpenOrThrow(Provider provider)
    {
        try
        {
            return provider.Open();
        }
        catch (DbException e)
        {
            throw new StoreException($"{provider.Location.Display}: cannot open the store: {e.Message}", e);
        }
    }

    private static int? CurrentVersion(DbConnection connection, Provider provider, DbTransaction? transaction = null)
    {
        try
        {
            // Asked of the catalogue first: a failed query would end a PostgreSQL transaction.
            return connection.ExecuteScalar<long>(provider.TableExists, new { name = "schema_version" }, transaction) == 0
                ? null
                : connection.ExecuteScalar<int?>("SELECT MAX(\"version\") FROM \"schema_version\"", transaction: transaction);
        }
        catch (DbException)
        {
            return null;
        }
    }

    /// <summary>
    /// Applies the migrations the store lacks: each in a transaction of its own, or all inside
    /// <paramref name="outer"/> when one is given (a copy's target, which is written whole or not at all).
    /// </summary>
    private static void Migrate(DbConnection connection, DbTransaction? outer, Provider provider, IClock clock)
    {
        var current = CurrentVersion(connection, provider, outer);
        if (current > SchemaVersion)
        {
            throw new StoreException($"{provider.Location.Display}: the store has schema version {current}, from a newer SecPanel; this one knows up to {SchemaVersion}. Upgrade SecPanel; the store was not changed.");
        }

        if (current is null)
        {
            connection.Execute("CREATE TABLE \"schema_version\" (\"version\" integer PRIMARY KEY, \"description\" text NOT NULL, \"applied_at\" text NOT NULL)", transaction: outer);
        }

        foreach (var (version, name, sql) in Migrations(provider).Where(m => m.Version > (current ?? 0)))
        {
            using var own = outer is null ? connection.BeginTransaction() : null;
            var transaction = outer ?? own;
            connection.Execute(sql, transaction: transaction);
            connection.Execute(
                "INSERT INTO \"schema_version\" (\"version\", \"description\", \"applied_at\") VALUES (@version, @name, @at)",
                new { version, name, at = NodaTime.Text.InstantPattern.ExtendedIso.Format(clock.GetCurrentInstant()) },
                transaction);
            own?.Commit();
        }
    }

    private static IEnumerable<(int Version, string Name, string Sql)> Migrations(Provider provider)
    {
        var assembly = typeof(Store).Assembly;
        var prefix = $"Migrations/{provider.MigrationFolder}/";
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[prefix.Length..^4];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (int.Parse(name[..4], System.Globalization.CultureInfo.InvariantCulture), name, reader.ReadToEnd());
        }
    }
}

/// <summary>One entry of the audit trail: who changed which record when, from what to what (JSON of the record's fields).</summary>
public sealed record AuditEntry(Instant At, string Actor, string Kind, string Key, string Action, string? OldValue, string? NewValue);
