using System.Data.Common;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SecPanel.Cases;
using SecPanel.Internals;
using SecPanel.Problems;
using SecPanel.Records;
using SecPanel.Storage.Internals;

namespace SecPanel.Storage;

/// <summary>How to import: who is importing, whether changed records may be replaced, where progress goes.</summary>
/// <param name="Actor">The name the audit trail records.</param>
/// <param name="AllowUpdates">When false (the default), a record already stored with other values is a problem, not a change.</param>
/// <param name="Progress">Receives a line now and then during a long import; null for none.</param>
/// <param name="Replaces">Stored case records the import replaces whole (see <see cref="ImportScope"/>); none by default.</param>
/// <param name="Again">How a refusal tells the user to do it again with <c>--update</c>: <c>import again</c>, or the command's own words.</param>
public sealed record ImportOptions(string Actor, bool AllowUpdates = false, Action<string>? Progress = null, IReadOnlyList<ImportScope>? Replaces = null, string Again = "import again")
{
    /// <summary>When true, the import is validated with what is stored and its counts worked out, and nothing is written.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// What the importer may see of committee records; null for everything. A record it imports must
    /// be within it, and so must the stored record it replaces; a problem found at a stored committee
    /// record is then said without that record's place or content.
    /// </summary>
    public Access? Writer { get; init; }

    /// <summary>The row version one record must have as stored when the import starts (an edit's If-Match); null for none.</summary>
    public ImportExpectation? Expect { get; init; }

    /// <summary>Written in the import's transaction after its changes, before it commits (what goes with the records, such as a traffic outlook); not on a dry run or a refused import.</summary>
    internal Action<DbConnection, DbTransaction>? Alongside { get; init; }
}

/// <summary>The version a stored record must have for an import to go ahead: an edit of a record as it was read.</summary>
/// <param name="Kind">The kind of record (<c>action</c>, <c>item</c>, ...).</param>
/// <param name="Key">The canonical text of each key column.</param>
/// <param name="Version">The row version it must have; null when it must not be stored yet.</param>
public sealed record ImportExpectation(string Kind, IReadOnlyList<string> Key, long? Version);

/// <summary>
/// Stored records of one case file that an import replaces whole: those whose every named column
/// holds one of the values given (such as the <c>variance.csv</c> lines of <c>sr-variance</c> for
/// <c>2026-11</c>). A record in the scope that the import does not hold is deleted when updates are
/// allowed, and refused (the import writes nothing) when they are not. Records outside the scope
/// are left as they are, as in any import of case data.
/// </summary>
/// <param name="File">The case file, as <see cref="ImportText.File"/> names it: <c>variance.csv</c>.</param>
/// <param name="Where">Column name to the values that put a record in the scope.</param>
/// <param name="Description">What the scope is, for messages: <c>sr-variance and csr-variance of 2026-11</c>.</param>
public sealed record ImportScope(string File, IReadOnlyDictionary<string, IReadOnlyList<string>> Where, string Description);

/// <summary>What an import did to one kind of record.</summary>
public sealed record ImportCount(string Kind, int Inserted, int Updated, int Deleted, int Unchanged);

/// <summary>A case or rule file given as text rather than read from disk.</summary>
/// <param name="File">The file's name as the store imports it: <c>variance.csv</c>, <c>performance.csv</c>, <c>obligations.csv</c>, ...</param>
/// <param name="Display">The name problems give the file, so that the user knows where its lines came from.</param>
/// <param name="Text">The CSV text, header first, as a case or rule file holds it.</param>
public sealed record ImportText(string File, string Display, string Text);

/// <summary>The outcome of an import: every problem found (then nothing was written), or what was written.</summary>
public sealed record ImportOutcome(IReadOnlyList<Problem> Problems, IReadOnlyList<ImportCount> Counts)
{
    /// <summary>True when nothing was written because the record of <see cref="ImportOptions.Expect"/> had another version.</summary>
    public bool Stale { get; init; }

    /// <summary>True when the import was written.</summary>
    public bool Succeeded => Problems.Count == 0;
}

public sealed partial class Store
{
    private const int ProgressEvery = 100_000;

