using System.Globalization;

namespace SecPanel.Analytics.ClickHouse;

/// <summary>
/// SecPanel's tables on a ClickHouse cluster (docs/scale-out.md). On every shard: the message logs'
/// rows in MergeTree tables partitioned by month and by the file they came from (so that a month's
/// query reads only that month's parts, a file is replaced whole, and a load killed part-way is undone
/// by dropping its partition), a Distributed table over each, and the files loaded. On the first shard only: the month's forecasts and outages, a few rows.
/// The SQL is what ClickHouse 18.16 (Debian's) and current releases both accept.
/// </summary>
public static class ClickHouseSchema
{
    /// <summary>The version of the tables this SecPanel writes; a cluster holding another is refused.</summary>
    public const int Version = 2;

    /// <summary>The rows of Service Requests, alerts and CSRs on each shard.</summary>
    public const string ServiceRequests = "secpanel_service_requests";

    /// <inheritdoc cref="ServiceRequests"/>
    public const string Alerts = "secpanel_alerts";

    /// <inheritdoc cref="ServiceRequests"/>
    public const string Csrs = "secpanel_csrs";

    /// <summary>The files loaded, with what was read of them, on each shard.</summary>
    public const string Files = "secpanel_files";

    /// <summary>The month's forecasts, on the first shard.</summary>
    public const string Forecasts = "secpanel_forecasts";

    /// <summary>The month's outages, on the first shard.</summary>
    public const string Outages = "secpanel_outages";

