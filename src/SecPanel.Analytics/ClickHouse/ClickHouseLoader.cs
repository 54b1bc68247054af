using System.Diagnostics;
using System.Globalization;
using System.Text;
using NodaTime;
using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Logs;
using SecPanel.Problems;

namespace SecPanel.Analytics.ClickHouse;

/// <summary>A file as a load left it: loaded now, or found loaded already and left alone.</summary>
/// <param name="Summary">Its rows and bad rows, as <c>traffic analyse</c> reads them.</param>
/// <param name="AlreadyLoaded">True when an earlier load had stored it whole.</param>
/// <param name="Seconds">How long loading it took (0 when already loaded).</param>
public sealed record LoadedFile(FileSummary Summary, bool AlreadyLoaded, double Seconds);

/// <summary>
/// Loads a month of traffic logs into SecPanel's tables on a ClickHouse cluster (docs/scale-out.md).
/// Each message log is read by the analysis' own reader, so a row is bad, and refused, exactly as
/// <c>traffic analyse</c> finds it; the good rows go to the shard of their User. A file is the unit
/// of loading: its rows are in a partition of their own, first dropped on every shard (what a load
/// killed part-way left), then written, then the file is recorded on every shard; a file recorded
/// with its size on every shard is not loaded again.
/// </summary>
public sealed class ClickHouseLoader(ClickHouseCluster cluster, RuleBook rules, bool strict, IClock clock)
{
    /// <summary>The TabSeparated text sent to a shard in one insert, at most about this many characters.</summary>
    internal int BatchChars { get; init; } = 8 << 20;

    /// <summary>For tests: after this many inserts, the load fails as a killed one would.</summary>
    internal int? FailAfterInserts { get; init; }

    /// <summary>
    /// Stops the load when cancelled (Ctrl-C): the files being loaded stop at their next row, files
    /// not begun are not begun, and <see cref="Load"/> throws <see cref="OperationCanceledException"/>
    /// after ending its claim on the month, so that the load can be run again at once to finish it.
    /// </summary>
    public CancellationToken Stopping { get; init; }

    /// <summary>Told after each file, from the loading thread.</summary>
    public IProgress<LoadedFile>? Progress { get; init; }

    private int inserts;

    /// <summary>The shards of the cluster loaded into.</summary>
    private int ShardCount => cluster.Shards.Count;

