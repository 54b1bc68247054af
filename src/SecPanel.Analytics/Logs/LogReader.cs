using nietras.SeparatedValues;
using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Internals;
using SecPanel.Internals;
using SecPanel.Performance;
using SecPanel.Problems;
using SecPanel.Variance;

namespace SecPanel.Analytics.Logs;

/// <summary>
/// Streams one message log file (or a part of one) once with Sep and counts it into a
/// <see cref="TrafficPartial"/>. A bad row is counted and located, never dropped silently; in strict
/// mode the first one stops the counting (the rows after it are still numbered).
/// </summary>
/// <remarks>
/// A log has one row per line: Sep reads it with quotes not parsed, so that where a row ends never
/// depends on what came before it, and a file read in parts gives exactly what it gives read whole.
/// A value may still be wrapped in quotes, which are taken off; a quote inside a value, or a comma
/// (which would make a value too many), makes the row bad.
/// </remarks>
internal sealed class LogReader(TargetResponseTimes targets, bool strict, IReadOnlySet<string>? watchedCodes = null, ILogRowSink? sink = null)
{
    /// <summary>The alert codes counted per minute apart (those traffic management exempts), by a name read from a log; null for none.</summary>
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? watched =
        watchedCodes is { Count: > 0 } ? new HashSet<string>(watchedCodes, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>() : null;

    /// <summary>
    /// U+FFFD, the replacement character: what the UTF-8 decoder gives for bytes that are not UTF-8
    /// (a Latin-1 'é'). A row holding it is bad, so that such bytes never become part of a name; a
    /// log has no use for the character itself.
    /// </summary>
    private const char NotUtf8Mark = '\uFFFD';

    private const string NotUtf8 = "not valid UTF-8: a byte that is no UTF-8 character (or U+FFFD, which stands for one); a log is written in UTF-8";

    private static readonly string LineTooLong = $"longer than the longest line SecPanel reads, {CsvFile.LongestLine}; is a line break missing?";

    /// <summary>
    /// Counts <paramref name="part"/> of a file into <paramref name="partial"/>; returns a problem when
    /// the file cannot be read at all, else what was read, its bad rows' line numbers counted from the
    /// part's first row as line 2 (the caller adds the rows of the parts before it).
    /// </summary>
    public (Problem? Problem, FileSummary? Summary) Read(LogPart part, TrafficPartial partial)
    {
        var file = part.File;
        try
        {
            using var handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            var length = RandomAccess.GetLength(handle);
            if (part.Whole)
            {
                // A gzip file is decompressed on a thread of its own, ahead of the counting; what is
                // wrong with it there is thrown here, when the counting reaches that far.
                using var input = file.Compressed ? new ReadAheadStream(new GzipLog(handle, length)) : (Stream)new LogStream(handle, [], 0, length);
                return Count(input, file, partial);
            }

            var start = LogPart.LineStart(handle, part.Index * part.PartBytes, length);
            var end = part.Index == part.Count - 1 ? length : LogPart.LineStart(handle, (part.Index + 1) * part.PartBytes, length);
            // Parts after the first are given the header line, so that they name the same columns.
            var header = new byte[part.Index == 0 ? 0 : LogPart.LineStart(handle, 1, length)];
            RandomAccess.Read(handle, header, 0);
            using var lines = new LogStream(handle, header, start, end);
            return Count(lines, file, partial);
        }
        catch (InvalidDataException e)
        {
            // A gzip file that is not whole (GzipLog says what is wrong): an error of the file, never a bad row.
            return (new Problem(file.Name, null, null, e.Message), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (new Problem(file.Name, null, null, $"cannot be read: {e.Message}"), null);
        }
    }

    private (Problem?, FileSummary?) Count(Stream input, LogFile file, TrafficPartial partial)
    {
        SepReader reader;
        try
        {
            reader = Sep.Reader(o => o with { Sep = new Sep(','), DisableQuotesParsing = true, DisableColCountCheck = true }).From(input);
        }
        catch (ArgumentException e)
        {
            // Sep refuses a header that names a column twice as it reads the header line.
            return (new Problem(file.Name, 1, null, $"the header names a column twice ({e.Message}); the columns are {string.Join(",", file.Kind.Columns())}"), null);
        }
        catch (NotSupportedException)
        {
            // Sep's longest row, met in the header line.
            return (new Problem(file.Name, 1, null, LineTooLong), null);
        }

        using var disposing = reader;
        var columns = file.Kind.Columns();
        var names = reader.Header.ColNames.Select(n => Unquoted(n).ToString()).ToList();
        var missing = columns.Where(c => !names.Contains(c)).ToList();
        if (reader.Header.IsEmpty || missing.Count > 0)
        {
            var what = reader.Header.IsEmpty ? "the file is empty, not even a header line" : $"the header lacks {string.Join(", ", missing)}";
            return (new Problem(file.Name, 1, null, $"{what}; the columns are {string.Join(",", columns)}"), null);
        }

        var index = columns.Select(c => names.IndexOf(c)).ToArray();
        var width = names.Count;
        var bad = new BadRows();
        long rows = 0;
        var stopped = false;
        var times = new TimestampReader();
        try
        {
            foreach (var row in reader)
            {
                rows++;
                if (stopped)
                {
                    continue;
                }

                string? field = null;
                string? error = null;
                if (row.ColCount != width)
                {
                    error = $"has {row.ColCount} values but the header has {width} columns"
                        + (row.Span.Contains('"') ? " (a value cannot hold a comma or a line break, even in quotes)" : string.Empty);
                }
                else
                {
                    // One look at the row finds what only a few rows need: a quote, to take off values,
                    // or U+FFFD, which the decoder reads bytes that are not UTF-8 as.
                    string?[]? unquoted = null;
                    var special = row.Span.IndexOfAny('"', NotUtf8Mark);
                    if (special >= 0)
                    {
                        if (row.Span[special..].Contains(NotUtf8Mark))
                        {
                            (field, error) = (names[FirstWith(row, NotUtf8Mark)], NotUtf8);
                        }
                        else
                        {
                            (unquoted, field, error) = Unquote(row, index, columns);
                        }
                    }

                    if (error is null)
                    {
                        var values = new Values(row, index, unquoted);
                        (field, error) = file.Kind switch
                        {
                            LogKind.ServiceRequests => ServiceRequest(values, partial, ref times),
                            LogKind.Alerts => Alert(values, partial, ref times),
                            _ => Csr(values, partial, ref times),
                        };
                    }
                }

                if (error is not null)
                {
                    bad.Add(row.LineNumberFrom, field, error);
                    stopped = strict;
                }
            }
        }
        catch (NotSupportedException)
        {
            // Sep's longest row: the line after the rows read, a row being a line.
            return (new Problem(file.Name, checked((int)(rows + 2)), null, LineTooLong), null);
        }

        return (null, new FileSummary(file.Name, rows, bad.Count, bad.Located(file.Name)));
    }

    /// <summary>The first value of <paramref name="row"/> that holds <paramref name="c"/> (one does).</summary>
    private static int FirstWith(SepReader.Row row, char c)
    {
        var i = 0;
        while (i < row.ColCount - 1 && !row[i].Span.Contains(c))
        {
            i++;
        }

        return i;
    }

    /// <summary>A value without the quotes wrapped round it, if any.</summary>
    private static ReadOnlySpan<char> Unquoted(ReadOnlySpan<char> value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    /// <summary>The row's values with their wrapping quotes taken off, or the first value with a quote inside it.</summary>
    private static (string?[]? Values, string? Field, string? Error) Unquote(SepReader.Row row, int[] index, IReadOnlyList<string> columns)
    {
        var values = new string?[index.Length];
        for (var i = 0; i < index.Length; i++)
        {
            var value = Unquoted(row[index[i]].Span);
            if (value.Contains('"'))
            {
                return (null, columns[i], "a quote inside a value; a log value may be wrapped in quotes but hold none");
            }

            values[i] = value.ToString();
        }

        return (values, null, null);
    }

    /// <summary>The values of a row by the kind's column order: straight from Sep, or unquoted when the row had quotes.</summary>
    private readonly ref struct Values
    {
        private readonly SepReader.Row row;
        private readonly int[] index;
        private readonly string?[]? unquoted;

        public Values(SepReader.Row row, int[] index, string?[]? unquoted)
        {
            this.row = row;
            this.index = index;
            this.unquoted = unquoted;
        }

        public ReadOnlySpan<char> this[int column] => unquoted is null ? row[index[column]].Span : unquoted[column];
    }

    private (string?, string?) ServiceRequest(Values v, TrafficPartial partial, ref TimestampReader times)
    {
        // Columns in LogKinds.ServiceRequestColumns order: id, user, user_role, srv, smets, category, received, scheduled, responded, outcome.
        // The User and the variant are taken once: each value taken from a row costs a little.
        var userName = v[1];
        var srv = v[3];
        var missing = v[0].IsWhiteSpace() ? 0 : userName.IsWhiteSpace() ? 1 : v[2].IsWhiteSpace() ? 2
            : srv.IsWhiteSpace() ? 3 : v[9].IsWhiteSpace() ? 9 : -1;
        if (missing >= 0)
        {
            return (LogKinds.ServiceRequestColumns[missing], "a value is required");
        }

        var smets = v[4];
        if (smets is not "1" and not "2")
        {
            return ("smets", $"'{smets}' is not a SMETS generation (1 or 2)");
        }

        var category = v[5];
        ResponseCategory? timed = category switch
        {
            "on-demand" => ResponseCategory.OnDemand,
            "future-dated" => ResponseCategory.FutureDated,
            "scheduled" => null,
            _ => (ResponseCategory)(-1),
        };
        if (timed == (ResponseCategory)(-1))
        {
            return ("category", $"'{category}' is not a category (on-demand, future-dated, scheduled)");
        }

        if (Instant(v[6], "received", partial, ref times, out var received) is { } e1)
        {
            return ("received", e1);
        }

        long start = received;
        if (timed == ResponseCategory.FutureDated)
        {
            if (!times.TryParse(v[7], out start))
            {
                return ("scheduled", $"'{v[7]}' is not a timestamp of the form YYYY-MM-DDTHH:MM:SS.fffZ (a future-dated request needs one)");
            }

            if (start < received)
            {
                return ("scheduled", "the scheduled execution time is before the request was received");
            }
        }

        var responded = -1L;
        var responseText = v[8];
        if (!responseText.IsEmpty)
        {
            if (!times.TryParse(responseText, out responded))
            {
                return ("responded", $"'{responseText}' is not a timestamp of the form YYYY-MM-DDTHH:MM:SS.fffZ");
            }

            if (responded < received)
            {
                return ("responded", "the response is before the request was received");
            }
        }

        if (User(partial, userName, out var refused) is not { } user)
        {
            return ("user", refused);
        }

        var minute = Minute(partial, received);
        user.RequestsFor(partial.Minutes)[minute]++;
        sink?.ServiceRequest(userName, v[2], srv, smets[0] == '1', category, received, start, responded);
        if (smets[0] == '1')
        {
            partial.Smets1Excluded++;
            return (null, null);
        }

        user.Sent++;
        var variants = user.VariantLookup;
        if (!variants.TryGetValue(srv, out var tally))
        {
            tally = new Tally();
            variants.TryAdd(srv, tally);
        }

        tally.Value++;
        if (timed is { } measured)
        {
            partial.CountResponse(measured, responded >= 0 && responded - start <= targets.For(measured).TargetMilliseconds);
        }

        return (null, null);
    }

    private (string?, string?) Alert(Values v, TrafficPartial partial, ref TimestampReader times)
    {
        // id, alert_code, source, recipient, generated, delivered.
        foreach (var required in (ReadOnlySpan<int>)[0, 1, 3])
        {
            if (v[required].IsWhiteSpace())
            {
                return (LogKinds.AlertColumns[required], "a value is required");
            }
        }

        var source = v[2];
        if (source is not "device" and not "dcc")
        {
            return ("source", $"'{source}' is neither 'device' nor 'dcc'");
        }

        if (Instant(v[4], "generated", partial, ref times, out var generated) is { } e1)
        {
            return ("generated", e1);
        }

        if (Delivered(v[5], generated, "the alert", ref times, out var delivered) is { } e2)
        {
            return ("delivered", e2);
        }

        if (User(partial, v[3], out var refused) is not { } recipient)
        {
            return ("recipient", refused);
        }

        var minute = Minute(partial, generated);
        recipient.AlertsFor(partial.Minutes)[minute]++;
        sink?.Alert(v[1], source, v[3], generated, delivered);
        if (watched is { } codes && codes.TryGetValue(v[1], out var code))
        {
            recipient.WatchedFor(code, partial.Minutes)[minute]++;
        }

        partial.CountResponse(ResponseCategory.Alert, delivered >= 0 && delivered - generated <= targets.For(ResponseCategory.Alert).TargetMilliseconds);
        return (null, null);
    }

    private (string?, string?) Csr(Values v, TrafficPartial partial, ref TimestampReader times)
    {
        // id, subscriber, certificate_kind, received, issued.
        foreach (var required in (ReadOnlySpan<int>)[0, 1, 2])
        {
            if (v[required].IsWhiteSpace())
            {
                return (LogKinds.CsrColumns[required], "a value is required");
            }
        }

        if (Instant(v[3], "received", partial, ref times, out var received) is { } e1)
        {
            return ("received", e1);
        }

        if (Delivered(v[4], received, "the certificate", ref times, out var issued) is { } e2)
        {
            return ("issued", e2);
        }

        if (!partial.SubscriberLookup.TryGetValue(v[1], out var tally))
        {
            // A Subscriber's name is first seen here: checked once, by the rule its report's lines are stored by.
            var name = v[1].ToString();
            if (UserName.Problem(name) is { } refused)
            {
                return ("subscriber", refused);
            }

            tally = new Tally();
            partial.Subscribers.Add(name, tally);
        }

        tally.Value++;
        sink?.Csr(v[1], v[2], received, issued);
        partial.CountResponse(ResponseCategory.Csr, issued >= 0 && issued - received <= targets.For(ResponseCategory.Csr).TargetMilliseconds);
        return (null, null);
    }

    /// <summary>
    /// The counts of the User <paramref name="name"/>, begun when the name is first seen if it is a
    /// name the report's lines can hold (<see cref="UserName"/>, the rule the store keeps them by);
    /// null, with why, when it is not. A name that will do is checked once per worker, not once per row.
    /// </summary>
    private static UserTally? User(TrafficPartial partial, ReadOnlySpan<char> name, out string? refused)
    {
        refused = null;
        if (partial.UserLookup.TryGetValue(name, out var user))
        {
            return user;
        }

        var text = name.ToString();
        refused = UserName.Problem(text);
        if (refused is not null)
        {
            return null;
        }

        user = new UserTally();
        partial.Users.Add(text, user);
        return user;
    }

    /// <summary>Counts a message at <paramref name="at"/> in the system's traffic profile, and gives its minute of the month.</summary>
    private static int Minute(TrafficPartial partial, long at)
    {
        var minute = (int)((at - partial.MonthStart) / Timestamp.MillisecondsPerMinute);
        partial.SystemMinutes[minute]++;
        return minute;
    }

    private static string? Instant(ReadOnlySpan<char> text, string what, TrafficPartial partial, ref TimestampReader times, out long at)
    {
        if (!times.TryParse(text, out at))
        {
            return $"'{text}' is not a timestamp of the form YYYY-MM-DDTHH:MM:SS.fffZ";
        }

        return at < partial.MonthStart || at >= partial.MonthStart + (partial.Minutes * Timestamp.MillisecondsPerMinute)
            ? $"{text} is outside {partial.Month:uuuu-MM}: a row belongs to the month it was {what}"
            : null;
    }

    private static string? Delivered(ReadOnlySpan<char> text, long from, string what, ref TimestampReader times, out long at)
    {
        at = -1;
        if (text.IsEmpty)
        {
            return null;
        }

        if (!times.TryParse(text, out at))
        {
            return $"'{text}' is not a timestamp of the form YYYY-MM-DDTHH:MM:SS.fffZ";
        }

        return at < from ? $"{what} is delivered before it began" : null;
    }

    /// <summary>The bad rows of one file or part: all counted, the first few kept.</summary>
    private sealed class BadRows
    {
        private readonly List<(int Line, string? Field, string Message)> first = [];

        public long Count { get; private set; }

        public void Add(int line, string? field, string message)
        {
            Count++;
            if (first.Count < TrafficPartial.BadRowsShown)
            {
                first.Add((line, field, message));
            }
        }

        /// <summary>The first bad rows as problems of <paramref name="file"/>.</summary>
        public IReadOnlyList<Problem> Located(string file) => [.. first.Select(b => new Problem(file, b.Line, b.Field, b.Message))];
    }
}

/// <summary>
/// Told of each good row as <see cref="LogReader"/> reads it, after its checks (a bad row is never
/// told): what a loader needs to store the rows that the analysis counts, and no others.
/// Times are milliseconds since 1970, UTC; a time that is absent is -1.
/// </summary>
internal interface ILogRowSink
{
    /// <summary>A Service Request: <paramref name="start"/> is when its response time starts (the schedule of a future-dated one).</summary>
    void ServiceRequest(ReadOnlySpan<char> user, ReadOnlySpan<char> role, ReadOnlySpan<char> srv, bool smets1, ReadOnlySpan<char> category, long received, long start, long responded);

    /// <summary>An alert delivered to <paramref name="recipient"/>.</summary>
    void Alert(ReadOnlySpan<char> code, ReadOnlySpan<char> source, ReadOnlySpan<char> recipient, long generated, long delivered);

    /// <summary>A Certificate Signing Request of <paramref name="subscriber"/>.</summary>
    void Csr(ReadOnlySpan<char> subscriber, ReadOnlySpan<char> kind, long received, long issued);
}