    /// <summary>What a database or cluster name may be, so that it goes into SQL as it is: a letter or underscore, then letters, digits and underscores.</summary>
    public static string? NameProblem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length is > 0 and <= 64 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? null
            : $"'{name}' is not a name SecPanel uses in SQL: a letter or underscore, then letters, digits and underscores (at most 64)";
    }

    /// <summary>The months loaded, and whether each had an outage log, on the first shard.</summary>
    public const string Months = "secpanel_months";

    /// <summary>The message logs each load of a month was given, on the first shard: the month is whole when every one is loaded.</summary>
    public const string MonthFiles = "secpanel_month_files";

    /// <summary>The loads' claims on their months, on the first shard (<see cref="ClickHouseMonthClaim"/>).</summary>
    public const string Loads = "secpanel_loads";

    /// <summary>The Distributed table over <paramref name="table"/>'s shards.</summary>
    public static string All(string table) => table + "_all";

    private static readonly (string Name, string Columns, string Engine)[] Sharded =
    [
        (ServiceRequests, "month String, file String, user String, user_role String, srv String, smets UInt8, category String, received Int64, start Int64, responded Int64", "MergeTree() PARTITION BY (month, file) ORDER BY (user, received)"),
        (Alerts, "month String, file String, alert_code String, source String, recipient String, generated Int64, delivered Int64", "MergeTree() PARTITION BY (month, file) ORDER BY (recipient, generated)"),
        (Csrs, "month String, file String, subscriber String, certificate_kind String, received Int64, issued Int64", "MergeTree() PARTITION BY (month, file) ORDER BY (subscriber, received)"),
    ];

    private static readonly (string Name, string Columns, string Engine)[] Local =
    [
        (Files, "file String, kind String, month String, bytes UInt64, rows UInt64, bad_rows UInt64, first_bad_rows String, loaded UInt64", "ReplacingMergeTree(loaded) ORDER BY file"),
    ];

    private static readonly (string Name, string Columns, string Engine)[] FirstOnly =
    [
        (Forecasts, "month String, kind String, who String, srv String, forecast Int64", "MergeTree() PARTITION BY month ORDER BY (kind, who, srv)"),
        (Outages, "month String, id String, service String, started Int64, ended Int64", "MergeTree() PARTITION BY month ORDER BY (service, started)"),
        (Months, "month String, outage_log UInt8, loaded UInt64", "ReplacingMergeTree(loaded) ORDER BY month"),
        (MonthFiles, "month String, file String", "MergeTree() ORDER BY (month, file)"),
        (Loads, "month String, holder String, held UInt8, at DateTime, sequence UInt64", "MergeTree() ORDER BY (month, holder, sequence)"),
    ];

    /// <summary>
    /// Checks every shard (its release, the cluster <paramref name="clusterName"/> naming exactly
    /// these shards, the version of SecPanel's tables) and creates what is missing. Refused with a
    /// <see cref="ClickHouseException"/> saying what is wrong; nothing is created on any shard then.
    /// </summary>
    public static void Ensure(ClickHouseCluster cluster, string clusterName)
    {
        Check(cluster, clusterName, tablesNeeded: false);
        Create(cluster, clusterName);
    }

    /// <summary>
    /// The checks of <see cref="Ensure"/> alone, for reading: with <paramref name="tablesNeeded"/>, a
    /// shard without SecPanel's tables is refused too (nothing was loaded there).
    /// </summary>
    public static void Check(ClickHouseCluster cluster, string clusterName, bool tablesNeeded)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        for (var shard = 0; shard < cluster.Shards.Count; shard++)
        {
            cluster.Release(shard);
            var shards = cluster.Rows(shard, $"SELECT count() FROM system.clusters WHERE cluster = {ClickHouseCluster.Literal(clusterName)} AND replica_num = 1")[0][0];
            if (shards != cluster.Shards.Count.ToString(CultureInfo.InvariantCulture))
            {
                throw new ClickHouseException(shards == "0"
                    ? $"{cluster.Shards[shard]}: has no cluster '{clusterName}' in its remote_servers; define it with the {cluster.Shards.Count} shards given (docs/scale-out.md), or name the cluster with --cluster"
                    : $"{cluster.Shards[shard]}: its cluster '{clusterName}' has {shards} shards, but {cluster.Shards.Count} were given; give every shard's address, in the cluster's order");
            }

            var version = cluster.Rows(shard, $"SELECT count() FROM system.tables WHERE database = {ClickHouseCluster.Literal(cluster.Database)} AND name = 'secpanel_schema'")[0][0] == "0"
                ? null
                : cluster.Rows(shard, "SELECT max(version) FROM secpanel_schema")[0][0];
            // An empty version table (a first load killed between creating and filling it) is no version.
            if (version is not null and not "0" && version != Version.ToString(CultureInfo.InvariantCulture))
            {
                throw new ClickHouseException($"{cluster.Shards[shard]}: holds SecPanel's tables at schema version {version}; this SecPanel writes version {Version}. Load into another database, or drop the secpanel_ tables");
            }

            if (tablesNeeded && version is null or "0")
            {
                throw new ClickHouseException($"{cluster.Shards[shard]}: has no SecPanel tables in the database '{cluster.Database}'; load the logs first (traffic load)");
            }
        }
    }

    private static void Create(ClickHouseCluster cluster, string clusterName)
    {
        for (var shard = 0; shard < cluster.Shards.Count; shard++)
        {
            cluster.Query(shard, "CREATE TABLE IF NOT EXISTS secpanel_schema (version UInt32) ENGINE = TinyLog");
            if (cluster.Rows(shard, "SELECT count() FROM secpanel_schema")[0][0] == "0")
            {
                cluster.Query(shard, $"INSERT INTO secpanel_schema VALUES ({Version})");
            }

            foreach (var (name, columns, engine) in Sharded.Concat(Local).Concat(shard == 0 ? FirstOnly : []))
            {
                cluster.Query(shard, $"CREATE TABLE IF NOT EXISTS {name} ({columns}) ENGINE = {engine}");
            }

            // Rows are placed by SecPanel, by User (SecPanel's hash of the name, modulo the shards): the
            // Distributed tables are for reading, the aggregation done on each shard.
            foreach (var (name, _, _) in Sharded)
            {
                cluster.Query(shard, $"CREATE TABLE IF NOT EXISTS {All(name)} AS {name} ENGINE = Distributed({clusterName}, {cluster.Database}, {name}, rand())");
            }
        }
    }
}
