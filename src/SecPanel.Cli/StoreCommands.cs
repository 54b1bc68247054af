using System.CommandLine;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using SecPanel.Assessment;
using SecPanel.Storage;

namespace SecPanel.Cli;

/// <summary>The commands that work on a store: init, import, export, history, backup, copy, and assess from the store.</summary>
internal sealed class StoreCommands(Option<string?> dbOption, Option<string?> actorOption, Option<string?> dataOption, TextWriter stdout, TextWriter stderr, IClock clock)
{
    public IEnumerable<Command> Commands()
    {
        var init = new Command("init", "Create the store (or migrate it to this version's schema) and load the rule data into it if it has none.");
        init.SetAction(parse => WithLocation(parse, location =>
        {
            if (Places.Store(location, "--db") is { } unusable)
            {
                return SecPanelCommand.Fail(stderr, unusable);
            }

            var data = parse.GetValue(dataOption) ?? Environment.GetEnvironmentVariable(SecPanelCommand.DataVariable) ?? Path.Combine(AppContext.BaseDirectory, "data");
            if (!Directory.Exists(data))
            {
                // Checked before the store is created, so that a refused init leaves no store behind.
                return SecPanelCommand.Fail(stderr, File.Exists(data) ? $"{data}: a file, not a data folder" : $"{data}: data folder not found");
            }

            var store = Store.Init(location, clock, data, Actor(parse));
            stdout.WriteLine($"{location.Display}: SecPanel store, schema version {Store.SchemaVersion}");
            foreach (var (kind, rows) in store.Counts())
            {
                stdout.WriteLine($"  {kind,-24} {rows,10:N0}");
            }

            return SecPanelCommand.Ok;
        }));
        yield return init;

        var source = new Argument<string>("path") { Description = "A case folder (rule data under rules/, if any) or one file named as a case or rule file, such as variance.csv." };
        var update = new Option<bool>("--update") { Description = "Replace records already stored with other values (each change is audited). Without it, such a record is refused." };
        var import = new Command("import", "Validate a case folder or file against the store and write all of it in one transaction, or nothing.") { source, update };
        import.SetAction(parse => WithStore(parse, store =>
        {
            var outcome = store.Import(parse.GetValue(source)!, new ImportOptions(Actor(parse), parse.GetValue(update), line => stderr.WriteLine($"secpanel: {line}")));
            if (!outcome.Succeeded)
            {
                stderr.WriteLine("secpanel: nothing was imported; the store is unchanged.");
                return SecPanelCommand.Fail(stderr, outcome.Problems);
            }

            PrintCounts(stdout, outcome.Counts);
            return SecPanelCommand.Ok;
        }));
        yield return import;

        var outOption = new Option<string>("--out") { Description = "The folder to write (created if need be; must be empty).", Required = true };
        var export = new Command("export", "Write the whole store as a case folder (rules under rules/) that imports into an empty store with the same result.") { outOption };
        export.SetAction(parse => WithStore(parse, store =>
        {
            var folder = parse.GetValue(outOption)!;
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                return SecPanelCommand.Fail(stderr, $"{folder}: the folder is not empty; export into a new folder");
            }

            if (Places.ToWriteInto(folder, "--out") is { } unusable)
            {
                return SecPanelCommand.Fail(stderr, unusable);
            }

            store.Export(folder);
            stdout.WriteLine($"exported {store.Location.Display} to {folder}");
            return SecPanelCommand.Ok;
        }));
        yield return export;

        var kindArgument = new Argument<string>("kind") { Description = $"The kind of record: {string.Join(", ", Store.Kinds)}." };
        var keyArgument = new Argument<string>("key") { Description = "The record's key, its key fields joined by '/', an empty one as '-': delivery sr-variance/2018-04, variance sr-variance/2018-05/-, meeting OPSG/2018-06-26." };
        var history = new Command("history", "Show the audit trail of one record: when, by whom, and what changed.") { kindArgument, keyArgument };
        history.SetAction(parse => WithStore(parse, store =>
        {
            var (kind, key) = (parse.GetValue(kindArgument)!, parse.GetValue(keyArgument)!);
            var entries = store.History(kind, key);
            if (entries.Count == 0)
            {
                return SecPanelCommand.Fail(stderr, $"no history for {kind} {key} (kinds: {string.Join(", ", Store.Kinds)})");
            }

            foreach (var entry in entries)
            {
                stdout.WriteLine($"{InstantPattern.General.Format(entry.At)}  {AuditActor.Printable(entry.Actor)}  {entry.Action}  {Describe(entry)}");
            }

            return SecPanelCommand.Ok;
        }));
        yield return history;

