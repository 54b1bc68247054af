using System.Buffers;
using System.Globalization;
using System.Text;
using nietras.SeparatedValues;
using NodaTime;
using NodaTime.Text;
using SecPanel.Problems;

namespace SecPanel.Internals;

/// <summary>
/// A small CSV file read whole, with its header checked and every row kept with its line number,
/// so that every later problem can say where it is. Parsing is Sep's; this adds the checks a
/// person editing a file by hand needs: strict UTF-8, known columns, one value per column.
/// </summary>
internal sealed class CsvFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The longest line the CSV reader (Sep) holds, in the words messages and docs give it: its
    /// buffer is 16 MiB of characters, a few of them kept as room, and a longer row is refused.
    /// </summary>
    internal const string LongestLine = "about 16 MiB (16,777,216 characters)";

    /// <summary>How rows already in a store are named in messages: <c>store/variance.csv</c>, line N of what an export would write.</summary>
    public const string StorePrefix = "store/";

    private readonly Dictionary<string, int> columns;

    /// <summary>
    /// A file made of rows from elsewhere (a store, or a store merged with an import): each row
    /// keeps the file and line it is reported by. Values are in the order of <paramref name="columns"/>.
    /// </summary>
    public static CsvFile FromRows(string name, IReadOnlyList<string> columns, IEnumerable<(string File, int Line, string[] Values)> rows)
    {
        var header = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        return new CsvFile(name, header, [.. rows.Select(r => new CsvRow(r.File, r.Line, r.Values, header))]);
    }

    /// <summary>The columns of the header, in file order.</summary>
    public IReadOnlyList<string> Columns => [.. columns.OrderBy(c => c.Value).Select(c => c.Key)];

    private CsvFile(string name, Dictionary<string, int> columns, IReadOnlyList<CsvRow> rows)
    {
        Name = name;
        this.columns = columns;
        Rows = rows;
    }

    /// <summary>The name the file is reported by (a path relative to what the user named).</summary>
    public string Name { get; }

    /// <summary>The data rows, in file order.</summary>
    public IReadOnlyList<CsvRow> Rows { get; }

    /// <summary>True when the header has the column.</summary>
    public bool Has(string column) => columns.ContainsKey(column);

    /// <summary>Reads <paramref name="path"/>, reporting problems against <paramref name="name"/>.</summary>
    public static Result<CsvFile> Read(string path, string name, IReadOnlyCollection<string> required, IReadOnlyCollection<string> optional)
    {
        if (Directory.Exists(path))
        {
            return Fail(name, null, null, "a folder, not a file");
        }

        if (InputFile.Read(path, out var segment) is { } unread)
        {
            return Fail(name, null, null, unread);
        }

        var bytes = segment.AsSpan();
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
            {
                return Fail(name, null, null, "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8");
            }

            var at = Math.Clamp(e.Index, 0, bytes.Length);
            var line = 1 + bytes[..at].Count((byte)'\n');
            return Fail(name, line, null, $"not valid UTF-8 (byte {at + 1} of the file, 0x{bytes[Math.Min(at, bytes.Length - 1)]:X2}); save the file as UTF-8");
        }

        return Parse(text, name, required, optional);
    }

    /// <summary>Parses CSV text already in memory, reporting problems against <paramref name="name"/>.</summary>
    public static Result<CsvFile> Parse(string text, string name, IReadOnlyCollection<string> required, IReadOnlyCollection<string> optional)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Fail(name, null, null, $"the file is empty; it needs a header line: {string.Join(",", required)}");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return Fail(name, null, null, "the file holds NUL characters: it is not a text CSV file (is it UTF-16? save it as UTF-8)");
        }

        if (LongRows(text, name) is { Count: > 0 } tooLong)
        {
            return Result<CsvFile>.Failure(tooLong);
        }

        var problems = new List<Problem>();
        var rows = new List<CsvRow>();
        Dictionary<string, int> header = new(StringComparer.Ordinal);
        string[]? names = null;

        // The header is read as a row like the others (Sep's own header handling refuses a
        // duplicated column by throwing), and values are unescaped here, so that a problem with
        // quoting is reported with the lines the row runs over. A quoted value may hold line
        // breaks: a row is then named by the line it starts on, and the rows after it keep the
        // lines they are on in the file.
        using var reader = Sep.Reader(o => o with { Sep = new Sep(','), HasHeader = false, DisableColCountCheck = true }).FromText(text);
        var next = 1;
        try
        {
            foreach (var row in reader)
            {
                next = row.LineNumberToExcl;
                var line = row.LineNumberFrom;
                var last = line + LineBreaks(row.Span.TrimEnd("\r\n"));
                var span = last > line ? $" (the row runs from line {line} to line {last}: is a closing \" missing?)" : string.Empty;
                if (names is null)
                {
                    names = ReadHeader(row, name, required, optional, header, problems);
                    if (problems.Count > 0)
                    {
                        return Result<CsvFile>.Failure(problems);
                    }

                    continue;
                }

                if (row.ColCount == 1 && row[0].Span.IsWhiteSpace())
                {
                    continue;
                }

                if (row.ColCount != names.Length)
                {
                    problems.Add(new Problem(name, line, null, $"has {row.ColCount} values but the header has {names.Length} columns{span}"));
                    continue;
                }

                var values = new string[row.ColCount];
                var ok = true;
                for (var i = 0; i < values.Length; i++)
                {
                    if (!TryUnescape(row[i].ToString(), out values[i], out var error))
                    {
                        problems.Add(new Problem(name, line, names[i], error + span));
                        ok = false;
                    }
                    else if (values[i].AsSpan().IndexOfAny(Problems.DirectionControls.All) is var at and >= 0)
                    {
                        // A right-to-left override shows "devorppA" as "Approved": what a reader sees
                        // would not be what was written, in the paper or anywhere else.
                        problems.Add(new Problem(name, line, names[i], $"holds the invisible bidirectional control U+{(int)values[i][at]:X4} at character {at + 1}, which reorders the text people see; remove it"));
                        ok = false;
                    }
                    else if (LookAlikes.Invisible(values[i]) is { } invisible)
                    {
                        problems.Add(new Problem(name, line, names[i], invisible));
                        ok = false;
                    }
                    else
                    {
                        values[i] = LookAlikes.Normalised(values[i]);
                    }
                }

                if (ok)
                {
                    rows.Add(new CsvRow(name, line, values, header));
                }
            }
        }
        catch (NotSupportedException)
        {
            // Sep's longest row; with quotes parsed, a quote never closed makes the rest of the file one row.
            return Fail(name, next, null, $"a row longer than the longest SecPanel reads, {LongestLine}: is a closing \" missing, or a line break?");
        }

        return Result<CsvFile>.From(new CsvFile(name, header, rows), problems);
    }

    private static string[] ReadHeader(SepReader.Row row, string name, IReadOnlyCollection<string> required, IReadOnlyCollection<string> optional, Dictionary<string, int> header, List<Problem> problems)
    {
        var names = new string[row.ColCount];
        for (var i = 0; i < names.Length; i++)
        {
            if (!TryUnescape(row[i].ToString(), out var col, out var error))
            {
                problems.Add(new Problem(name, 1, null, $"column {i + 1} of the header: {error}"));
                continue;
            }

            names[i] = col;
            if (col.Length == 0)
            {
                problems.Add(new Problem(name, 1, null, $"column {i + 1} of the header has no name"));
            }
            else if (!header.TryAdd(col, i))
            {
                problems.Add(new Problem(name, 1, col, "the column is named twice in the header"));
            }
            else if (!required.Contains(col) && !optional.Contains(col))
            {
                problems.Add(new Problem(name, 1, col, $"unknown column; the columns are: {string.Join(", ", required.Concat(optional))}"));
            }
        }

        problems.AddRange(required.Where(r => !header.ContainsKey(r))
            .Select(r => new Problem(name, 1, r, "required column is missing from the header")));
        return names;
    }

    /// <summary>
    /// A raw CSV value, trimmed and unquoted (a doubled quote inside quotes is one quote). Only a
    /// quoted value may hold line breaks; each (CRLF, CR or LF) is read as LF, so a file saved on
    /// Windows gives the same value as one saved elsewhere.
    /// </summary>
    private static bool TryUnescape(string raw, out string value, out string error)
    {
        var trimmed = raw.Trim();
        error = string.Empty;
        value = trimmed;
        if (trimmed.StartsWith('"'))
        {
            if (trimmed.Length < 2 || !trimmed.EndsWith('"'))
            {
                error = "the quoted value is not closed (a \" is missing)";
                return false;
            }

            value = Formulas.Restore(trimmed[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal).Trim()
                .Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'));
            return true;
        }

        if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
        {
            error = "a value that is not in quotes runs over more than one line: put the whole value in quotes, or is a \" misplaced?";
            return false;
        }

        value = Formulas.Restore(value);
        return true;
    }

    /// <summary>
    /// The most characters a row may have (a line, or the lines a quoted value runs over, without
    /// the line break that ends it). Sep refuses a row of about 16 MiB (2^24 characters less a
    /// few) by throwing; this limit, a little below it, is SecPanel's own, so that it is round, the
    /// same whatever Sep's buffer holds, and checked before Sep reads.
    /// </summary>
    public const int MaxRowChars = 16_000_000;

    private static readonly SearchValues<char> RowBreaks = SearchValues.Create("\"\r\n");

    /// <summary>A problem for each row of <paramref name="text"/> longer than <see cref="MaxRowChars"/>, found as Sep finds rows: a line break ends a row unless it is inside quotes.</summary>
    private static List<Problem> LongRows(string text, string name)
    {
        var problems = new List<Problem>();
        if (text.Length <= MaxRowChars)
        {
            return problems;
        }

        var (line, start, startLine, quoted) = (1, 0, 1, false);
        for (var i = 0; ;)
        {
            var found = text.AsSpan(i).IndexOfAny(RowBreaks);
            var at = found < 0 ? text.Length : i + found;
            if (found >= 0 && text[at] == '"')
            {
                quoted = !quoted;
                i = at + 1;
                continue;
            }

            var next = found < 0 ? at : at + (text[at] == '\r' && at + 1 < text.Length && text[at + 1] == '\n' ? 2 : 1);
            if (found < 0 || !quoted)
            {
                // A row left open at the end of the file ends there, without the line breaks after its last text.
                var row = text.AsSpan(start, at - start);
                if (found < 0)
                {
                    row = row.TrimEnd("\r\n");
                }

                if (row.Length > MaxRowChars)
                {
                    var last = startLine + LineBreaks(row);
                    var size = row.Length.ToString("N0", CultureInfo.InvariantCulture);
                    var limit = MaxRowChars.ToString("N0", CultureInfo.InvariantCulture);
                    problems.Add(new Problem(name, startLine, null, last == startLine
                        ? $"the line is {size} characters long, more than the {limit} SecPanel reads in one row"
                        : $"the row runs from line {startLine} to line {last} and is {size} characters long, more than the {limit} SecPanel reads in one row: is a closing \" missing?"));
                }

                if (found < 0)
                {
                    return problems;
                }

                (start, startLine) = (next, line + 1);
            }

            line++;
            i = next;
        }
    }

    /// <summary>Line breaks in <paramref name="text"/>, CRLF counted once.</summary>
    internal static int LineBreaks(ReadOnlySpan<char> text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                count++;
            }
        }

        return count;
    }

    private static Result<CsvFile> Fail(string name, int? line, string? field, string message) =>
        Result<CsvFile>.Failure([new Problem(name, line, field, message)]);
}

