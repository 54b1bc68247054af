using NodaTime;
using SecPanel.Analytics.Internals;
using SecPanel.Performance;
using SecPanel.Problems;

namespace SecPanel.Analytics.Figures;

/// <summary>
/// What some of a month's log files add up to: counts only, so that partials of separate files
/// (days) merge into exactly the partial of the whole month. Memory grows with Users × variants ×
/// minutes, never with the number of messages.
/// </summary>
public sealed class TrafficPartial
{
    internal const int BadRowsShown = 10;

    private readonly Dictionary<string, UserTally> users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tally> subscribers = new(StringComparer.Ordinal);
    private readonly long[] within = new long[ResponseCategories.All.Count];
    private readonly long[] measured = new long[ResponseCategories.All.Count];
    private readonly Dictionary<string, FileSummary> files = new(StringComparer.Ordinal);

    /// <summary>An empty partial for <paramref name="month"/>.</summary>
    public TrafficPartial(YearMonth month)
    {
        Month = month;
        MonthStart = Timestamp.StartOf(month);
        Minutes = Timestamp.MinutesIn(month);
        SystemMinutes = new long[Minutes];
        UserLookup = users.GetAlternateLookup<ReadOnlySpan<char>>();
        SubscriberLookup = subscribers.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The month counted.</summary>
    public YearMonth Month { get; }

    internal long MonthStart { get; }

    internal int Minutes { get; }

    /// <summary>Messages (Service Requests and alerts) per minute of the month, system-wide.</summary>
    internal long[] SystemMinutes { get; }

    /// <summary>The London date of each minute of the month: the day whose traffic management rules apply to it.</summary>
    internal NodaTime.LocalDate[] LondonDates()
    {
        var dates = new NodaTime.LocalDate[Minutes];
        for (var m = 0; m < dates.Length; m++)
        {
            dates[m] = Instant.FromUnixTimeMilliseconds(MonthStart + (m * Timestamp.MillisecondsPerMinute)).InZone(SecPanel.Traffic.TrafficRules.Zone).Date;
        }

        return dates;
    }

    /// <summary>SMETS1 Service Requests, left out of the service figures.</summary>
    public long Smets1Excluded { get; internal set; }

    /// <summary>The files counted, each with its bad rows, by name.</summary>
    public IReadOnlyList<FileSummary> Files => [.. files.Values.OrderBy(f => f.Name, StringComparer.Ordinal)];

    internal Dictionary<string, UserTally> Users => users;

    internal Dictionary<string, Tally> Subscribers => subscribers;

    /// <summary>The Users by a name read from a log, without making a string of it (made once: getting one checks the comparer).</summary>
    internal Dictionary<string, UserTally>.AlternateLookup<ReadOnlySpan<char>> UserLookup { get; }

    internal Dictionary<string, Tally>.AlternateLookup<ReadOnlySpan<char>> SubscriberLookup { get; }

    /// <summary>Responses timed in <paramref name="category"/>, and how many were within its Target Response Time.</summary>
    public (long Within, long Total) Service(ResponseCategory category) => (within[(int)category], measured[(int)category]);

    /// <summary>Adds <paramref name="total"/> timed responses of <paramref name="category"/>, <paramref name="inTime"/> of them within its Target Response Time (counted elsewhere, by SQL).</summary>
    internal void AddResponses(ResponseCategory category, long inTime, long total)
    {
        measured[(int)category] += total;
        within[(int)category] += inTime;
    }

    internal void CountResponse(ResponseCategory category, bool inTime)
    {
        measured[(int)category]++;
        if (inTime)
        {
            within[(int)category]++;
        }
    }

    /// <summary>Adds what was read of a file: the whole of it, or a part, added to the other parts read so far.</summary>
    internal void AddFile(FileSummary file)
    {
        files[file.Name] = files.TryGetValue(file.Name, out var other)
            ? new FileSummary(
                file.Name,
                other.Rows + file.Rows,
                other.BadRows + file.BadRows,
                [.. other.FirstBadRows.Concat(file.FirstBadRows).OrderBy(p => p.Line).Take(BadRowsShown)])
            : file;
    }

    /// <summary>Adds <paramref name="other"/> (another file's or thread's counts for the same month) into this partial.</summary>
    public void Merge(TrafficPartial other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Month != Month)
        {
            throw new ArgumentException($"Cannot merge {other.Month} into {Month}.", nameof(other));
        }

        Add(SystemMinutes, other.SystemMinutes);
        Add(within, other.within);
        Add(measured, other.measured);
        Smets1Excluded += other.Smets1Excluded;
        foreach (var file in other.files.Values)
        {
            AddFile(file);
        }
        foreach (var (name, theirs) in other.users)
        {
            if (!users.TryGetValue(name, out var mine))
            {
                mine = new UserTally();
                users.Add(name, mine);
            }

            mine.Sent += theirs.Sent;
            if (theirs.RequestsOrNull is { } requests)
            {
                Add(mine.RequestsFor(Minutes), requests);
            }

            if (theirs.AlertsOrNull is { } alerts)
            {
                Add(mine.AlertsFor(Minutes), alerts);
            }

            foreach (var (code, minutes) in theirs.WatchedCodes)
            {
                Add(mine.WatchedFor(code, Minutes), minutes);
            }

            foreach (var (variant, count) in theirs.Variants)
            {
                if (!mine.Variants.TryGetValue(variant, out var tally))
                {
                    tally = new Tally();
                    mine.Variants.Add(variant, tally);
                }

                tally.Value += count.Value;
            }
        }

        foreach (var (name, count) in other.subscribers)
        {
            if (!subscribers.TryGetValue(name, out var tally))
            {
                tally = new Tally();
                subscribers.Add(name, tally);
            }

            tally.Value += count.Value;
        }
    }