    /// <summary>
    /// Imports a case folder (with rule data under <c>rules/</c>, if any) or a single file named
    /// as a case or rule file (<c>variance.csv</c>, <c>obligations.csv</c>, ...). Everything is
    /// validated first, together with what is already stored; any problem refuses the whole import
    /// and writes nothing. Otherwise it is written in one transaction, every change audited.
    /// </summary>
    public ImportOutcome Import(string path, ImportOptions options)
    {
        var files = new List<(Table Table, string Display, Result<CsvFile> Csv)>();
        if (Directory.Exists(path))
        {
            files.AddRange(Tables.All
                .Select(t => (Table: t, Path: Path.Combine(path, t.Path), Display: path.TrimEnd('/') + "/" + t.Path))
                .Where(f => File.Exists(f.Path) || Directory.Exists(f.Path))
                .Select(f => (f.Table, f.Display, Read(f.Table, f.Path, f.Display))));
            // A file that looks like one of SecPanel's but is not read would be skipped silently.
            var strays = FolderFiles.NotRead(path, path, [.. Tables.All.Select(t => t.Path)]);
            if (strays.Count > 0)
            {
                return new ImportOutcome(strays, []);
            }

            if (files.Count == 0)
            {
                return Refused(new Problem(path, null, null, $"holds none of the files SecPanel imports ({string.Join(", ", Tables.All.Select(t => t.Path))})"));
            }
        }
        else if (File.Exists(path))
        {
            var table = TableNamed(Path.GetFileName(path));
            if (table is null)
            {
                return Refused(NotImported(path));
            }

            files.Add((table, path, Read(table, path, path)));
        }
        else
        {
            return Refused(new Problem(path, null, null, "no such file or folder"));
        }

        return ImportFiles(files, options);
    }

    /// <summary>
    /// Imports case or rule files given as text (figures computed by SecPanel, such as those of
    /// traffic logs) exactly as <see cref="Import(string, ImportOptions)"/> imports the same files
    /// from disk: the same checks, the same validation with what is stored, one transaction.
    /// </summary>
    public ImportOutcome Import(IReadOnlyList<ImportText> files, ImportOptions options)
    {
        if (AuditActor.Problem(options.Actor) is { } wrong)
        {
            throw new ArgumentException($"the audit trail cannot record this actor: {wrong}", nameof(options));
        }

        ArgumentNullException.ThrowIfNull(files);
        var read = new List<(Table Table, string Display, Result<CsvFile> Csv)>();
        foreach (var file in files)
        {
            var table = TableNamed(file.File);
            if (table is null)
            {
                return Refused(NotImported(file.Display));
            }

            read.Add((table, file.Display, CsvFile.Parse(file.Text, file.Display, table.Spec.Required, table.Spec.Optional)));
        }

        return ImportFiles(read, options);
    }

    /// <summary>The table a file named <paramref name="name"/> (<c>variance.csv</c>, <c>bank-holidays.csv</c>, ...) is imported into.</summary>
    private static Table? TableNamed(string name) =>
        Tables.All.FirstOrDefault(t => t.Path == name || t.Spec.File == name || Path.GetFileName(t.Spec.File) == name);

    private static Problem NotImported(string display) =>
        new(display, null, null, $"is not a file SecPanel imports: name it as one of {string.Join(", ", Tables.All.Select(t => Path.GetFileName(t.Spec.File)))}");

    private static Result<CsvFile> Read(Table table, string path, string display) =>
        CsvFile.Read(path, display, table.Spec.Required, table.Spec.Optional);

    /// <summary>The rule files of a data folder (the layout of <c>data/</c>) whose tables are empty, for <see cref="Init"/>.</summary>
    private List<(Table Table, string Display, Result<CsvFile> Csv)> EmptyRulesFrom(string folder) =>
        [.. Tables.All.Where(t => t.IsRules && Count(t) == 0)
            .Select(t => (t, Path.Combine(folder, t.Spec.File)))
            .Select(f => (f.t, f.Item2, Read(f.t, f.Item2, f.Item2)))];

    private static ImportOutcome Refused(params Problem[] problems) => new(problems, []);

