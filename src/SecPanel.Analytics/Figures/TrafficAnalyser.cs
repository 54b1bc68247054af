using NodaTime;
using SecPanel.Analytics.Logs;
using SecPanel.Performance;
using SecPanel.Problems;

namespace SecPanel.Analytics.Figures;

/// <summary>
/// Reads a month of traffic logs, each file once and files in parallel (a partial per worker,
/// merged at the end), and finishes them into a <see cref="TrafficReport"/>.
/// </summary>
/// <param name="rules">The rules in force: variance bands and performance measures.</param>
/// <param name="targets">The Target Response Times.</param>
/// <param name="strict">When true, the first bad row of a file stops it; the caller treats any bad row as fatal.</param>
public sealed class TrafficAnalyser(RuleBook rules, TargetResponseTimes targets, bool strict = false)
{
    /// <summary>A large uncompressed file is read in parts of about this many bytes, on all cores (tests make it small).</summary>
    internal long PartBytes { get; init; } = LogPart.DefaultPartBytes;

    /// <summary>Alert codes to count per minute apart, for a replay under traffic management (the exempt codes); none by default.</summary>
    public IReadOnlySet<string>? WatchedAlertCodes { get; init; }

    /// <summary>The Planned Maintenance windows whose minutes are left out of availability; none by default.</summary>
    public IReadOnlyList<Maintenance.MaintenanceWindow> Maintenance { get; init; } = [];

    /// <summary>Told after each file or part of a file is read, from whichever thread read it; null for no progress.</summary>
    public IProgress<TrafficProgress>? Progress { get; init; }

    /// <summary>The month the files of <paramref name="files"/> are for: <paramref name="month"/> if given, else the one month they hold.</summary>
    public static Result<YearMonth> MonthOf(IReadOnlyList<LogFile> files, YearMonth? month, string folder)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (month is { } m)
        {
            return files.Any(f => f.Month == m && f.Kind is LogKind.ServiceRequests or LogKind.Alerts or LogKind.Csrs)
                ? Result<YearMonth>.Success(m)
                : Result<YearMonth>.Failure([new Problem(folder, null, null, $"no message logs for {m:uuuu-MM}")]);
        }

