using System.Globalization;
using NodaTime;
using SecPanel.Analytics.Figures;
using SecPanel.Analytics.Logs;
using SecPanel.Performance;
using SecPanel.Problems;

namespace SecPanel.Analytics.ClickHouse;

/// <summary>
/// A month's counts from the cluster (docs/scale-out.md): each figure counted by SQL on every shard
/// through the Distributed tables, brought back as the same partial counts the embedded reader makes,
/// so that the report is finished by the same code and its JSON is the embedded path's, byte for byte.
/// A shard that is down or answers an error stops it: never a figure of part of the cluster.
/// </summary>
public sealed class ClickHouseAnalyser(ClickHouseCluster cluster, RuleBook rules)
{
    /// <summary>The months loaded (those with a file recorded on the first shard), in order.</summary>
    public IReadOnlyList<YearMonth> Months() =>
        [.. cluster.Rows(0, $"SELECT DISTINCT month FROM {ClickHouseSchema.Files} WHERE kind IN ('service-requests', 'alerts', 'csrs') ORDER BY month")
            .Select(r => new YearMonth(int.Parse(r[0][..4], CultureInfo.InvariantCulture), int.Parse(r[0][5..], CultureInfo.InvariantCulture)))];

    /// <summary>The month to analyse: <paramref name="month"/> if loaded, else the one month loaded; a problem when neither.</summary>
    public Result<YearMonth> MonthOf(YearMonth? month)
    {
        var loaded = Months();
        var display = cluster.Shards[0].ToString();
        if (month is { } m)
        {
            return loaded.Contains(m) ? Result<YearMonth>.Success(m) : Result<YearMonth>.Failure([new Problem(display, null, null, $"no logs of {m:uuuu-MM} are loaded (traffic load)")]);
        }

        return loaded.Count switch
        {
            1 => Result<YearMonth>.Success(loaded[0]),
            0 => Result<YearMonth>.Failure([new Problem(display, null, null, "no logs are loaded (traffic load)")]),
            _ => Result<YearMonth>.Failure([new Problem(display, null, null, $"logs of several months are loaded ({string.Join(", ", loaded.Select(x => x.ToString("uuuu-MM", CultureInfo.InvariantCulture)))}): choose one with --month")]),
        };
    }

    /// <summary>The month's counts, its forecasts, and its outages (null when no outage log was loaded).</summary>
    public (TrafficPartial Partial, Forecasts Forecasts, IReadOnlyList<Outage>? Outages) Count(YearMonth month)
    {
        var partial = new TrafficPartial(month);
        var from = partial.MonthStart;
        var key = ClickHouseCluster.Literal(ClickHouseLoader.Key(month));
        var files = Complete(ClickHouseLoader.Key(month));
        var requests = ClickHouseSchema.All(ClickHouseSchema.ServiceRequests);
        var alerts = ClickHouseSchema.All(ClickHouseSchema.Alerts);
        var csrs = ClickHouseSchema.All(ClickHouseSchema.Csrs);
        // A row is in its file's month (the reader refuses one that is not), so the month's partitions are all read.
        var inMonth = $"month = {key}";
        long N(string text) => long.Parse(text, CultureInfo.InvariantCulture);
        int Minute(string text) => int.Parse(text, CultureInfo.InvariantCulture);

        // Every Service Request, SMETS1 too, and every alert counts in its minute, for its User.
        foreach (var row in cluster.Rows(0, $"SELECT user, intDiv(received - {from}, 60000) AS minute, count() FROM {requests} WHERE {inMonth} GROUP BY user, minute"))
        {
            var count = N(row[2]);
            User(partial, row[0]).RequestsFor(partial.Minutes)[Minute(row[1])] += count;
            partial.SystemMinutes[Minute(row[1])] += count;
        }

        foreach (var row in cluster.Rows(0, $"SELECT recipient, intDiv(generated - {from}, 60000) AS minute, count() FROM {alerts} WHERE {inMonth} GROUP BY recipient, minute"))
        {
            var count = N(row[2]);
            User(partial, row[0]).AlertsFor(partial.Minutes)[Minute(row[1])] += count;
            partial.SystemMinutes[Minute(row[1])] += count;
        }

        // H3.24: SMETS2 Service Requests per User and variant; SMETS1 counted apart.
        foreach (var row in cluster.Rows(0, $"SELECT user, srv, count() FROM {requests} WHERE {inMonth} AND smets = 2 GROUP BY user, srv"))
        {
            var user = User(partial, row[0]);
            var count = N(row[2]);
            user.Sent += count;
            if (!user.Variants.TryGetValue(row[1], out var tally))
            {
                tally = new Tally();
                user.Variants.Add(row[1], tally);
            }

            tally.Value += count;
        }

        // L8.9: CSRs per Subscriber.
        foreach (var row in cluster.Rows(0, $"SELECT subscriber, count() FROM {csrs} WHERE {inMonth} GROUP BY subscriber"))
        {
            partial.Subscribers.Add(row[0], new Tally { Value = N(row[1]) });
        }

        // CPM 1, 2, 3 and 7: within the Target Response Time (a response taking exactly the target is within it), of all timed.
        // The SMETS1 Service Requests and both SMETS2 categories in one reading of the month.
        var targets = rules.TargetResponseTimes;
        long Target(ResponseCategory c) => targets.For(c).TargetMilliseconds;
        string Timed(string category, ResponseCategory target) =>
            $"countIf(smets = 2 AND category = '{category}' AND responded >= 0 AND responded - start <= {Target(target)}), countIf(smets = 2 AND category = '{category}')";
        var counts = cluster.Rows(0, $"SELECT countIf(smets = 1), {Timed("on-demand", ResponseCategory.OnDemand)}, {Timed("future-dated", ResponseCategory.FutureDated)} FROM {requests} WHERE {inMonth}")[0];
        partial.Smets1Excluded = N(counts[0]);
        partial.AddResponses(ResponseCategory.OnDemand, N(counts[1]), N(counts[2]));
        partial.AddResponses(ResponseCategory.FutureDated, N(counts[3]), N(counts[4]));

        var alert = cluster.Rows(0, $"SELECT countIf(delivered >= 0 AND delivered - generated <= {Target(ResponseCategory.Alert)}), count() FROM {alerts} WHERE {inMonth}")[0];
        partial.AddResponses(ResponseCategory.Alert, N(alert[0]), N(alert[1]));
        var csr = cluster.Rows(0, $"SELECT countIf(issued >= 0 AND issued - received <= {Target(ResponseCategory.Csr)}), count() FROM {csrs} WHERE {inMonth}")[0];
        partial.AddResponses(ResponseCategory.Csr, N(csr[0]), N(csr[1]));

        // Checked again after reading: a load that began meanwhile would have changed what was read.
        if (!Complete(ClickHouseLoader.Key(month)).Select(f => (f.Name, f.Rows)).SequenceEqual(files.Select(f => (f.Name, f.Rows))))
        {
            throw new ClickHouseException($"{cluster.Shards[0]}: the month's files changed while its figures were read (a load ran); read them again");
        }

        // The files read, with their bad rows, as the load found them.
        foreach (var file in files)
        {
            partial.AddFile(file);
        }

        return (partial, ForecastsOf(key), OutagesOf(key));
    }

