using SecPanel.Problems;

namespace SecPanel.Internals;

/// <summary>The shape of one CSV file: its name within its folder, its columns, and whether it must be there.</summary>
internal sealed record CsvSpec(string File, IReadOnlyList<string> Required, IReadOnlyList<string> Optional, bool FileRequired)
{
    /// <summary>Every column, required first, in the order files are written.</summary>
    public IReadOnlyList<string> Columns => [.. Required, .. Optional];
}

/// <summary>
/// Where CSV files come from: a folder on disk, or tables held in memory (rows read from a store,
/// perhaps merged with rows being imported, each row keeping the place it came from).
/// </summary>
internal interface ICsvSource
{
    /// <summary>The file of <paramref name="spec"/>; null when it is absent (problems say so when it is required) or unreadable (its problems are added).</summary>
    CsvFile? Open(CsvSpec spec, List<Problem> problems);
}

/// <summary>CSV files in a folder, named in messages as <c>display/file</c>.</summary>
internal sealed class FolderSource(string folder, string display) : ICsvSource
{
    public CsvFile? Open(CsvSpec spec, List<Problem> problems)
    {
        var path = Path.Combine(folder, spec.File);
        if (!spec.FileRequired && !File.Exists(path) && !Directory.Exists(path))
        {
            return null;
        }

        var name = display.Length == 0 ? spec.File : display.TrimEnd('/') + "/" + spec.File;
        var csv = CsvFile.Read(path, name, spec.Required, spec.Optional);
        problems.AddRange(csv.Problems);
        return csv.Succeeded ? csv.Value : null;
    }
}

/// <summary>CSV files already in memory, by file name; a file not given is absent.</summary>
internal sealed class MemorySource(IReadOnlyDictionary<string, CsvFile> files) : ICsvSource
{
    public CsvFile? Open(CsvSpec spec, List<Problem> problems)
    {
        if (files.TryGetValue(spec.File, out var file))
        {
            return file;
        }

        if (spec.FileRequired)
        {
            problems.Add(new Problem(spec.File, null, null, "file not found"));
        }

        return null;
    }
}
