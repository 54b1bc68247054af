using nietras.SeparatedValues;

namespace SecPanel.Storage.Internals;

/// <summary>Writes rows as a CSV file with Sep, quoting where needed; null is written empty.</summary>
internal static class CsvWriter
{
    public static void Write(string path, IReadOnlyList<string> columns, IEnumerable<string?[]> rows)
    {
        using var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToFile(path);
        writer.Header.Add(columns);
        writer.Header.Write();
        foreach (var values in rows)
        {
            using var row = writer.NewRow();
            for (var i = 0; i < columns.Count; i++)
            {
                row[columns[i]].Set(values[i] ?? string.Empty);
            }
        }
    }
}
