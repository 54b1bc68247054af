using System.Data.Common;
using SecPanel.Records;
using SecPanel.Storage.Internals;

namespace SecPanel.Storage;

/// <summary>
/// What a reader of committee records may see: records up to <paramref name="Clearance"/>, of the
/// committees in <paramref name="Committees"/> (every committee when null). A record outside it does
/// not exist for that reader: the store's queries leave it out of lists and counts, and a read by
/// key finds nothing.
/// </summary>
public sealed record Access(Tlp Clearance, IReadOnlySet<string>? Committees)
{
    /// <summary>Every record of every committee.</summary>
    public static Access Everything { get; } = new(Tlp.Red, null);

    /// <summary>Whether a record of <paramref name="committee"/> at <paramref name="level"/> is within this access.</summary>
    public bool Permits(string committee, Tlp level) => level <= Clearance && (Committees is null || Committees.Contains(committee));
}

/// <summary>One committee record as stored: its fields' canonical text by column, its level, and its row version (the ETag of the server).</summary>
public sealed record StoredRecord(string Kind, IReadOnlyList<string> Key, IReadOnlyDictionary<string, string?> Fields, string Committee, Tlp Level, long Version);

/// <summary>One page of a list of records, with the number the reader may see in the whole list.</summary>
public sealed record RecordPage(IReadOnlyList<StoredRecord> Records, long Total, int Offset, int Limit);

/// <summary>The committee records of the store, read through an <see cref="Access"/>.</summary>
public sealed partial class Store
{
    /// <summary>The kinds of committee record (<c>item</c>, <c>action</c>, <c>assurance-decision</c>, ...), in the store's order.</summary>
    public static IReadOnlyList<string> RecordKinds { get; } = [.. Tables.All.Where(t => t.Record is not null).Select(t => t.Kind)];

    /// <summary>The kinds a reader can list and read by key: the committee records, and the meetings, deliveries and Planned Maintenance windows, which are not classified.</summary>
    public static IReadOnlyList<string> ListedKinds { get; } = [.. RecordKinds, Tables.Meetings.Kind, Tables.Deliveries.Kind, Tables.Maintenance.Kind];

    /// <summary>The kinds the DCC records itself, as well as the secretariat: its deliveries and its notices of Planned Maintenance.</summary>
    public static IReadOnlyList<string> DccKinds { get; } = [Tables.Deliveries.Kind, Tables.Maintenance.Kind];

    /// <summary>The key columns of a listed kind, in order (the parts of a record's address).</summary>
    public static IReadOnlyList<string> RecordKey(string kind) => [.. RecordTable(kind).Key.Select(c => c.Name)];

    /// <summary>The columns of a listed kind, in order.</summary>
    public static IReadOnlyList<string> RecordColumns(string kind) => [.. RecordTable(kind).Columns.Select(c => c.Name)];

    /// <summary>
    /// A page of the records of <paramref name="kind"/> that <paramref name="access"/> may see, in key
    /// order, with those whose columns equal <paramref name="filters"/> (column name to canonical
    /// text; an unknown column is an <see cref="ArgumentException"/>). The filtering is in the query:
    /// what the reader may not see is never read.
    /// </summary>
    public RecordPage ReadRecords(string kind, Access access, IReadOnlyDictionary<string, string> filters, int offset, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var table = RecordTable(kind);
        using var connection = provider.Open();
        using var transaction = provider.BeginRead(connection);
        using var count = connection.CreateCommand();
        count.Transaction = transaction;
        var where = Where(count, table, access, filters);
        if (where is null)
        {
            return new RecordPage([], 0, offset, limit);
        }

        count.CommandText = $"SELECT COUNT(*) FROM \"{table.Name}\" WHERE {where}";
        var total = Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        where = Where(select, table, access, filters);
        select.CommandText = $"{Select(table)} WHERE {where} ORDER BY {string.Join(", ", table.Key.Select(provider.OrderByText))} LIMIT {limit} OFFSET {offset}";
        var records = Read(select, table);
        transaction.Commit();
        return new RecordPage(records, total, offset, limit);
    }

