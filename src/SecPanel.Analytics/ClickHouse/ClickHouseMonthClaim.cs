using System.Globalization;

namespace SecPanel.Analytics.ClickHouse;

/// <summary>
/// A load's claim on its month, held in <see cref="ClickHouseSchema.Loads"/> on the first shard
/// (docs/scale-out.md). Two loads of one month at once could each drop a file's partition and then
/// both write it, storing its rows twice; so a load claims the month first, and is refused while
/// another live load holds it. A claim is renewed every <see cref="Beat"/> and lapses when it has not
/// been renewed for <see cref="LapseSeconds"/> seconds, by the first shard's clock: a load that was
/// killed frees its month that long after it was last heard of.
/// </summary>
/// <remarks>
/// Taking is "write, then read": a load whose claim is the only live one when it reads goes ahead.
/// Of two loads that write at the same time, each sees the other and both are refused; neither goes
/// ahead with the other.
/// </remarks>
public sealed class ClickHouseMonthClaim : IDisposable
{
    /// <summary>How often a held claim is renewed.</summary>
    public static readonly TimeSpan Beat = TimeSpan.FromSeconds(30);

    /// <summary>How long after it was last renewed a claim lapses.</summary>
    public const int LapseSeconds = 120;

    private readonly ClickHouseCluster cluster;
    private readonly string month;
    private readonly Timer timer;
    private readonly Lock writing = new();
    private long sequence;
    private bool released;

    private ClickHouseMonthClaim(ClickHouseCluster cluster, string month, string holder)
    {
        this.cluster = cluster;
        this.month = month;
        Holder = holder;
        timer = new Timer(_ => Renew(), null, Beat, Beat);
    }

    /// <summary>Who holds the claim: the machine, the process and a token of the load.</summary>
    public string Holder { get; }

    /// <summary>
    /// Claims <paramref name="month"/> (YYYY-MM) for a load, or throws a <see cref="ClickHouseException"/>
    /// naming the live load that holds it (and leaves no claim of its own).
    /// </summary>
    public static ClickHouseMonthClaim Take(ClickHouseCluster cluster, string month, string? holder = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(month);
        holder ??= string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName} process {Environment.ProcessId} load {Guid.NewGuid().ToString("N")[..8]}");
        Write(cluster, month, holder, held: true, sequence: 1);
        var others = Live(cluster, month).Where(h => h.Holder != holder).ToList();
        if (others.Count > 0)
        {
            Write(cluster, month, holder, held: false, sequence: 2);
            var other = others[0];
            throw new ClickHouseException(
                $"{cluster.Shards[0]}: another load of {month} is under way ({other.Holder}, last heard of at {other.At}, the shard's clock); two loads of a month at once could store a file twice. " +
                $"Run this one again when that one has ended; a load that was killed frees the month {LapseSeconds} seconds after it was last heard of");
        }

        return new ClickHouseMonthClaim(cluster, month, holder) { sequence = 1 };
    }

    /// <summary>The live claims on <paramref name="month"/>: held, and renewed within <see cref="LapseSeconds"/> seconds.</summary>
    public static IReadOnlyList<(string Holder, string At)> Live(ClickHouseCluster cluster, string month)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return [.. cluster.Rows(0,
                $"SELECT holder, toString(max(at)) FROM {ClickHouseSchema.Loads} WHERE month = {ClickHouseCluster.Literal(month)} " +
                $"GROUP BY holder HAVING argMax(held, sequence) = 1 AND max(at) >= now() - {LapseSeconds} ORDER BY holder")
            .Select(r => (r[0], r[1]))];
    }

    /// <summary>Ends the claim; a claim that cannot be ended (the first shard down) lapses by itself.</summary>
    public void Dispose()
    {
        timer.Dispose();
        lock (writing)
        {
            if (released)
            {
                return;
            }

            released = true;
            try
            {
                Write(cluster, month, Holder, held: false, sequence: ++sequence);
            }
            catch (ClickHouseException)
            {
                // It lapses.
            }
        }
    }

    private void Renew()
    {
        lock (writing)
        {
            if (released)
            {
                return;
            }

            try
            {
                Write(cluster, month, Holder, held: true, sequence: ++sequence);
            }
            catch (ClickHouseException)
            {
                // The load itself meets the same fault and stops; the claim lapses.
            }
        }
    }

    private static void Write(ClickHouseCluster cluster, string month, string holder, bool held, long sequence) =>
        cluster.Query(0, string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO {ClickHouseSchema.Loads} SELECT {ClickHouseCluster.Literal(month)}, {ClickHouseCluster.Literal(holder)}, {(held ? 1 : 0)}, now(), {sequence}"));
}