    private ImportOutcome ImportFiles(List<(Table Table, string Display, Result<CsvFile> Csv)> files, ImportOptions options)
    {
        var problems = new List<Problem>();
        var incoming = new Dictionary<Table, List<IncomingRow>>();
        var names = files.ToDictionary(f => f.Table, f => f.Display);
        var fileCount = files.Count;
        foreach (var (table, _, csv) in files)
        {
            problems.AddRange(csv.Problems);
            if (csv.Succeeded)
            {
                incoming[table] = [.. csv.Value.Rows.Select((row, i) =>
                {
                    string?[] values = [.. table.Columns.Select(c => Canonical.FromText(c.Type, row[c.Name], c.Key))];
                    return new IncomingRow(values, RowKeys.KeyText(table, values), row.File, row.Line, table.IsRules ? i : 0);
                })];

                // A key that looks like another (a Cyrillic А among Latin letters) would be a record
                // of its own that nobody can tell from the other.
                var keys = table.Columns.Select((c, i) => (Column: c, Index: i)).Where(k => k.Column.Key && k.Column.Type == ColumnType.Text).ToList();
                problems.AddRange(incoming[table].SelectMany(r => keys
                    .Where(k => r.Values[k.Index] is { Length: > 0 })
                    .Select(k => (Row: r, k.Column, Wrong: LookAlikes.MixedScripts(r.Values[k.Index]!)))
                    .Where(x => x.Wrong is not null)
                    .Select(x => new Problem(x.Row.File, x.Row.Line, x.Column.Name, x.Wrong!))));
            }
        }

        if (problems.Count > 0)
        {
            return new ImportOutcome(problems, []);
        }

        // The parsed files are not needed once their rows are canonical: a big first import would
        // otherwise hold every line twice until it ends.
        files.Clear();

        // What the import replaces whole: a rule file its whole list, a scope its records.
        var scopes = incoming.Keys.Where(t => t.IsRules).ToDictionary(t => t, _ => new Replaced(_ => true, "in this file, which replaces the whole list"));
        foreach (var scope in options.Replaces ?? [])
        {
            if (TableNamed(scope.File) is not { IsRules: false } table || scope.Where.Keys.Any(c => table.Columns.All(k => k.Name != c)))
            {
                throw new ArgumentException($"not a scope of a case file: {scope.File} {string.Join(",", scope.Where.Keys)}", nameof(options));
            }

            scopes[table] = new Replaced(InScope(table, scope), $"among these lines, which replace the whole of {scope.Description}");
            incoming.TryAdd(table, []);
            names.TryAdd(table, scope.Description);
        }

        var total = incoming.Values.Sum(r => r.Count);
        options.Progress?.Invoke($"read {total:N0} rows from {fileCount} file{(fileCount == 1 ? "" : "s")}; validating");

        // Validation reads the store inside the transaction that writes, holding the write lock
        // throughout: no other import can commit between the checks and the write, so two imports
        // that each pass alone can never together leave a store that fails them.
        using var connection = provider.Open();
        using var transaction = provider.BeginWrite(connection);
        var reports = ReportsTouched(incoming, options);
        var snapshot = Snapshot(connection, transaction, reports);
        options.Progress?.Invoke($"read {snapshot.Values.Sum(r => r.Count):N0} stored rows; checking the import against them");
        if (options.Expect is { } expect && Stale(snapshot, expect) is { } stale)
        {
            return new ImportOutcome([stale], []) { Stale = true };
        }

        var writer = options.Writer is { } given && given != Access.Everything ? given : null;
        if (writer is not null && Unwritable(snapshot, incoming, writer) is { Count: > 0 } unwritable)
        {
            return new ImportOutcome(unwritable, []);
        }

        problems.AddRange(Validate(snapshot, incoming, names, scopes));
        var changes = Plan(snapshot, incoming, names, scopes, options, problems, out var counts);
        if (problems.Count > 0 && reports is not null)
        {
            // The same problems, said with the lines an export of the whole store would give the
            // stored records they name (the figures read were only those of the reports touched).
            options.Progress?.Invoke("reading the whole store to say where the problems are");
            problems.Clear();
            snapshot = Snapshot(connection, transaction, null);
            problems.AddRange(Validate(snapshot, incoming, names, scopes));
            Plan(snapshot, incoming, names, scopes, options, problems, out _);
        }

        if (problems.Count > 0)
        {
            return new ImportOutcome(writer is null ? problems : [.. problems.Select(p => Withheld(p, names))], []);
        }

        if (options.DryRun)
        {
            return new ImportOutcome([], counts);
        }

        options.Progress?.Invoke($"validated; writing {changes.Count:N0} changes");
        BeforeApply?.Invoke();
        try
        {
            Apply(connection, transaction, changes, options);
        }
        catch (ConflictException e)
        {
            // Only a writer that does not take the lock (SQL run by hand, say) can get here.
            return Refused(new Problem(e.Change.New?.File ?? Location.Display, e.Change.New?.Line, null,
                $"{e.Change.Table.Kind} {e.Change.Key} was changed by someone else after this import read the store; nothing was written: run the import again ({e.Message})"));
        }

        return new ImportOutcome([], counts);
    }