    private static void Add(long[] into, long[] from)
    {
        for (var i = 0; i < into.Length; i++)
        {
            into[i] += from[i];
        }
    }
}

/// <summary>One file read: its rows, its bad rows and the first of them, located.</summary>
/// <param name="Name">The file as reported.</param>
/// <param name="Rows">Data rows read (the header not counted).</param>
/// <param name="BadRows">Rows refused.</param>
/// <param name="FirstBadRows">The first bad rows (at most ten), each as file:line: field: message.</param>
public sealed record FileSummary(string Name, long Rows, long BadRows, IReadOnlyList<Problem> FirstBadRows);

/// <summary>A count that can be added to in place inside a dictionary.</summary>
internal sealed class Tally
{
    public long Value { get; set; }
}

/// <summary>
/// One User's counts: Service Requests (SMETS2), per variant, and per minute the Service Requests it
/// sent (both generations), the alerts it received, and the alerts of each watched code (the codes
/// traffic management exempts: few, named by the rules, so memory stays bounded).
/// </summary>
internal sealed class UserTally
{
    public UserTally()
    {
        VariantLookup = Variants.GetAlternateLookup<ReadOnlySpan<char>>();
        WatchedLookup = WatchedCodes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public long Sent { get; set; }

    public Dictionary<string, Tally> Variants { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Tally>.AlternateLookup<ReadOnlySpan<char>> VariantLookup { get; }

    public long[]? RequestsOrNull { get; private set; }

    public long[]? AlertsOrNull { get; private set; }

    /// <summary>Alerts per minute of each watched code received, by code.</summary>
    public Dictionary<string, long[]> WatchedCodes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long[]>.AlternateLookup<ReadOnlySpan<char>> WatchedLookup { get; }

    public long[] RequestsFor(int minutes) => RequestsOrNull ??= new long[minutes];

    public long[] AlertsFor(int minutes) => AlertsOrNull ??= new long[minutes];

    public long[] WatchedFor(string code, int minutes)
    {
        if (!WatchedCodes.TryGetValue(code, out var counts))
        {
            counts = new long[minutes];
            WatchedCodes.Add(code, counts);
        }

        return counts;
    }

    /// <summary>Messages per minute: Service Requests sent and alerts received; null when none.</summary>
    public long[]? Messages()
    {
        if (RequestsOrNull is null || AlertsOrNull is null)
        {
            return RequestsOrNull ?? AlertsOrNull;
        }

        var sum = (long[])RequestsOrNull.Clone();
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] += AlertsOrNull[i];
        }

        return sum;
    }
}