        var backupOut = new Option<string>("--out") { Description = "The backup file to create (a SQLite file, which opens as a store).", Required = true };
        var backup = new Command("backup", "Make a consistent copy of the store while it is in use.") { backupOut };
        backup.SetAction(parse => WithStore(parse, store =>
        {
            if (Places.ToWrite(parse.GetValue(backupOut)!, "--out") is { } unusable)
            {
                return SecPanelCommand.Fail(stderr, unusable);
            }

            try
            {
                store.Backup(parse.GetValue(backupOut)!);
            }
            catch (System.Data.Common.DbException e)
            {
                // The backup file is what could not be written, not the store.
                return SecPanelCommand.Fail(stderr, $"--out: cannot write the backup '{parse.GetValue(backupOut)}': {e.Message}");
            }

            stdout.WriteLine($"backed up {store.Location.Display} to {parse.GetValue(backupOut)}");
            return SecPanelCommand.Ok;
        }));
        yield return backup;

        var toOption = new Option<string>("--to") { Description = "The store to copy into: a new SQLite file or an empty PostgreSQL database.", Required = true };
        var copy = new Command("copy", "Copy every record and the audit trail into a new store: the way to move from SQLite to PostgreSQL.") { toOption };
        copy.SetAction(parse => WithStore(parse, store =>
        {
            var target = StoreLocation.Parse(parse.GetValue(toOption)!, out var error);
            if (target is null)
            {
                return SecPanelCommand.Fail(stderr, $"--to: {error}");
            }

            if (Places.Store(target, "--to") is { } unusable)
            {
                return SecPanelCommand.Fail(stderr, unusable);
            }

            store.CopyTo(target);
            stdout.WriteLine($"copied {store.Location.Display} to {target.Display}");
            return SecPanelCommand.Ok;
        }));
        yield return copy;
    }

    /// <summary>Assesses a meeting from the store.</summary>
    public int Assess(ParseResult parse, string? committee, LocalDate? date, Func<MeetingAssessment, int> print) => WithStore(parse, store =>
    {
        var assessment = store.Assess(committee, date);
        return assessment.Succeeded ? print(assessment.Value) : SecPanelCommand.Fail(stderr, assessment.Problems);
    });

    /// <summary>What an import did, one line per kind of record.</summary>
    public static void PrintCounts(TextWriter output, IReadOnlyList<ImportCount> counts)
    {
        output.WriteLine($"{"kind",-24} {"inserted",9} {"updated",8} {"deleted",8} {"unchanged",10}");
        foreach (var c in counts)
        {
            output.WriteLine($"{c.Kind,-24} {c.Inserted,9:N0} {c.Updated,8:N0} {c.Deleted,8:N0} {c.Unchanged,10:N0}");
        }
    }

    /// <summary>True when <c>--db</c> is on the command line, rather than left to $SECPANEL_DB or the default.</summary>
    public bool Named(ParseResult parse) => parse.GetValue(dbOption) is not null;

    private static string Describe(AuditEntry entry)
    {
        var old = Fields(entry.OldValue);
        var updated = Fields(entry.NewValue);
        return entry.Action switch
        {
            "insert" => string.Join(", ", updated.Where(f => f.Value is not null).Select(f => $"{f.Key}={OneLine(f.Value)}")),
            "delete" => string.Join(", ", old.Where(f => f.Value is not null).Select(f => $"{f.Key}={OneLine(f.Value)}")),
            _ => string.Join(", ", updated.Where(f => old.GetValueOrDefault(f.Key) != f.Value).Select(f => $"{f.Key}: {OneLine(old.GetValueOrDefault(f.Key)) ?? "(empty)"} -> {OneLine(f.Value) ?? "(empty)"}")),
        };
    }

    /// <summary>A value with its line breaks written <c>\n</c> (and any other control character escaped), so that each entry of the trail stays one line.</summary>
    private static string? OneLine(string? value) => value is null ? null : AuditActor.Printable(value);

    private static Dictionary<string, string?> Fields(string? json) => json is null
        ? []
        : JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? [];

    /// <summary>The name the audit trail records: <c>--as</c>, else the login name.</summary>
    public string Actor(ParseResult parse) => parse.GetValue(actorOption) ?? Environment.UserName;

    /// <summary>The clock the commands read the time from.</summary>
    public IClock Clock => clock;

    public int WithLocation(ParseResult parse, Func<StoreLocation, int> action)
    {
        var location = StoreLocation.Resolve(parse.GetValue(dbOption), out var error);
        if (location is null)
        {
            return SecPanelCommand.Fail(stderr, $"--db: {error}");
        }

        // A name with a line break could forge an entry of the trail; checked before the store is touched.
        if (AuditActor.Problem(Actor(parse)) is { } wrong)
        {
            return SecPanelCommand.Fail(stderr, $"--as: {wrong}");
        }

        try
        {
            return action(location);
        }
        catch (StoreException e)
        {
            return SecPanelCommand.Fail(stderr, e.Message);
        }
        catch (System.Data.Common.DbException e)
        {
            return SecPanelCommand.Fail(stderr, $"{location.Display}: the database refused: {e.Message}");
        }
    }

    /// <summary>Runs <paramref name="action"/> on the store that <c>--db</c> names; a store that cannot be used is an input error.</summary>
    public int WithStore(ParseResult parse, Func<Store, int> action) =>
        WithLocation(parse, location => action(Store.Open(location, clock)));
}