    /// <summary>
    /// Loads the logs of <paramref name="month"/> among <paramref name="files"/>: the month's
    /// forecasts and outages (refused, before anything is written, when they have a problem), then
    /// each message log. Gives each file's summary, or the problems that stopped the load (a file
    /// that cannot be read, with <c>strict</c> a bad row); files loaded before a problem stay loaded.
    /// </summary>
    public Result<IReadOnlyList<LoadedFile>> Load(IReadOnlyList<LogFile> files, YearMonth month)
    {
        ArgumentNullException.ThrowIfNull(files);
        var logs = files.Where(f => f.Month == month && f.Kind is LogKind.ServiceRequests or LogKind.Alerts or LogKind.Csrs).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var forecasts = Forecasts.Read(files, month);
        var outages = Outages.Read(files, month, rules.Maintenance);
        var problems = TrafficAnalyser.Overlapping(logs).Concat(forecasts.Problems).Concat(outages.Problems).ToList();
        if (problems.Count > 0)
        {
            return Result<IReadOnlyList<LoadedFile>>.Failure(problems);
        }

        var key = Key(month);
        using var claim = ClickHouseMonthClaim.Take(cluster, key);
        LoadSmall(month, forecasts.Value, outages.Value);
        // The files this load was given: until each is loaded, the month is not whole, and gives no figures.
        var names = new StringBuilder();
        foreach (var file in logs)
        {
            ClickHouseCluster.Escape(names, key);
            names.Append('\t');
            ClickHouseCluster.Escape(names, file.Name);
            names.Append('\n');
        }

        var given = Encoding.UTF8.GetBytes(names.ToString());
        Insert(0, ClickHouseSchema.MonthFiles, given, given.Length);
        var done = Done(key);
        var loaded = new List<LoadedFile>();
        // Files are independent (each its own partition), so several load at once; the first that
        // cannot be loaded stops the others from starting, and is what the load says.
        var refused = new List<Problem>();
        var told = new Lock();
        try
        {
            Parallel.ForEach(logs, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = Stopping }, (file, state) =>
            {
                Problem? problem = null;
                var result = done.TryGetValue(file.Name, out var recorded) && recorded.Bytes == new FileInfo(file.Path).Length
                    ? new LoadedFile(recorded.Summary, true, 0)
                    : LoadFile(file, month, out problem);
                lock (told)
                {
                    if (result is null)
                    {
                        refused.Add(problem!);
                        state.Stop();
                        return;
                    }

                    loaded.Add(result);
                    Progress?.Report(result);
                }
            });
        }
        catch (AggregateException all) when (all.Flatten().InnerExceptions.FirstOrDefault(e => e is ClickHouseException or OperationCanceledException) is { } first)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }

        return refused.Count > 0
            ? Result<IReadOnlyList<LoadedFile>>.Failure([refused.OrderBy(p => p.File, StringComparer.Ordinal).First()])
            : Result<IReadOnlyList<LoadedFile>>.Success([.. loaded.OrderBy(f => f.Summary.Name, StringComparer.Ordinal)]);
    }

    /// <summary>How many files load at once: one per core, at least two (a load waits on the servers as much as it reads).</summary>
    internal int Parallelism { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>A month as the tables hold it: YYYY-MM.</summary>
    internal static string Key(YearMonth month) => month.ToString("uuuu-MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// The files of the month loaded whole, by name, with the size they had: recorded on every shard,
    /// and with exactly their good rows in the shards' partitions (so that a file whose rows were lost,
    /// or stored twice, is loaded again). Read in one query a shard for the records and one for the parts.
    /// </summary>
    private Dictionary<string, (long Bytes, FileSummary Summary)> Done(string key)
    {
        Dictionary<string, (long Bytes, FileSummary Summary)>? done = null;
        for (var shard = 0; shard < cluster.Shards.Count; shard++)
        {
            var here = cluster.Rows(shard, $"SELECT file, bytes, rows, bad_rows, first_bad_rows FROM {ClickHouseSchema.Files} FINAL WHERE month = {ClickHouseCluster.Literal(key)}")
                .ToDictionary(r => r[0], r => (long.Parse(r[1], CultureInfo.InvariantCulture), new FileSummary(r[0], long.Parse(r[2], CultureInfo.InvariantCulture), long.Parse(r[3], CultureInfo.InvariantCulture), BadRowsFrom(r[0], r[4]))), StringComparer.Ordinal);
            done = done is null ? here : done.Where(f => here.TryGetValue(f.Key, out var other) && other.Item1 == f.Value.Bytes).ToDictionary(StringComparer.Ordinal);
        }

        var stored = StoredRows(cluster, key);
        return done!.Where(f => stored.GetValueOrDefault(PartitionOf(key, f.Key)) == f.Value.Summary.Rows - f.Value.Summary.BadRows).ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>How ClickHouse writes the partition of a file's rows: <c>('2026-11','alerts-2026-11-02.csv')</c>.</summary>
    internal static string PartitionOf(string key, string file) => $"({ClickHouseCluster.Literal(key)},{ClickHouseCluster.Literal(file)})";

    /// <summary>
    /// The rows in each partition of the month's message logs, summed over the shards, by the partition's
    /// text (<see cref="PartitionOf"/>): from the shards' lists of parts, without reading a row.
    /// </summary>
    internal static Dictionary<string, long> StoredRows(ClickHouseCluster cluster, string key)
    {
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        var prefix = ClickHouseCluster.Literal("(" + ClickHouseCluster.Literal(key) + ",");
        var tables = string.Join(", ", new[] { ClickHouseSchema.ServiceRequests, ClickHouseSchema.Alerts, ClickHouseSchema.Csrs }.Select(ClickHouseCluster.Literal));
        for (var shard = 0; shard < cluster.Shards.Count; shard++)
        {
            foreach (var row in cluster.Rows(shard, $"SELECT partition, sum(rows) FROM system.parts WHERE database = {ClickHouseCluster.Literal(cluster.Database)} AND active AND table IN ({tables}) AND position(partition, {prefix}) = 1 GROUP BY partition"))
            {
                stored[row[0]] = stored.GetValueOrDefault(row[0]) + long.Parse(row[1], CultureInfo.InvariantCulture);
            }
        }

        return stored;
    }

    private LoadedFile? LoadFile(LogFile file, YearMonth month, out Problem? problem)
    {
        var watch = Stopwatch.StartNew();
        var table = file.Kind switch
        {
            LogKind.ServiceRequests => ClickHouseSchema.ServiceRequests,
            LogKind.Alerts => ClickHouseSchema.Alerts,
            _ => ClickHouseSchema.Csrs,
        };
        var key = Key(month);
        DropEverywhere(table, key, file.Name);
        var sink = new ShardedRows(this, table, key, file.Name);
        var reader = new LogReader(rules.TargetResponseTimes, strict, sink: sink);
        var (unreadable, summary) = reader.Read(LogPart.Of(file, long.MaxValue).Single(), new TrafficPartial(month));
        if (unreadable is not null || (strict && summary!.BadRows > 0))
        {
            // Nothing of a file refused stays: its partition is dropped again, and it is not recorded.
            DropEverywhere(table, key, file.Name);
            problem = unreadable ?? new Problem(file.Name, null, null, $"--strict: a bad row: {summary!.FirstBadRows[0]}");
            return null;
        }

        sink.Flush();
        var record = new StringBuilder();
        foreach (var value in new[] { file.Name, file.Kind.Prefix(), key, new FileInfo(file.Path).Length.ToString(CultureInfo.InvariantCulture),
            summary!.Rows.ToString(CultureInfo.InvariantCulture), summary.BadRows.ToString(CultureInfo.InvariantCulture), BadRowsText(summary.FirstBadRows), clock.GetCurrentInstant().ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture) })
        {
            ClickHouseCluster.Escape(record, value);
            record.Append('\t');
        }

        record.Length--;
        record.Append('\n');
        var bytes = Encoding.UTF8.GetBytes(record.ToString());
        for (var shard = 0; shard < cluster.Shards.Count; shard++)
        {
            Insert(shard, ClickHouseSchema.Files, bytes, bytes.Length);
        }

        problem = null;
        return new LoadedFile(summary, false, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The month's forecasts, and its outages when it has an outage log, on the first shard, replacing what a load before stored.</summary>
    private void LoadSmall(YearMonth month, Forecasts forecasts, IReadOnlyList<Outage>? outages)
    {
        var key = Key(month);
        var rows = new StringBuilder();
        void Row(params string[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                ClickHouseCluster.Escape(rows, values[i]);
                rows.Append(i == values.Length - 1 ? '\n' : '\t');
            }
        }

        string N(long n) => n.ToString(CultureInfo.InvariantCulture);
        foreach (var (user, forecast) in forecasts.Users.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            Row(key, "user", user, string.Empty, N(forecast));
        }

        foreach (var ((user, srv), forecast) in forecasts.UserVariants.OrderBy(u => u.Key.User, StringComparer.Ordinal).ThenBy(u => u.Key.Variant, StringComparer.Ordinal))
        {
            Row(key, "variant", user, srv, N(forecast));
        }

        foreach (var (subscriber, forecast) in forecasts.Subscribers.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            Row(key, "subscriber", subscriber, string.Empty, N(forecast));
        }

        cluster.Query(0, $"ALTER TABLE {ClickHouseSchema.Forecasts} DROP PARTITION {ClickHouseCluster.Literal(key)}");
        var bytes = Encoding.UTF8.GetBytes(rows.ToString());
        Insert(0, ClickHouseSchema.Forecasts, bytes, bytes.Length);

        rows.Clear();
        foreach (var outage in outages ?? [])
        {
            Row(key, outage.Id, outage.Service, N(outage.Started.ToUnixTimeMilliseconds()), N(outage.Ended.ToUnixTimeMilliseconds()));
        }

        cluster.Query(0, $"ALTER TABLE {ClickHouseSchema.Outages} DROP PARTITION {ClickHouseCluster.Literal(key)}");
        bytes = Encoding.UTF8.GetBytes(rows.ToString());
        Insert(0, ClickHouseSchema.Outages, bytes, bytes.Length);

        // Whether the month had an outage log: without one, availability is not computed, as by the embedded path.
        rows.Clear();
        Row(key, outages is null ? "0" : "1", N(clock.GetCurrentInstant().ToUnixTimeTicks()));
        bytes = Encoding.UTF8.GetBytes(rows.ToString());
        Insert(0, ClickHouseSchema.Months, bytes, bytes.Length);
    }

    /// <summary>The files recorded on <paramref name="shard"/> where <paramref name="where"/> holds, by name, as their loads read them.</summary>
    internal static IReadOnlyList<FileSummary> RecordedFiles(ClickHouseCluster cluster, int shard, string where) =>
        [.. cluster.Rows(shard, $"SELECT file, rows, bad_rows, first_bad_rows FROM {ClickHouseSchema.Files} FINAL WHERE {where} ORDER BY file")
            .Select(r => new FileSummary(r[0], long.Parse(r[1], CultureInfo.InvariantCulture), long.Parse(r[2], CultureInfo.InvariantCulture), BadRowsFrom(r[0], r[3])))];

    private void DropEverywhere(string table, string key, string file)
    {
        for (var shard = 0; shard < cluster.Shards.Count; shard++)
        {
            cluster.Query(shard, $"ALTER TABLE {table} DROP PARTITION {PartitionOf(key, file)}");
        }
    }

    private void Insert(int shard, string table, byte[] rows, int length)
    {
        if (length == 0)
        {
            return;
        }

        if (FailAfterInserts is { } most && Interlocked.Increment(ref inserts) > most)
        {
            throw new ClickHouseException($"{cluster.Shards[shard]}: the load was stopped after {most} inserts (a test's fault)");
        }

        cluster.Insert(shard, table, rows, length);
    }

    /// <summary>The shard of a User: SecPanel's hash of its name (FNV-1a over its UTF-16 code units), modulo the shards.</summary>
    internal static int ShardOf(ReadOnlySpan<char> user, int shards)
    {
        var hash = 2166136261u;
        foreach (var c in user)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (int)(hash % (uint)shards);
    }

    private const char Unit = '\u001f';

    private const char Record = '\u001e';

    private static string BadRowsText(IReadOnlyList<Problem> rows) =>
        string.Join(Record, rows.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Line}{Unit}{p.Field}{Unit}{p.Message}")));

    private static IReadOnlyList<Problem> BadRowsFrom(string file, string text) =>
        text.Length == 0 ? [] : [.. text.Split(Record).Select(r => r.Split(Unit)).Select(p => new Problem(file, int.Parse(p[0], CultureInfo.InvariantCulture), p[1].Length == 0 ? null : p[1], p[2]))];

    /// <summary>The good rows of one file, as TabSeparated text per shard, sent when a shard's text is large enough.</summary>
    private sealed class ShardedRows(ClickHouseLoader loader, string table, string key, string file) : ILogRowSink
    {
        private readonly StringBuilder[] shards = [.. Enumerable.Range(0, loader.ShardCount).Select(_ => new StringBuilder())];

        /// <summary>The columns every row of the file begins with: its month and its name.</summary>
        private readonly string start = Start(key, file);

        private static string Start(string key, string file)
        {
            var text = new StringBuilder();
            ClickHouseCluster.Escape(text, key);
            text.Append('\t');
            ClickHouseCluster.Escape(text, file);
            return text.Append('\t').ToString();
        }

        public void ServiceRequest(ReadOnlySpan<char> user, ReadOnlySpan<char> role, ReadOnlySpan<char> srv, bool smets1, ReadOnlySpan<char> category, long received, long start, long responded)
        {
            var row = Begin(user);
            Text(row, user).Text(row, role).Text(row, srv);
            row.Append(smets1 ? "1\t" : "2\t");
            Text(row, category);
            End(row.Append(received).Append('\t').Append(start).Append('\t').Append(responded));
        }

        public void Alert(ReadOnlySpan<char> code, ReadOnlySpan<char> source, ReadOnlySpan<char> recipient, long generated, long delivered)
        {
            var row = Begin(recipient);
            Text(row, code).Text(row, source).Text(row, recipient);
            End(row.Append(generated).Append('\t').Append(delivered));
        }

        public void Csr(ReadOnlySpan<char> subscriber, ReadOnlySpan<char> kind, long received, long issued)
        {
            var row = Begin(subscriber);
            Text(row, subscriber).Text(row, kind);
            End(row.Append(received).Append('\t').Append(issued));
        }

        /// <summary>Sends what is left.</summary>
        public void Flush()
        {
            for (var shard = 0; shard < shards.Length; shard++)
            {
                Send(shard);
            }
        }

        private int current;

        private StringBuilder Begin(ReadOnlySpan<char> who)
        {
            current = ShardOf(who, shards.Length);
            return shards[current].Append(start);
        }

        private ShardedRows Text(StringBuilder row, ReadOnlySpan<char> value)
        {
            ClickHouseCluster.Escape(row, value);
            row.Append('\t');
            return this;
        }

        private void End(StringBuilder row)
        {
            loader.Stopping.ThrowIfCancellationRequested();
            row.Append('\n');
            if (row.Length >= loader.BatchChars)
            {
                Send(current);
            }
        }

        private void Send(int shard)
        {
            var text = shards[shard];
            if (text.Length == 0)
            {
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            text.Clear();
            loader.Insert(shard, table, bytes, bytes.Length);
        }
    }
}
