using SecPanel.Internals;
using SecPanel.Problems;
using SecPanel.Storage.Internals;

namespace SecPanel.Storage;

/// <summary>What a file of an import holds, for deciding who may upload it.</summary>
public enum ImportFileClass
{
    /// <summary>Not a file SecPanel imports.</summary>
    Unknown,

    /// <summary>Rule data: the obligation catalogue, the calendar, the rules of the figures, the committees.</summary>
    Rules,

    /// <summary>The DCC's deliveries and their figures (variance lines, performance, incidents), and its windows of Planned Maintenance.</summary>
    Figures,

    /// <summary>The committees' meetings and records.</summary>
    Records,
}

/// <summary>Single records written through the same validation as an import.</summary>
public sealed partial class Store
{
    /// <summary>
    /// What a file named <paramref name="path"/> holds when it is imported (<c>variance.csv</c>,
    /// <c>rules/obligations.csv</c>, <c>obligations.csv</c>, ...), by the same rule as
    /// <see cref="Import(IReadOnlyList{ImportText}, ImportOptions)"/> finds its table;
    /// <see cref="ImportFileClass.Unknown"/> for a file SecPanel does not import.
    /// </summary>
    public static ImportFileClass FileClass(string path) =>
        TableNamed(path) is not { } table ? ImportFileClass.Unknown
        : table.IsRules ? ImportFileClass.Rules
        : table == Tables.Deliveries || table == Tables.Maintenance || Tables.Reports.Contains(table) ? ImportFileClass.Figures
        : ImportFileClass.Records;

    /// <summary>The case-folder paths of the files SecPanel imports, rule files under <c>rules/</c>.</summary>
    public static IReadOnlyList<string> ImportedPaths { get; } = [.. Tables.All.Select(t => t.Path)];

    /// <summary>The case-folder path of the file that holds records of <paramref name="kind"/>: <c>actions.csv</c>, <c>deliveries.csv</c>, ...</summary>
    public static string RecordFile(string kind) => RecordTable(kind).Path;

    /// <summary>
    /// Writes one record of <paramref name="kind"/> (a committee record, a meeting or a delivery)
    /// from its fields as people write them, exactly as an import of a file holding that one line
    /// would: the same checks, with what is stored, in one transaction, audited. A field that is not
    /// one of the kind's is a problem; one left out is empty. Problems name <paramref name="display"/>
    /// and the field, without a line.
    /// </summary>
    public ImportOutcome WriteRecord(string kind, IReadOnlyDictionary<string, string?> fields, string display, ImportOptions options)
    {
        var table = RecordTable(kind);
        var unknown = fields.Keys.Where(k => table.Columns.All(c => c.Name != k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return Refused([.. unknown.Select(k => new Problem(display, null, k, $"is not a field of {kind}; the fields are {string.Join(", ", table.Columns.Select(c => c.Name))}"))]);
        }

        var names = table.Columns.Select(c => c.Name).ToList();
        var text = CsvWriter.Text(names, [[.. names.Select(n => fields.GetValueOrDefault(n))]]);
        var outcome = Import([new ImportText(table.Path, display, text)], options);
        return outcome with { Problems = [.. outcome.Problems.Select(p => p.File == display ? p with { Line = null } : p)] };
    }
}