    /// <summary>
    /// The files of the month as their loads recorded them, when the shards hold exactly those files'
    /// good rows; otherwise a <see cref="ClickHouseException"/> saying why the figures would be of
    /// part of the month: a load under way, a file loaded in part, or a file's rows lost or doubled.
    /// </summary>
    private IReadOnlyList<FileSummary> Complete(string key)
    {
        var first = cluster.Shards[0];
        if (ClickHouseMonthClaim.Live(cluster, key) is [var load, ..])
        {
            throw new ClickHouseException($"{first}: a load of {key} is under way ({load.Holder}); the month's figures can be read when it has ended");
        }

        var files = ClickHouseLoader.RecordedFiles(cluster, 0, $"month = {ClickHouseCluster.Literal(key)} AND kind IN ('service-requests', 'alerts', 'csrs')");
        var given = cluster.Rows(0, $"SELECT DISTINCT file FROM {ClickHouseSchema.MonthFiles} WHERE month = {ClickHouseCluster.Literal(key)} ORDER BY file").Select(r => r[0]).ToList();
        var missing = given.Except(files.Select(f => f.Name), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new ClickHouseException(string.Create(CultureInfo.InvariantCulture,
                $"{first}: {missing.Count} of the {given.Count} files given to loads of {key} {(missing.Count == 1 ? "is" : "are")} not loaded (the first: {missing[0]}); a load stopped part-way: run traffic load again to finish it"));
        }

        var stored = ClickHouseLoader.StoredRows(cluster, key);
        foreach (var file in files)
        {
            var good = file.Rows - file.BadRows;
            if (stored.Remove(ClickHouseLoader.PartitionOf(key, file.Name), out var rows) ? rows != good : good != 0)
            {
                throw new ClickHouseException(string.Create(CultureInfo.InvariantCulture,
                    $"{first}: the shards hold {rows:N0} rows of {file.Name}, but its load stored {good:N0}; load the month again (traffic load) to replace the file"));
            }
        }

        if (stored.Keys.Order(StringComparer.Ordinal).FirstOrDefault() is { } part)
        {
            throw new ClickHouseException($"{first}: the shards hold rows of the partition {part} that no load finished; a load stopped part-way: run traffic load again to finish it");
        }

        return files;
    }

    private Forecasts ForecastsOf(string key)
    {
        var users = new Dictionary<string, long>(StringComparer.Ordinal);
        var variants = new Dictionary<(string, string), long>();
        var subscribers = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in cluster.Rows(0, $"SELECT kind, who, srv, forecast FROM {ClickHouseSchema.Forecasts} WHERE month = {key}"))
        {
            var forecast = long.Parse(row[3], CultureInfo.InvariantCulture);
            _ = row[0] switch
            {
                "user" => users.TryAdd(row[1], forecast),
                "variant" => variants.TryAdd((row[1], row[2]), forecast),
                _ => subscribers.TryAdd(row[1], forecast),
            };
        }

        return Forecasts.Of(users, variants, subscribers);
    }

    private IReadOnlyList<Outage>? OutagesOf(string key)
    {
        if (cluster.Rows(0, $"SELECT count() FROM {ClickHouseSchema.Months} FINAL WHERE month = {key} AND outage_log = 1")[0][0] == "0")
        {
            return null;
        }

        return [.. cluster.Rows(0, $"SELECT id, service, started, ended FROM {ClickHouseSchema.Outages} WHERE month = {key} ORDER BY started, id")
            .Select(r => new Outage(r[0], r[1], Instant.FromUnixTimeMilliseconds(long.Parse(r[2], CultureInfo.InvariantCulture)), Instant.FromUnixTimeMilliseconds(long.Parse(r[3], CultureInfo.InvariantCulture))))];
    }

    private static UserTally User(TrafficPartial partial, string name)
    {
        if (!partial.Users.TryGetValue(name, out var user))
        {
            user = new UserTally();
            partial.Users.Add(name, user);
        }

        return user;
    }
}