    /// <summary>
    /// The record of <paramref name="kind"/> whose key is <paramref name="key"/> (canonical text of each
    /// key column), or null when there is none or <paramref name="access"/> may not see it: the two
    /// are the same answer.
    /// </summary>
    public StoredRecord? ReadRecord(string kind, Access access, IReadOnlyList<string> key)
    {
        var table = RecordTable(kind);
        if (key.Count != table.Key.Count || key.Select((k, i) => Canonical.IsValid(table.Key[i].Type, k)).Any(valid => !valid))
        {
            return null;
        }

        var filters = table.Key.Select((c, i) => (c.Name, Value: key[i])).ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
        using var connection = provider.Open();
        using var select = connection.CreateCommand();
        var where = Where(select, table, access, filters);
        if (where is null)
        {
            return null;
        }

        select.CommandText = $"{Select(table)} WHERE {where}";
        return Read(select, table).SingleOrDefault();
    }

    /// <summary>
    /// The records of <paramref name="kind"/> that <paramref name="access"/> may see whose
    /// <paramref name="column"/> is at or after <paramref name="from"/> (canonical text), in that
    /// column's order and then by key, at most <paramref name="limit"/>: the next meetings from a date.
    /// </summary>
    public IReadOnlyList<StoredRecord> ReadRecordsFrom(string kind, Access access, string column, string from, int limit) =>
        ReadRecordsFrom(kind, access, column, from, limit, new Dictionary<string, string>(), ascending: true);

    /// <summary>As <see cref="ReadRecordsFrom(string, Access, string, string, int)"/>, of the records with the fields <paramref name="filters"/> gives: a committee's next meetings.</summary>
    public IReadOnlyList<StoredRecord> ReadRecordsFrom(string kind, Access access, string column, string from, int limit, IReadOnlyDictionary<string, string> filters) =>
        ReadRecordsFrom(kind, access, column, from, limit, filters, ascending: true);

    /// <summary>
    /// The records of <paramref name="kind"/> that <paramref name="access"/> may see, with the
    /// fields <paramref name="filters"/> gives, whose <paramref name="column"/> is at or before
    /// <paramref name="to"/> (canonical text), latest first, at most <paramref name="limit"/>: a
    /// committee's last meetings up to a date.
    /// </summary>
    public IReadOnlyList<StoredRecord> ReadRecordsBefore(string kind, Access access, string column, string to, int limit, IReadOnlyDictionary<string, string> filters) =>
        ReadRecordsFrom(kind, access, column, to, limit, filters, ascending: false);

    private List<StoredRecord> ReadRecordsFrom(string kind, Access access, string column, string from, int limit, IReadOnlyDictionary<string, string> filters, bool ascending)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var table = RecordTable(kind);
        var ordered = table.Columns.FirstOrDefault(c => c.Name == column) ?? throw new ArgumentException($"{kind} has no column '{column}'", nameof(column));
        if (!Canonical.IsValid(ordered.Type, from))
        {
            throw new ArgumentException($"'{from}' is not a value of {kind}.{column}", nameof(from));
        }

        using var connection = provider.Open();
        using var select = connection.CreateCommand();
        if (Where(select, table, access, filters) is not { } where)
        {
            return [];
        }

