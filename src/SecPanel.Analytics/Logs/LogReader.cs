using System.IO.Compression;
using nietras.SeparatedValues;
using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Internals;
using SecPanel.Performance;
using SecPanel.Problems;

namespace SecPanel.Analytics.Logs;

/// <summary>
/// Streams one message log file once with Sep and counts it into a <see cref="TrafficPartial"/>.
/// A bad row is counted and located, never dropped silently; in strict mode the first one stops the file.
/// </summary>
internal sealed class LogReader(TargetResponseTimes targets, bool strict)
{
    /// <summary>Counts the whole of <paramref name="file"/> into <paramref name="partial"/>; a file that cannot be read at all gives a problem.</summary>
    public Problem? Read(LogFile file, TrafficPartial partial) => Read(new LogPart(file, 0, 1, long.MaxValue), partial);

    /// <summary>Counts <paramref name="part"/> of a file into <paramref name="partial"/>; a file that cannot be read at all gives a problem.</summary>
    public Problem? Read(LogPart part, TrafficPartial partial)
    {
        var file = part.File;
        try
        {
            using var handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            var length = RandomAccess.GetLength(handle);
            if (part.Whole)
            {
                using var bytes = new LogStream(handle, [], 0, length);
                using var input = file.Compressed ? new GZipStream(bytes, CompressionMode.Decompress) : (Stream)bytes;
                return Count(input, file, partial, null);
            }

            var start = LogPart.LineStart(handle, part.Index * part.PartBytes, length);
            var end = part.Index == part.Count - 1 ? length : LogPart.LineStart(handle, (part.Index + 1) * part.PartBytes, length);
            // Parts after the first are given the header line, so that they name the same columns;
            // their line numbers are then put right by the lines before the part.
            var header = new byte[part.Index == 0 ? 0 : LogPart.LineStart(handle, 1, length)];
            RandomAccess.Read(handle, header, 0);
            using var lines = new LogStream(handle, header, start, end);
            return Count(lines, file, partial, part.Index == 0 ? null : () => LogPart.LinesBefore(handle, start) - 1);
        }
        catch (InvalidDataException e)
        {
            return new Problem(file.Name, null, null, $"not a readable gzip file: {e.Message}");
        }
        catch (IOException e)
        {
            return new Problem(file.Name, null, null, $"cannot be read: {e.Message}");
        }
    }