/// <summary>One data row of a <see cref="CsvFile"/>, with typed readers that record problems.</summary>
internal sealed class CsvRow(string file, int line, string[] values, Dictionary<string, int> columns)
{
    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;
    private static readonly LocalDateTimePattern IsoDateTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");

    /// <summary>The file the row is in.</summary>
    public string File { get; } = file;

    /// <summary>The 1-based line number of the row (the header is line 1).</summary>
    public int Line { get; } = line;

    /// <summary>The trimmed value of <paramref name="column"/>, or empty when the file lacks that optional column.</summary>
    public string this[string column] => columns.TryGetValue(column, out var i) ? values[i] : string.Empty;

    /// <summary>A problem located at this row and <paramref name="column"/>.</summary>
    public Problem ProblemAt(string? column, string message) => new(File, Line, column, message);

    /// <summary>A required non-empty text value.</summary>
    public string? Text(string column, ICollection<Problem> problems)
    {
        var value = this[column];
        if (value.Length == 0)
        {
            problems.Add(ProblemAt(column, "a value is required"));
            return null;
        }

        return value;
    }

    /// <summary>A required ISO date (<c>YYYY-MM-DD</c>).</summary>
    public LocalDate? Date(string column, ICollection<Problem> problems) => Date(column, problems, required: true);