        Provider.AddParameter(select, "@from", provider.Bind(ordered.Type, from) ?? DBNull.Value);
        var direction = ascending ? string.Empty : " DESC";
        select.CommandText = $"{Select(table)} WHERE {where} AND \"{ordered.Name}\" {(ascending ? ">=" : "<=")} @from ORDER BY \"{ordered.Name}\"{direction}, {string.Join(", ", table.Key.Select(k => provider.OrderByText(k) + direction))} LIMIT {limit}";
        return Read(select, table);
    }

    /// <summary>
    /// The records of <paramref name="kind"/> that <paramref name="access"/> may see whose
    /// <paramref name="column"/> is one of <paramref name="values"/> (canonical text), in key order:
    /// the deliveries of a few periods.
    /// </summary>
    public IReadOnlyList<StoredRecord> ReadRecordsIn(string kind, Access access, string column, IReadOnlyCollection<string> values)
    {
        var table = RecordTable(kind);
        var filtered = table.Columns.FirstOrDefault(c => c.Name == column) ?? throw new ArgumentException($"{kind} has no column '{column}'", nameof(column));
        var valid = values.Where(v => Canonical.IsValid(filtered.Type, v)).Distinct(StringComparer.Ordinal).ToList();
        using var connection = provider.Open();
        using var select = connection.CreateCommand();
        if (valid.Count == 0 || Where(select, table, access, new Dictionary<string, string>()) is not { } where)
        {
            return [];
        }

        for (var i = 0; i < valid.Count; i++)
        {
            Provider.AddParameter(select, $"@in{i}", provider.Bind(filtered.Type, valid[i]) ?? DBNull.Value);
        }

        select.CommandText = $"{Select(table)} WHERE {where} AND \"{filtered.Name}\" IN ({string.Join(", ", valid.Select((_, i) => $"@in{i}"))}) ORDER BY {string.Join(", ", table.Key.Select(provider.OrderByText))}";
        return Read(select, table);
    }

    /// <summary>
    /// The audit trail of one committee record, as <see cref="History"/> gives it, when
    /// <paramref name="access"/> may see the record as it is now; null otherwise (or when it is not
    /// stored), so that a hidden record's history is not found either.
    /// </summary>
    public IReadOnlyList<AuditEntry>? RecordHistory(string kind, Access access, IReadOnlyList<string> key)
    {
        if (ReadRecord(kind, access, key) is not { } record)
        {
            return null;
        }

        // A record seen now may have been above the reader's clearance before (classified down
        // since): the values it had then are left out, the change itself is shown.
        var table = RecordTable(kind);
        return [.. History(kind, Table.KeyText(record.Key)).Select(e => e with
        {
            OldValue = Readable(table, e.OldValue, access) ? e.OldValue : null,
            NewValue = Readable(table, e.NewValue, access) ? e.NewValue : null,
        })];
    }

    /// <summary>Whether an audit value (a record's fields as JSON) is at or below <paramref name="access"/>'s clearance.</summary>
    private static bool Readable(Table table, string? json, Access access)
    {
        if (json is null || table.Record is not { DefaultLevel: var byDefault })
        {
            return true;
        }

        using var fields = System.Text.Json.JsonDocument.Parse(json);
        var level = fields.RootElement.TryGetProperty("classification", out var text) && text.ValueKind == System.Text.Json.JsonValueKind.String
            && text.GetString() is { Length: > 0 } written && Tlps.TryParse(written, out var given) ? given
            : fields.RootElement.TryGetProperty("place", out _) ? Tlp.White
            : byDefault;
        return level <= access.Clearance;
    }

    /// <summary>
    /// The committee and level a record of <paramref name="kind"/> with these fields (column name to
    /// canonical text) would have: the committee its table keeps or its <c>committee</c> field, and its
    /// classification or the kind's default. The same rule as the store's queries.
    /// </summary>
    public static (string Committee, Tlp Level) RecordPlace(string kind, IReadOnlyDictionary<string, string?> fields)
    {
        var table = RecordTable(kind);
        return table.PlaceOf([.. table.Columns.Select(c => fields.GetValueOrDefault(c.Name))]);
    }

    /// <summary>
    /// The key of a record of <paramref name="kind"/> with these fields, each part as an import
    /// would store it (<c>01</c> as <c>1</c> for a number); a part missing is empty.
    /// </summary>
    public static IReadOnlyList<string> CanonicalKey(string kind, IReadOnlyDictionary<string, string?> fields) =>
        [.. RecordTable(kind).Key.Select(c => Canonical.FromText(c.Type, fields.GetValueOrDefault(c.Name)?.Trim() ?? string.Empty, key: true) ?? string.Empty)];

    private static Table RecordTable(string kind) =>
        Tables.All.FirstOrDefault(t => t.Kind == kind && ListedKinds.Contains(t.Kind)) ?? throw new ArgumentException($"not a kind of record a reader lists: {kind}", nameof(kind));

    /// <summary>The SQL level (0 White to 3 Red) of a row of <paramref name="table"/>: its classification, or the kind's default when it has none; 0 for what is not classified.</summary>
    private static string LevelSql(Table table) => table.Record is { DefaultLevel: var level }
        ? $"CASE UPPER(TRIM(\"classification\")) WHEN 'RED' THEN 3 WHEN 'AMBER' THEN 2 WHEN 'GREEN' THEN 1 WHEN 'WHITE' THEN 0 WHEN 'CLEAR' THEN 0 ELSE {(int)level} END"
        : "0";

    /// <summary>The SQL committee of a row of <paramref name="table"/>; null for deliveries, which are the DCC's, not a committee's.</summary>
    private static string? CommitteeSql(Table table) => table.Record?.Committee ?? (table == Tables.Meetings ? "\"committee\"" : null);

    private static string Select(Table table) =>
        $"SELECT {string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}, \"row_version\", {CommitteeSql(table) ?? "''"}, {LevelSql(table)} FROM \"{table.Name}\"";

    /// <summary>The WHERE clause of what <paramref name="access"/> may see among the rows matching <paramref name="filters"/>, its parameters added; null when it may see none.</summary>
    private string? Where(DbCommand command, Table table, Access access, IReadOnlyDictionary<string, string> filters)
    {
        var committee = CommitteeSql(table);
        var clauses = new List<string> { $"{LevelSql(table)} <= {(int)access.Clearance}" };
        if (access.Committees is { } committees && committee is not null)
        {
            if (committees.Count == 0)
            {
                return null;
            }

            var names = committees.Order(StringComparer.Ordinal).Select((c, i) => (Name: $"@committee{i}", Value: c)).ToList();
            names.ForEach(n => Provider.AddParameter(command, n.Name, n.Value));
            clauses.Add($"{committee} IN ({string.Join(", ", names.Select(n => n.Name))})");
        }

        var i = 0;
        foreach (var (name, value) in filters.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var column = table.Columns.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"{table.Kind} has no column '{name}'", nameof(filters));
            if (!Canonical.IsValid(column.Type, value))
            {
                return null;
            }

            Provider.AddParameter(command, $"@f{i}", provider.Bind(column.Type, value) ?? DBNull.Value);
            clauses.Add($"\"{column.Name}\" = @f{i}");
            i++;
        }

        return string.Join(" AND ", clauses);
    }

    private static List<StoredRecord> Read(DbCommand select, Table table)
    {
        using var reader = select.ExecuteReader();
        var records = new List<StoredRecord>();
        var n = table.Columns.Count;
        while (reader.Read())
        {
            var values = Values(reader, table);
            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < n; i++)
            {
                fields[table.Columns[i].Name] = values[i];
            }

            var key = table.KeyIndexes.Select(i => values[i] ?? string.Empty).ToList();
            var version = Convert.ToInt64(reader.GetValue(n), System.Globalization.CultureInfo.InvariantCulture);
            var level = (Tlp)Convert.ToInt32(reader.GetValue(n + 2), System.Globalization.CultureInfo.InvariantCulture);
            records.Add(new StoredRecord(table.Kind, key, fields, reader.GetString(n + 1), level, version));
        }

        return records;
    }
}