    /// <summary>Counts the rows of <paramref name="input"/>; <paramref name="lineOffset"/>, when given, says how far its line numbers are from the file's.</summary>
    private Problem? Count(Stream input, LogFile file, TrafficPartial partial, Func<long>? lineOffset)
    {
        using var reader = Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true, DisableColCountCheck = true }).From(input);
        var columns = file.Kind.Columns();
        var missing = columns.Where(c => !reader.Header.ColNames.Contains(c)).ToList();
        if (reader.Header.IsEmpty || missing.Count > 0)
        {
            return new Problem(file.Name, 1, null, $"the header lacks {string.Join(", ", missing)}; the columns are {string.Join(",", columns)}");
        }

        var index = columns.Select(c => reader.Header.IndexOf(c)).ToArray();
        var width = reader.Header.ColNames.Count;
        var bad = new BadRows();
        long rows = 0;
        var times = new TimestampReader();
        foreach (var row in reader)
        {
            rows++;
            string? field;
            string? error;
            if (row.ColCount != width)
            {
                (field, error) = (null, $"has {row.ColCount} values but the header has {width} columns");
            }
            else if (row.LineNumberToExcl - row.LineNumberFrom != 1)
            {
                // A quoted value with a line break: logs hold one row per line, which is what lets a
                // large file be read in parts, each starting at a line.
                (field, error) = (null, "a value holds a line break; a log has one row per line");
            }
            else
            {
                (field, error) = file.Kind switch
                {
                    LogKind.ServiceRequests => ServiceRequest(row, index, partial, ref times),
                    LogKind.Alerts => Alert(row, index, partial, ref times),
                    _ => Csr(row, index, partial, ref times),
                };
            }

            if (error is not null)
            {
                bad.Add(row.LineNumberFrom, field, error);
                if (strict)
                {
                    break;
                }
            }
        }

        var offset = bad.Count > 0 && lineOffset is not null ? lineOffset() : 0;
        partial.AddFile(new FileSummary(file.Name, rows, bad.Count, bad.Located(file.Name, offset)));
        return null;
    }

    private (string?, string?) ServiceRequest(SepReader.Row row, int[] c, TrafficPartial partial, ref TimestampReader times)
    {
        // Columns in LogKinds.ServiceRequestColumns order: id, user, user_role, srv, smets, category, received, scheduled, responded, outcome.
        // The User and the variant are taken once: each value taken from a row costs a little.
        var userName = row[c[1]].Span;
        var srv = row[c[3]].Span;
        var missing = row[c[0]].Span.IsWhiteSpace() ? 0 : userName.IsWhiteSpace() ? 1 : row[c[2]].Span.IsWhiteSpace() ? 2
            : srv.IsWhiteSpace() ? 3 : row[c[9]].Span.IsWhiteSpace() ? 9 : -1;
        if (missing >= 0)
        {
            return (LogKinds.ServiceRequestColumns[missing], "a value is required");
        }

        var smets = row[c[4]].Span;
        if (smets is not "1" and not "2")
        {
            return ("smets", $"'{smets}' is not a SMETS generation (1 or 2)");
        }

        var category = row[c[5]].Span;
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

        if (Instant(row[c[6]].Span, "received", partial, ref times, out var received) is { } e1)
        {
            return ("received", e1);
        }

        long start = received;
        if (timed == ResponseCategory.FutureDated)
        {
            if (!times.TryParse(row[c[7]].Span, out start))
            {
                return ("scheduled", $"'{row[c[7]].Span}' is not a timestamp of the form YYYY-MM-DDTHH:MM:SS.fffZ (a future-dated request needs one)");
            }

            if (start < received)
            {
                return ("scheduled", "the scheduled execution time is before the request was received");
            }
        }

        var responded = -1L;
        var responseText = row[c[8]].Span;
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

        var user = Count(partial, userName, received);
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

    private (string?, string?) Alert(SepReader.Row row, int[] c, TrafficPartial partial, ref TimestampReader times)
    {
        // id, alert_code, source, recipient, generated, delivered.
        foreach (var required in (ReadOnlySpan<int>)[0, 1, 3])
        {
            if (row[c[required]].Span.IsWhiteSpace())
            {
                return (LogKinds.AlertColumns[required], "a value is required");
            }
        }

        var source = row[c[2]].Span;
        if (source is not "device" and not "dcc")
        {
            return ("source", $"'{source}' is neither 'device' nor 'dcc'");
        }

        if (Instant(row[c[4]].Span, "generated", partial, ref times, out var generated) is { } e1)
        {
            return ("generated", e1);
        }

        if (Delivered(row[c[5]].Span, generated, "the alert", ref times, out var delivered) is { } e2)
        {
            return ("delivered", e2);
        }

        Count(partial, row[c[3]].Span, generated);
        partial.CountResponse(ResponseCategory.Alert, delivered >= 0 && delivered - generated <= targets.For(ResponseCategory.Alert).TargetMilliseconds);
        return (null, null);
    }

    private (string?, string?) Csr(SepReader.Row row, int[] c, TrafficPartial partial, ref TimestampReader times)
    {
        // id, subscriber, certificate_kind, received, issued.
        foreach (var required in (ReadOnlySpan<int>)[0, 1, 2])
        {
            if (row[c[required]].Span.IsWhiteSpace())
            {
                return (LogKinds.CsrColumns[required], "a value is required");
            }
        }

        if (Instant(row[c[3]].Span, "received", partial, ref times, out var received) is { } e1)
        {
            return ("received", e1);
        }

        if (Delivered(row[c[4]].Span, received, "the certificate", ref times, out var issued) is { } e2)
        {
            return ("issued", e2);
        }

        var lookup = partial.SubscriberLookup;
        var name = row[c[1]].Span;
        if (!lookup.TryGetValue(name, out var tally))
        {
            tally = new Tally();
            lookup.TryAdd(name, tally);
        }

        tally.Value++;
        partial.CountResponse(ResponseCategory.Csr, issued >= 0 && issued - received <= targets.For(ResponseCategory.Csr).TargetMilliseconds);
        return (null, null);
    }

    /// <summary>Counts a message of <paramref name="name"/> at <paramref name="at"/> in the traffic profile.</summary>
    private static UserTally Count(TrafficPartial partial, ReadOnlySpan<char> name, long at)
    {
        var lookup = partial.UserLookup;
        if (!lookup.TryGetValue(name, out var user))
        {
            user = new UserTally();
            lookup.TryAdd(name, user);
        }

        var minute = (int)((at - partial.MonthStart) / Timestamp.MillisecondsPerMinute);
        partial.SystemMinutes[minute]++;
        user.MinutesFor(partial.Minutes)[minute]++;
        return user;
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

        /// <summary>The first bad rows as problems of <paramref name="file"/>, <paramref name="lineOffset"/> lines further on.</summary>
        public IReadOnlyList<Problem> Located(string file, long lineOffset) =>
            [.. first.Select(b => new Problem(file, checked((int)(b.Line + lineOffset)), b.Field, b.Message))];
    }
}