    /// <summary>A problem when the record <paramref name="expect"/> names is not stored at the version it expects.</summary>
    private static Problem? Stale(Dictionary<Table, List<StoredRow>> snapshot, ImportExpectation expect)
    {
        var table = RecordTable(expect.Kind);
        var key = Table.KeyText(expect.Key);
        var stored = snapshot[table].FirstOrDefault(r => r.KeyParts.SequenceEqual(expect.Key, StringComparer.Ordinal));
        return (stored?.Version, expect.Version) switch
        {
            (null, null) => null,
            (null, _) => new Problem(CsvFile.StorePrefix + table.Path, null, null, $"{table.Kind} {key} is no longer stored"),
            (_, null) => new Problem(CsvFile.StorePrefix + table.Path, null, null, $"{table.Kind} {key} is stored already (version {stored!.Version})"),
            var (now, then) when now == then => null,
            var (now, then) => new Problem(CsvFile.StorePrefix + table.Path, null, null, $"{table.Kind} {key} has changed since it was read: it is at version {now}, not {then}"),
        };
    }

    /// <summary>
    /// The committee records of the import that <paramref name="writer"/> may not write: a record it
    /// would place outside what the writer may see, or one that replaces a stored record it may not
    /// see (which is said as no more than that, since the writer may not know what it holds).
    /// </summary>
    private static List<Problem> Unwritable(Dictionary<Table, List<StoredRow>> snapshot, Dictionary<Table, List<IncomingRow>> incoming, Access writer)
    {
        var problems = new List<Problem>();
        foreach (var (table, rows) in incoming.Where(i => i.Key.Record is not null))
        {
            var stored = snapshot[table].ToDictionary(r => r.Key, StringComparer.Ordinal);
            foreach (var row in rows)
            {
                var (committee, level) = table.PlaceOf(row.Values);
                if (!writer.Permits(committee, level))
                {
                    problems.Add(new Problem(row.File, row.Line, null, $"{table.Kind} {row.Key} would be a {level.Key()} record of {committee}, which this account may not see, so it may not write it"));
                }
                else if (stored.TryGetValue(row.Key, out var old) && table.PlaceOf(old.Values) is var (was, wasLevel) && !writer.Permits(was, wasLevel))
                {
                    problems.Add(new Problem(row.File, row.Line, null, $"{table.Kind} {row.Key} may not be written by this account"));
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// A problem at a stored committee record (or quoting one, as a problem said at its cause does),
    /// for a writer who may not see every record: said without the record.
    /// </summary>
    private static Problem Withheld(Problem problem, Dictionary<Table, string> names)
    {
        var text = problem.ToString();
        return Tables.All.FirstOrDefault(t => t.Record is not null && text.Contains(CsvFile.StorePrefix + t.Path, StringComparison.Ordinal)) is { } table
            ? new Problem(problem.File.StartsWith(CsvFile.StorePrefix, StringComparison.Ordinal) ? names.GetValueOrDefault(table) ?? CsvFile.StorePrefix + table.Path : problem.File,
                problem.File.StartsWith(CsvFile.StorePrefix, StringComparison.Ordinal) ? null : problem.Line, null,
                $"the import conflicts with a stored {table.Kind}; ask someone cleared for every {table.Kind} to say which")
            : problem;
    }

    /// <summary>
    /// The DCC reports (obligation and period) whose stored figures an import can affect, or null
    /// when it can affect any: every check of a report's figures (variance lines and their total,
    /// performance results, incident counts and incidents) is among the figures of that one report
    /// and its delivery, so the stored figures of other reports need not be read. Rule data can
    /// change the checks of every figure, so an import of rules reads them all.
    /// </summary>
    private static HashSet<(string Obligation, string Period)>? ReportsTouched(Dictionary<Table, List<IncomingRow>> incoming, ImportOptions options)
    {
        const int Most = 1_000;
        if (incoming.Keys.Any(t => t.IsRules))
        {
            return null;
        }

        var reports = new HashSet<(string, string)>();
        foreach (var (table, rows) in incoming.Where(i => Tables.Reports.Contains(i.Key) || i.Key == Tables.Deliveries))
        {
            foreach (var row in rows)
            {
                reports.Add((row.Values[0] ?? string.Empty, row.Values[1] ?? string.Empty));
            }
        }

        // A scope that replaces figures whole touches each report it names.
        foreach (var scope in options.Replaces ?? [])
        {
            if (Tables.Reports.Any(t => t.Spec.File == scope.File || Path.GetFileName(t.Spec.File) == scope.File))
            {
                if (!scope.Where.TryGetValue("obligation", out var obligations) || !scope.Where.TryGetValue("period", out var periods))
                {
                    return null;
                }

                reports.UnionWith(obligations.SelectMany(o => periods.Select(p => (o, p))));
            }
        }

        return reports.Count <= Most ? reports : null;
    }

    /// <summary>Validates what the store would hold after the import, with the domain's own readers; problems point at the import's lines.</summary>
    private static List<Problem> Validate(Dictionary<Table, List<StoredRow>> snapshot, Dictionary<Table, List<IncomingRow>> incoming, Dictionary<Table, string> names, Dictionary<Table, Replaced> scopes)
    {
        var files = new Dictionary<string, CsvFile>();
        var storedLines = new Dictionary<Table, List<int>>();
        foreach (var table in Tables.All)
        {
            // Stored rows are named by the line an export would write them on.
            var lines = storedLines[table] = CsvWriter.Lines(snapshot[table].Select(r => r.Values)).ToList();
            var stored = snapshot[table].Select((r, i) => (File: CsvFile.StorePrefix + table.Path, Line: lines[i], r.Values));
            IEnumerable<(string File, int Line, string?[] Values)> merged;
            if (!incoming.TryGetValue(table, out var rows))
            {
                merged = stored;
            }
            else
            {
                // Stored records the import holds are replaced by its lines; so are all those it
                // replaces whole (a rule file's, a scope's), which are deleted if it does not hold them.
                var replaced = rows.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
                var scope = scopes.GetValueOrDefault(table);
                merged = snapshot[table].Select((r, i) => (Row: r, Line: lines[i]))
                    .Where(s => !replaced.Contains(s.Row.Key) && scope?.Covers(s.Row) != true)
                    .Select(s => (File: CsvFile.StorePrefix + table.Path, s.Line, s.Row.Values))
                    .Concat(rows.Select(r => (r.File, r.Line, r.Values)));
            }

            // A problem with a file as a whole names the imported file, or the store's when it is not imported.
            var name = names.GetValueOrDefault(table) ?? CsvFile.StorePrefix + table.Path;
            files[table.Spec.File] = CsvFile.FromRows(name, [.. table.Columns.Select(c => c.Name)],
                merged.Select(m => (m.File, m.Line, m.Values.Select(v => v ?? string.Empty).ToArray())));
        }

        var rules = RuleBook.Read(new MemorySource(files));
        var problems = rules.Succeeded ? CaseFolder.Read(new MemorySource(files), rules.Value).Problems : rules.Problems;
        if (!problems.Any(p => p.File.StartsWith(CsvFile.StorePrefix, StringComparison.Ordinal)))
        {
            return [.. problems];
        }

        // What the import changes or deletes, by key, once for all the problems it explains.
        var changes = new Dictionary<string, (Table Table, IncomingRow? Changed, Replaced? Scope)>(StringComparer.Ordinal);
        foreach (var (table, rows) in incoming)
        {
            var stored = snapshot[table].ToDictionary(r => r.Key, StringComparer.Ordinal);
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in rows.Where(r => keys.Add(r.Key)))
            {
                if (!stored.TryGetValue(row.Key, out var old) || !old.Values.SequenceEqual(row.Values, StringComparer.Ordinal))
                {
                    changes.TryAdd(row.Key, (table, row, null));
                }
            }

            if (scopes.TryGetValue(table, out var scope))
            {
                foreach (var old in stored.Values.Where(r => !keys.Contains(r.Key) && scope.Covers(r)))
                {
                    changes.TryAdd(old.Key, (table, null, scope));
                }
            }
        }

        return [.. problems.Select(p => Cause(p, snapshot, storedLines, changes, names))];
    }

    /// <summary>
    /// A problem found at a stored record that the import did not touch was caused by a record the
    /// import changes or deletes (a rule whose content changed, an obligation left out of a new
    /// list): when the problem's field holds the key of such a record, the problem is said at the
    /// import's line (or file, for a deletion), quoting the stored record it would leave wrong.
    /// </summary>
    private static Problem Cause(Problem problem, Dictionary<Table, List<StoredRow>> snapshot, Dictionary<Table, List<int>> storedLines, Dictionary<string, (Table Table, IncomingRow? Changed, Replaced? Scope)> changes, Dictionary<Table, string> names)
    {
        if (problem.Line is not { } line || problem.Field is null || !problem.File.StartsWith(CsvFile.StorePrefix, StringComparison.Ordinal)
            || Tables.All.FirstOrDefault(t => CsvFile.StorePrefix + t.Path == problem.File) is not { } table)
        {
            return problem;
        }

        // The stored row the problem names is line N of what export would write (the header is line 1).
        var column = table.Columns.ToList().FindIndex(c => c.Name == problem.Field);
        var index = storedLines[table].BinarySearch(line);
        if (column < 0 || index < 0 || snapshot[table][index].Values[column] is not { Length: > 0 } value || !changes.TryGetValue(value, out var cause))
        {
            return problem;
        }

        return cause.Changed is { } changed
            ? new Problem(changed.File, changed.Line, null, $"{cause.Table.Kind} {value} as changed here would leave a stored record wrong: {problem}")
            : new Problem(names[cause.Table], null, null, $"{cause.Table.Kind} {value} is not {cause.Scope!.Where}, so this import would delete it, and a stored record needs it: {problem}");
    }

    /// <summary>The inserts, updates and deletes the import makes; a change to a stored record is a problem unless updates are allowed.</summary>
    private static List<Change> Plan(Dictionary<Table, List<StoredRow>> snapshot, Dictionary<Table, List<IncomingRow>> incoming, Dictionary<Table, string> names, Dictionary<Table, Replaced> scopes, ImportOptions options, List<Problem> problems, out List<ImportCount> counts)
    {
        var allowUpdates = options.AllowUpdates;
        var changes = new List<Change>();
        counts = [];
        foreach (var table in Tables.All.Where(incoming.ContainsKey))
        {
            var stored = snapshot[table].ToDictionary(r => r.Key, StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int inserted = 0, updated = 0, unchanged = 0, deleted = 0;
            foreach (var row in incoming[table])
            {
                var key = row.Key;
                if (!seen.Add(key))
                {
                    continue; // a duplicate within the file: validation has reported it
                }

                if (!stored.TryGetValue(key, out var old))
                {
                    changes.Add(new Change(table, "insert", key, null, row));
                    inserted++;
                }
                else if (old.Values.SequenceEqual(row.Values, StringComparer.Ordinal))
                {
                    // The same record: at most its line moved in a rule file, which changes the
                    // order it is listed in but no data, so it is neither audited nor refused.
                    if (old.Position != row.Position)
                    {
                        changes.Add(new Change(table, "reposition", key, old, row));
                    }

                    unchanged++;
                }
                else if (table.Immutable)
                {
                    problems.Add(new Problem(row.File, row.Line, null,
                        $"{table.Kind} {key} is already recorded with other values, and a recorded {table.Kind} never changes: record the change as a new revision"));
                }
                else if (allowUpdates)
                {
                    changes.Add(new Change(table, "update", key, old, row));
                    updated++;
                }
                else
                {
                    problems.Add(new Problem(row.File, row.Line, null,
                        $"{table.Kind} {key} is already stored with other values ({Differences(table, old.Values, row.Values)}); to replace it, {options.Again} with --update"));
                }
            }

            if (table.IsRules)
            {
                // A moved record was counted unchanged above: it counts as updated.
                var moves = Reorder(table, snapshot[table], incoming[table], options, changes, problems);
                updated += moves;
                unchanged -= moves;
            }

            if (scopes.TryGetValue(table, out var scope))
            {
                foreach (var (key, old) in stored.Where(s => !seen.Contains(s.Key) && scope.Covers(s.Value)))
                {
                    if (allowUpdates)
                    {
                        changes.Add(new Change(table, "delete", key, old, null));
                        deleted++;
                    }
                    else
                    {
                        problems.Add(new Problem(names[table], null, null,
                            $"{table.Kind} {key} is stored but not {scope.Where}; to delete it, {options.Again} with --update"));
                    }
                }
            }

            counts.Add(new ImportCount(table.Kind, inserted, updated, deleted, unchanged));
        }

        return changes;
    }

    /// <summary>
    /// The order of a rule file is data (obligations are printed in it; the first matching line of
    /// some rules decides): when the records both the store and the file hold are in another order,
    /// those that change place are moves, audited with their places, and need updates allowed like
    /// any change. Lines added or taken out do not move the others. Returns the records moved.
    /// </summary>
    private static int Reorder(Table table, List<StoredRow> stored, List<IncomingRow> rows, ImportOptions options, List<Change> changes, List<Problem> problems)
    {
        var storedKeys = stored.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var now = rows.Where(r => storedKeys.ContainsKey(r.Key) && seen.Add(r.Key)).ToList();
        var before = stored.Where(r => seen.Contains(r.Key)).ToList();
        var moved = now.Select((row, place) => (Row: row, Old: before[place])).Where(m => m.Row.Key != m.Old.Key).ToList();
        if (moved.Count == 0)
        {
            return 0;
        }

        if (!options.AllowUpdates)
        {
            var (row, old) = moved[0];
            problems.Add(new Problem(row.File, row.Line, null,
                $"{table.Kind} {row.Key} is in another place in this list than in the store, which has {old.Key} there ({moved.Count} records would move); the order of the list is data: to reorder it, {options.Again} with --update"));
            return 0;
        }

        var count = 0;
        foreach (var (row, _) in moved)
        {
            var old = storedKeys[row.Key];
            var index = changes.FindIndex(c => c.Table == table && c.Key == row.Key);
            if (index >= 0 && changes[index].Action == "update")
            {
                continue; // updated anyway: the update writes its place too
            }

            var move = new Change(table, "move", row.Key, old, row);
            if (index >= 0)
            {
                changes[index] = move;
            }
            else
            {
                changes.Add(move);
            }

            count++;
        }

        return count;
    }

    private static string Differences(Table table, string?[] old, string?[] updated) => string.Join("; ", table.Columns
        .Select((c, i) => (c.Name, Old: old[i], New: updated[i]))
        .Where(x => !string.Equals(x.Old, x.New, StringComparison.Ordinal))
        .Select(x => $"{x.Name}: '{x.Old}' stored, '{x.New}' here"));

    private void Apply(DbConnection connection, DbTransaction transaction, List<Change> changes, ImportOptions options)
    {
        var now = clock.GetCurrentInstant();
        var at = provider.BindInstant(now);
        var commands = new Dictionary<(Table, string), DbCommand>();
        using var audit = AuditCommand(connection, transaction, at, options.Actor);
        try
        {
            var written = 0;
            void Progress(int n)
            {
                for (var i = 0; i < n; i++)
                {
                    if (++written % ProgressEvery == 0)
                    {
                        options.Progress?.Invoke($"written {written:N0} of {changes.Count:N0} changes");
                    }
                }
            }

            // New records in bulk where the provider can (PostgreSQL's COPY), parents first, in
            // the same transaction; a record another writer inserted meanwhile fails the COPY.
            var bulk = new HashSet<Change>(ReferenceEqualityComparer.Instance);
            foreach (var table in Tables.All)
            {
                var inserts = changes.Where(c => c.Table == table && c.Action == "insert").ToList();
                if (inserts.Count > 0 && provider.TryBulkInsert(connection, transaction, table, inserts, options.Actor, now, Progress))
                {
                    bulk.UnionWith(inserts);
                }
            }

            var ordered = changes.Where(c => c.Action != "delete" && !bulk.Contains(c))
                .Concat(changes.Where(c => c.Action == "delete").OrderByDescending(c => IndexOfTable(c.Table)));
            foreach (var change in ordered)
            {
                if (!commands.TryGetValue((change.Table, change.Action), out var command))
                {
                    commands[(change.Table, change.Action)] = command = Command(connection, transaction, change.Table, change.Action);
                }

                Execute(command, change);
                if (change.Table == Tables.Items && change.Action == "delete")
                {
                    DeleteOutlook(connection, transaction, change.Old!.KeyParts);
                }

                if (change.Action != "reposition")
                {
                    Audit(audit, change);
                }

                Progress(1);
            }

            options.Alongside?.Invoke(connection, transaction);
            transaction.Commit();
        }
        finally
        {
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }
        }
    }

    private static int IndexOfTable(Table table)
    {
        for (var i = 0; i < Tables.All.Count; i++)
        {
            if (Tables.All[i] == table)
            {
                return i;
            }
        }

        return -1;
    }

    private void Execute(DbCommand command, Change change)
    {
        var table = change.Table;
        var p = 0;
        if (change.New is { } row)
        {
            for (var i = 0; i < table.Columns.Count; i++)
            {
                command.Parameters[p++].Value = provider.Bind(table.Columns[i].Type, row.Values[i]) ?? DBNull.Value;
            }

            command.Parameters[p++].Value = row.Position;
        }

        if (change.Old is { } old)
        {
            var keys = table.Columns.Select((c, i) => (c, i)).Where(x => x.c.Key).ToList();
            foreach (var (column, i) in keys)
            {
                command.Parameters[p++].Value = provider.Bind(column.Type, old.Values[i]) ?? DBNull.Value;
            }

            command.Parameters[p].Value = old.Version;
        }

        int affected;
        try
        {
            affected = command.ExecuteNonQuery();
        }
        catch (DbException e) when (change.Action == "insert")
        {
            throw new ConflictException(change, e.Message);
        }

        if (affected != 1)
        {
            throw new ConflictException(change, "the stored version is not the one read");
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, Table table, string action)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var columns = table.Columns.Select((c, i) => (Name: $"\"{c.Name}\"", Parameter: $"@v{i}")).ToList();
        var keys = table.Columns.Where(c => c.Key).Select((c, i) => $"\"{c.Name}\" = @k{i}").Append("\"row_version\" = @version");
        var where = string.Join(" AND ", keys);
        command.CommandText = action switch
        {
            "insert" => $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => c.Name))}, \"row_position\", \"row_version\") VALUES ({string.Join(", ", columns.Select(c => c.Parameter))}, @position, 1)",
            "update" or "move" => $"UPDATE \"{table.Name}\" SET {string.Join(", ", columns.Select(c => $"{c.Name} = {c.Parameter}"))}, \"row_position\" = @position, \"row_version\" = \"row_version\" + 1 WHERE {where}",
            "reposition" => $"UPDATE \"{table.Name}\" SET {string.Join(", ", columns.Select(c => $"{c.Name} = {c.Parameter}"))}, \"row_position\" = @position WHERE {where}",
            _ => $"DELETE FROM \"{table.Name}\" WHERE {where}",
        };
        if (action != "delete")
        {
            foreach (var (_, parameter) in columns)
            {
                Provider.AddParameter(command, parameter);
            }

            Provider.AddParameter(command, "@position");
        }

        if (action != "insert")
        {
            for (var i = 0; i < table.Key.Count; i++)
            {
                Provider.AddParameter(command, $"@k{i}");
            }

            Provider.AddParameter(command, "@version");
        }

        return command;
    }

