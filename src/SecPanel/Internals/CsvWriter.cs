using nietras.SeparatedValues;

namespace SecPanel.Internals;

/// <summary>Writes rows as CSV with Sep, quoting where needed; null is written empty. The counterpart of <see cref="CsvFile"/>.</summary>
internal static class CsvWriter
{
    /// <summary>Writes the file at <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<string> columns, IEnumerable<string?[]> rows)
    {
        using var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToFile(path);
        WriteTo(writer, columns, rows);
    }

    /// <summary>The text of a file holding <paramref name="rows"/>.</summary>
    public static string Text(IReadOnlyList<string> columns, IEnumerable<string?[]> rows)
    {
        using var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToText();
        WriteTo(writer, columns, rows);
        return writer.ToString();
    }

    /// <summary>
    /// The line each of <paramref name="rows"/> starts on in the file <see cref="Write"/> writes
    /// (the header is line 1): a value holding line breaks makes its row run over more lines.
    /// </summary>
    public static IEnumerable<int> Lines(IEnumerable<string?[]> rows)
    {
        var line = 2;
        foreach (var values in rows)
        {
            yield return line;
            line += 1 + values.Sum(v => CsvFile.LineBreaks(v));
        }
    }

    private static void WriteTo(SepWriter writer, IReadOnlyList<string> columns, IEnumerable<string?[]> rows)
    {
        writer.Header.Add(columns);
        writer.Header.Write();
        foreach (var values in rows)
        {
            using var row = writer.NewRow();
            for (var i = 0; i < columns.Count; i++)
            {
                row[columns[i]].Set(Formulas.Defuse(values[i] ?? string.Empty));
            }
        }
    }
}