    /// <summary>An optional ISO date (<c>YYYY-MM-DD</c>); empty gives null.</summary>
    public LocalDate? OptionalDate(string column, ICollection<Problem> problems) => Date(column, problems, required: false);

    /// <summary>An optional local date and time (<c>YYYY-MM-DDTHH:mm</c>); empty gives null.</summary>
    public LocalDateTime? OptionalDateTime(string column, ICollection<Problem> problems)
    {
        var value = this[column];
        if (value.Length == 0)
        {
            return null;
        }

        var parsed = IsoDateTime.Parse(value);
        if (parsed.Success)
        {
            if (Calendar.SupportedDates.Problem(parsed.Value.Date, value) is { } outside)
            {
                problems.Add(ProblemAt(column, outside));
                return null;
            }

            return parsed.Value;
        }

        problems.Add(ProblemAt(column, System.Text.RegularExpressions.Regex.IsMatch(value, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")
            ? $"'{value}' is not a real date and time"
            : $"'{value}' is not a date and time of the form YYYY-MM-DDTHH:MM"));
        return null;
    }

    /// <summary>A required whole number that is zero or more.</summary>
    public long? Count(string column, ICollection<Problem> problems) => Count(column, problems, required: true);

    /// <summary>An optional whole number that is zero or more; empty gives null.</summary>
    public long? OptionalCount(string column, ICollection<Problem> problems) => Count(column, problems, required: false);

    /// <summary>The most decimal places a percentage may be written with.</summary>
    public const int MaxPercentPlaces = 6;

    /// <summary>An optional percentage from 0 to <paramref name="max"/> (a decimal, without a % sign, at most six decimal places); empty gives null.</summary>
    public decimal? OptionalPercent(string column, ICollection<Problem> problems, decimal max = 100m)
    {
        var value = this[column];
        if (value.Length == 0)
        {
            return null;
        }

        if (value.StartsWith('-') && decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
        {
            problems.Add(ProblemAt(column, $"{value} is negative; a percentage is zero or more"));
            return null;
        }

        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            problems.Add(ProblemAt(column, $"'{value}' is not a percentage (a number such as 99.5, without a % sign)"));
            return null;
        }

        // A decimal holds about 28 digits and rounds the rest away: 100.0000000000000000000000000001
        // would be stored as 100 and pass the bound above. No service level needs more than six places.
        var point = value.IndexOf('.', StringComparison.Ordinal);
        if (point >= 0 && value.Length - point - 1 > MaxPercentPlaces)
        {
            problems.Add(ProblemAt(column, $"{value} has more than {MaxPercentPlaces} decimal places; write a percentage to at most {MaxPercentPlaces}"));
            return null;
        }

        if (number > max)
        {
            problems.Add(ProblemAt(column, $"{value} is more than {max.ToString(CultureInfo.InvariantCulture)} percent"));
            return null;
        }

        return number;
    }

    private LocalDate? Date(string column, ICollection<Problem> problems, bool required)
    {
        var value = this[column];
        if (value.Length == 0)
        {
            if (required)
            {
                problems.Add(ProblemAt(column, "a date is required (YYYY-MM-DD)"));
            }

            return null;
        }

        var parsed = IsoDate.Parse(value);
        if (parsed.Success)
        {
            if (Calendar.SupportedDates.Problem(parsed.Value, value) is { } outside)
            {
                problems.Add(ProblemAt(column, outside));
                return null;
            }

            return parsed.Value;
        }

        problems.Add(ProblemAt(column, System.Text.RegularExpressions.Regex.IsMatch(value, @"^\d{4}-\d{2}-\d{2}$")
            ? $"'{value}' is not a real date"
            : $"'{value}' is not a date of the form YYYY-MM-DD"));
        return null;
    }

    private long? Count(string column, ICollection<Problem> problems, bool required)
    {
        var value = this[column];
        if (value.Length == 0)
        {
            if (required)
            {
                problems.Add(ProblemAt(column, "a whole number is required"));
            }

            return null;
        }

        if (value.StartsWith('-') && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            problems.Add(ProblemAt(column, $"{value} is negative; a count is zero or more"));
            return null;
        }

        if (value.All(char.IsAsciiDigit) && !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            problems.Add(ProblemAt(column, $"{value} is too large (at most {long.MaxValue:N0})"));
            return null;
        }

        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            problems.Add(ProblemAt(column, $"'{value}' is not a whole number (write digits only, without separators)"));
            return null;
        }

        return number;
    }
}