    private static DbCommand AuditCommand(DbConnection connection, DbTransaction transaction, object at, string actor)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO \"audit_log\" (\"at\", \"actor\", \"kind\", \"record_key\", \"action\", \"old_value\", \"new_value\") VALUES (@at, @actor, @kind, @key, @action, @old, @new)";
        foreach (var name in new[] { "@at", "@actor", "@kind", "@key", "@action", "@old", "@new" })
        {
            Provider.AddParameter(command, name);
        }

        command.Parameters[0].Value = at;
        command.Parameters[1].Value = actor;
        return command;
    }

    private static void Audit(DbCommand command, Change change)
    {
        command.Parameters[2].Value = change.Table.Kind;
        command.Parameters[3].Value = change.Key;
        command.Parameters[4].Value = change.Action == "move" ? "update" : change.Action; // an update of the record's place
        command.Parameters[5].Value = (object?)(change.Action == "move" ? Place(change.Old!.Position) : Json(change.Table, change.Old?.Values)) ?? DBNull.Value;
        command.Parameters[6].Value = (object?)(change.Action switch
        {
            "move" => Place(change.New!.Position),
            "insert" => null, // the values inserted are the record's: see Store.History
            _ => Json(change.Table, change.New?.Values),
        }) ?? DBNull.Value;
        command.ExecuteNonQuery();
    }

    /// <summary>A move's audit value: the record's place in its list, 1 for the first line.</summary>
    private static string Place(long position) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{\"place\":\"{position + 1}\"}}");

    /// <summary>A record's fields as JSON, in column order, each value its canonical text or null.</summary>
    internal static string? Json(Table table, string?[]? values)
    {
        if (values is null)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                if (values[i] is { } v)
                {
                    json.WriteString(table.Columns[i].Name, v);
                }
                else
                {
                    json.WriteNull(table.Columns[i].Name);
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    internal sealed class ConflictException(Change change, string message) : Exception(message)
    {
        public Change Change { get; } = change;
    }

    /// <summary>Whether a stored row of <paramref name="table"/> is in <paramref name="scope"/>, comparing the stored (canonical) values.</summary>
    private static Func<StoredRow, bool> InScope(Table table, ImportScope scope)
    {
        var tests = scope.Where.Select(w =>
        {
            var index = table.Columns.ToList().FindIndex(c => c.Name == w.Key);
            var column = table.Columns[index];
            var values = w.Value.Select(v => Canonical.FromText(column.Type, v, column.Key)).ToHashSet(StringComparer.Ordinal);
            return (Index: index, Values: values);
        }).ToList();
        return row => tests.All(t => row.Values[t.Index] is { } value && t.Values.Contains(value));
    }

    /// <summary>Stored records an import replaces whole: those <see cref="Covers"/> holds, said in messages as "not <see cref="Where"/>".</summary>
    private sealed record Replaced(Func<StoredRow, bool> Covers, string Where);
}
