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

    /// <summary>
    /// Opens <paramref name="path"/> to be written one row at a time, for files too large to hold:
    /// each row goes to the file's buffer as it ends, so memory stays flat however many rows.
    /// </summary>
    public static RowWriter Open(string path, IReadOnlyList<string> columns)
    {
        var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToFile(path);
        writer.Header.Add(columns);
        writer.Header.Write();
        return new RowWriter(writer);
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

/// <summary>A CSV file being written row by row (<see cref="CsvWriter.Open"/>); text is defused as <see cref="CsvWriter"/> does.</summary>
internal sealed class RowWriter(SepWriter writer) : IDisposable
{
    /// <summary>The rows written so far, the header not counted.</summary>
    public long Rows { get; private set; }

    /// <summary>Starts a row; its values are set by column index, and it is written when disposed.</summary>
    public Row NewRow()
    {
        Rows++;
        return new Row(writer.NewRow());
    }

    /// <summary>Writes a row of text values, in the order of the columns; null is written empty.</summary>
    public void Write(params ReadOnlySpan<string?> values)
    {
        using var row = NewRow();
        for (var i = 0; i < values.Length; i++)
        {
            row.Text(i, values[i]);
        }
    }

    /// <summary>Pushes what is buffered to the file.</summary>
    public void Flush() => writer.Flush();

    public void Dispose() => writer.Dispose();

    /// <summary>One row being written. Numbers are formatted straight into the row, without a string.</summary>
    internal readonly ref struct Row(SepWriter.Row row)
    {
        private readonly SepWriter.Row row = row;

        public void Text(int column, string? value) => row[column].Set(Formulas.Defuse(value ?? string.Empty));

        public void Number(int column, long value) => row[column].Format(value);

        public void Dispose() => row.Dispose();
    }
}