        var months = files.Where(f => f.Kind is LogKind.ServiceRequests or LogKind.Alerts or LogKind.Csrs).Select(f => f.Month).Distinct().Order().ToList();
        return months.Count switch
        {
            1 => Result<YearMonth>.Success(months[0]),
            0 => Result<YearMonth>.Failure([new Problem(folder, null, null, "no message logs (service-requests-*, alerts-*, csrs-*)")]),
            _ => Result<YearMonth>.Failure([new Problem(folder, null, null, $"logs of several months ({string.Join(", ", months.Select(x => x.ToString("uuuu-MM", null)))}): choose one with --month")]),
        };
    }

    /// <summary>Counts the message logs of <paramref name="month"/> among <paramref name="files"/> into one partial.</summary>
    public Result<TrafficPartial> Count(IEnumerable<LogFile> files, YearMonth month)
    {
        var logs = files.Where(f => f.Month == month && f.Kind is LogKind.ServiceRequests or LogKind.Alerts or LogKind.Csrs).ToList();
        if (Overlapping(logs) is { Count: > 0 } overlapping)
        {
            return Result<TrafficPartial>.Failure(overlapping);
        }

        var parts = logs.SelectMany(f => LogPart.Of(f, PartBytes)).ToList();
        var problems = new Problem?[parts.Count];
        var summaries = new FileSummary?[parts.Count];
        var bytes = parts.Sum(p => p.Bytes);
        var (partsRead, bytesRead, told) = (0, 0L, new Lock());
        var reader = new LogReader(targets, strict, WatchedAlertCodes);
        var whole = new TrafficPartial(month);
        // One partial per worker rather than per file: a partial holds a count per User per minute,
        // so memory stays at workers × Users × minutes however many files there are.
        Parallel.For(
            0,
            parts.Count,
            () => new TrafficPartial(month),
            (i, _, partial) =>
            {
                (problems[i], summaries[i]) = reader.Read(parts[i], partial);
                if (Progress is { } progress)
                {
                    lock (told)
                    {
                        partsRead++;
                        bytesRead += parts[i].Bytes;
                        progress.Report(new TrafficProgress(partsRead, parts.Count, bytesRead, bytes));
                    }
                }

                return partial;
            },
            partial =>
            {
                lock (whole)
                {
                    whole.Merge(partial);
                }
            });

        // A part numbers its rows from line 2, after the header it was given (line 1 in every part);
        // every row is one line, so the rows of the parts before it say how far on in the file it
        // starts. A file that cannot be read says so once, at its first part that cannot be, not
        // once per part.
        var rowsBefore = new Dictionary<LogFile, long>();
        var found = new List<Problem>();
        var unread = new HashSet<LogFile>();
        for (var i = 0; i < parts.Count; i++)
        {
            var file = parts[i].File;
            var before = rowsBefore.GetValueOrDefault(file);
            if (problems[i] is { } problem)
            {
                if (unread.Add(file))
                {
                    found.Add(problem.Line > 1 ? problem with { Line = InFile(problem.Line.Value, before) } : problem);
                }

                continue;
            }

            var summary = summaries[i]!;
            rowsBefore[file] = before + summary.Rows;
            whole.AddFile(before == 0 ? summary : summary with
            {
                FirstBadRows = [.. summary.FirstBadRows.Select(p => p with { Line = InFile(p.Line!.Value, before) })],
            });
        }

        return found.Count > 0 ? Result<TrafficPartial>.Failure(found) : Result<TrafficPartial>.Success(whole);

        static int InFile(int line, long rowsBefore) => checked((int)(line + rowsBefore));
    }

    /// <summary>
    /// Files that would count the same messages twice: a month's file of a kind beside its day
    /// files, or one day (or month) both plain and compressed. Refused before anything is read.
    /// </summary>
    internal static List<Problem> Overlapping(List<LogFile> logs)
    {
        var problems = new List<Problem>();
        foreach (var kind in logs.GroupBy(f => f.Kind))
        {
            var stems = kind.GroupBy(f => f.Name.EndsWith(".gz", StringComparison.Ordinal) ? f.Name[..^3] : f.Name, StringComparer.Ordinal);
            foreach (var twice in stems.Where(s => s.Count() > 1))
            {
                problems.Add(new Problem(twice.Last().Name, null, null, $"{twice.First().Name} holds the same log: keep one of the two"));
            }

            var monthFile = $"{kind.Key.Prefix()}-{kind.First().Month:uuuu-MM}.csv";
            var days = kind.Where(f => !f.Name.StartsWith(monthFile, StringComparison.Ordinal)).ToList();
            if (kind.FirstOrDefault(f => f.Name.StartsWith(monthFile, StringComparison.Ordinal)) is { } whole && days.Count > 0)
            {
                problems.Add(new Problem(whole.Name, null, null, $"the whole month's {kind.Key.Prefix()} beside {days.Count} day files of the same month ({days[0].Name}, ...) would count their messages twice: keep the month file or the day files"));
            }
        }

        return problems;
    }

    /// <summary>Analyses the logs of <paramref name="month"/> in <paramref name="files"/>: the message logs and the forecasts.</summary>
    public Result<TrafficReport> Analyse(IReadOnlyList<LogFile> files, YearMonth month)
    {
        var forecasts = Forecasts.Read(files, month);
        var outages = Outages.Read(files, month, rules.Maintenance);
        var counted = Count(files, month);
        var problems = forecasts.Problems.Concat(outages.Problems).Concat(counted.Problems).ToList();
        return problems.Count > 0
            ? Result<TrafficReport>.Failure(problems)
            : Result<TrafficReport>.Success(Finish(counted.Value, forecasts.Value) with
            {
                Availability = outages.Value is { } logged ? AvailabilityLine.Of(month, logged, Maintenance, rules) : null,
            });
    }

    /// <summary>The report of a partial already counted.</summary>
    public TrafficReport Finish(TrafficPartial partial, Forecasts forecasts) => TrafficReport.From(partial, forecasts, rules, targets);
}

/// <summary>How far the reading of a month's logs has gone.</summary>
/// <param name="PartsRead">Files and parts of files read so far.</param>
/// <param name="Parts">Files and parts of files to read.</param>
/// <param name="BytesRead">Their bytes on disk read so far (compressed bytes for a gzip file).</param>
/// <param name="Bytes">The bytes on disk of every file to read.</param>
public sealed record TrafficProgress(int PartsRead, int Parts, long BytesRead, long Bytes);
