using System.Globalization;
using DuckDB.NET.Data;
using NodaTime;
using SecPanel.Analytics.Tests;

namespace SecPanel.Benchmarks;

/// <summary>
/// DuckDB computing SecPanel's traffic figures, two ways, each giving the figures as the lines of
/// <see cref="TrafficFigures"/>:
/// <list type="bullet">
/// <item><see cref="Fair"/>: what a competent analyst would write. Typed columns and timestamps read
/// straight from the files, one scan per kind of file with all of that kind's counts in it
/// (<c>FILTER</c> aggregates and grouping sets), the traffic profile from per-minute counts, all
/// threads, no table made of the rows.</item>
/// <item><see cref="TextMaterialised"/>: the agreement tests' SQL (DuckDbOracle) over tables of
/// every column read as text, loaded first; written to be obviously right, not fast.</item>
/// </list>
/// </summary>
internal static class DuckDbPeers
{
    /// <summary>The name each peer is printed with.</summary>
    public const string FairName = "DuckDB, typed, one scan per kind";

    public const string TextName = "DuckDB, text columns materialised";

    /// <summary>The analyst's SQL over the logs of <paramref name="folder"/> for <paramref name="month"/>.</summary>
    public static Dictionary<string, List<string>> Fair(string folder, YearMonth month)
    {
        using var db = Open();
        var figures = TrafficFigures.Names.ToDictionary(n => n, _ => new List<string>());
        using var command = db.CreateCommand();
        command.CommandText = FairSql(folder, month);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            figures[TrafficFigures.Names[reader.GetInt32(0)]].Add(reader.GetString(1));
        }

        // The profile's lines in the order the comparison takes them, as for SecPanel's.
        figures[TrafficFigures.Names[4]].Sort(StringComparer.Ordinal);
        return figures;
    }

    /// <summary>The agreement tests' SQL over tables of text columns, as the benchmark first measured DuckDB.</summary>
    public static Dictionary<string, List<string>> TextMaterialised(string folder, YearMonth month)
    {
        using var db = Open();
        DuckDbOracle.Load(db, folder, materialise: true);
        return new()
        {
            [TrafficFigures.Names[0]] = DuckDbOracle.Rows(db, DuckDbOracle.ServiceRequestsPerUser),
            [TrafficFigures.Names[1]] = DuckDbOracle.Rows(db, DuckDbOracle.ServiceRequestsPerUserAndVariant),
            [TrafficFigures.Names[2]] = DuckDbOracle.Rows(db, DuckDbOracle.CsrsPerSubscriber),
            [TrafficFigures.Names[3]] = DuckDbOracle.Rows(db, DuckDbOracle.ServiceLevels),
            [TrafficFigures.Names[4]] = DuckDbOracle.Rows(db, DuckDbOracle.Profile(month.Year, month.Month)),
        };
    }

    /// <summary>
    /// An in-memory database with as many threads as the process may use (DuckDB's own default
    /// counts the machine's cores, also when the process is pinned to fewer) and a spill folder
    /// under the temporary folder (by default a .tmp folder in the working directory).
    /// </summary>
    private static DuckDBConnection Open()
    {
        var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        var spill = Path.Combine(Path.GetTempPath(), "secpanel-bench-traffic", "duckdb-spill").Replace("'", "''", StringComparison.Ordinal);
        DuckDbOracle.Execute(db, string.Create(CultureInfo.InvariantCulture, $"SET threads = {Environment.ProcessorCount}; SET temp_directory = '{spill}'"));
        return db;
    }

    /// <summary>
    /// One statement: each kind of message log scanned once, its counts grouped (Service Requests by
    /// User and variant and by User and minute in one pass), then the small results joined with the
    /// forecasts and ranked for the profile. Each row is (figure number, line), in report order.
    /// </summary>
    internal static string FairSql(string folder, YearMonth month)
    {
        string Glob(string kind) => Path.Combine(folder, kind + "-*").Replace("'", "''", StringComparison.Ordinal);
        var start = Instant.FromUtc(month.Year, month.Month, 1, 0, 0).ToUnixTimeMilliseconds();
        var minutes = month.Calendar.GetDaysInMonth(month.Year, month.Month) * 1440;
        // The 99th percentile by nearest rank over every minute of the month, quiet ones included,
        // counted from the top: quiet minutes are all at the bottom, so a missing rank is a quiet minute.
        var fromTop = minutes - (int)Math.Ceiling(0.99m * minutes) + 1;
        // Timestamps typed TIMESTAMP without a timestampformat: DuckDB's own ISO 8601 parser reads
        // 2026-11-01T00:30:14.879Z faster than the strptime path a format selects (docs/performance.md).
        const string Read = "header = true";
        return string.Create(CultureInfo.InvariantCulture, $$"""
            WITH sr AS MATERIALIZED (
                SELECT "user" AS u, srv AS v, (epoch_ms(received) - {{start}}) // 60000 AS minute, GROUPING(v) AS by_minute,
                       count(*) AS messages,
                       count(*) FILTER (smets = 2) AS sent,
                       count(*) FILTER (smets = 2 AND category = 'on-demand') AS cpm1,
                       count(*) FILTER (smets = 2 AND category = 'on-demand' AND responded - received <= INTERVAL 30 SECOND) AS cpm1_within,
                       count(*) FILTER (smets = 2 AND category = 'future-dated') AS cpm2,
                       count(*) FILTER (smets = 2 AND category = 'future-dated' AND responded - scheduled <= INTERVAL 30 SECOND) AS cpm2_within
                FROM read_csv('{{Glob("service-requests")}}', {{Read}}, columns = {
                    'id': 'VARCHAR', 'user': 'VARCHAR', 'user_role': 'VARCHAR', 'srv': 'VARCHAR', 'smets': 'UTINYINT', 'category': 'VARCHAR',
                    'received': 'TIMESTAMP', 'scheduled': 'TIMESTAMP', 'responded': 'TIMESTAMP', 'outcome': 'VARCHAR'})
                GROUP BY GROUPING SETS ((u, v), (u, minute))),
            al AS MATERIALIZED (
                SELECT recipient AS u, (epoch_ms(generated) - {{start}}) // 60000 AS minute,
                       count(*) AS messages,
                       count(*) FILTER (delivered - generated <= INTERVAL 60 SECOND) AS within
                FROM read_csv('{{Glob("alerts")}}', {{Read}}, columns = {
                    'id': 'VARCHAR', 'alert_code': 'VARCHAR', 'source': 'VARCHAR', 'recipient': 'VARCHAR', 'generated': 'TIMESTAMP', 'delivered': 'TIMESTAMP'})
                GROUP BY ALL),
            csr AS MATERIALIZED (
                SELECT subscriber AS s, count(*) AS n, count(*) FILTER (issued - received <= INTERVAL 60 SECOND) AS within
                FROM read_csv('{{Glob("csrs")}}', {{Read}}, columns = {
                    'id': 'VARCHAR', 'subscriber': 'VARCHAR', 'certificate_kind': 'VARCHAR', 'received': 'TIMESTAMP', 'issued': 'TIMESTAMP'})
                GROUP BY ALL),
            fc AS (SELECT "user" AS u, srv AS v, forecast AS f FROM read_csv('{{Glob("sr-forecasts")}}', header = true, columns = {
                    'month': 'VARCHAR', 'user': 'VARCHAR', 'srv': 'VARCHAR', 'forecast': 'BIGINT'})),
            cfc AS (SELECT subscriber AS s, forecast AS f FROM read_csv('{{Glob("csr-forecasts")}}', header = true, columns = {
                    'month': 'VARCHAR', 'subscriber': 'VARCHAR', 'forecast': 'BIGINT'})),
            per_user AS (SELECT u, sum(sent) AS n FROM sr WHERE by_minute = 0 GROUP BY u HAVING sum(sent) > 0),
            per_variant AS (SELECT u, v, sent AS n FROM sr WHERE by_minute = 0 AND sent > 0),
            per_minute AS (SELECT u, minute, messages FROM sr WHERE by_minute = 1 UNION ALL SELECT u, minute, messages FROM al),
            counts AS (SELECT u AS who, minute, sum(messages) AS c FROM per_minute GROUP BY ALL
                       UNION ALL SELECT '(system)', minute, sum(messages) FROM per_minute GROUP BY minute),
            ranked AS (SELECT who, minute, c, row_number() OVER (PARTITION BY who ORDER BY c DESC, minute) AS down FROM counts),
            lines AS (
                SELECT 0 AS figure, coalesce(p.u, f.u) AS k1, '' AS k2,
                       concat_ws('|', coalesce(p.u, f.u), coalesce(p.n, 0), coalesce(CAST(f.f AS VARCHAR), ''),
                           CASE WHEN (CASE WHEN f.f IS NULL OR f.f = 0 THEN coalesce(p.n, 0) > 0
                                           ELSE coalesce(p.n, 0) * 100 <= 90 * f.f OR coalesce(p.n, 0) * 100 >= 110 * f.f END) THEN 'True' ELSE 'False' END) AS line
                FROM per_user p FULL OUTER JOIN (SELECT u, f FROM fc WHERE v IS NULL) f ON p.u = f.u
                UNION ALL
                SELECT 1, coalesce(p.u, f.u), coalesce(p.v, f.v),
                       concat_ws('|', coalesce(p.u, f.u) || ' / ' || coalesce(p.v, f.v), coalesce(p.n, 0), coalesce(CAST(f.f AS VARCHAR), ''),
                           CASE WHEN f.f IS NOT NULL AND (coalesce(p.n, 0) * 100 <= 90 * f.f OR coalesce(p.n, 0) * 100 >= 110 * f.f) THEN 'True' ELSE 'False' END)
                FROM per_variant p FULL OUTER JOIN (SELECT u, v, f FROM fc WHERE v IS NOT NULL) f ON p.u = f.u AND p.v = f.v
                UNION ALL
                SELECT 2, coalesce(c.s, f.s), '',
                       concat_ws('|', coalesce(c.s, f.s), coalesce(c.n, 0), coalesce(CAST(f.f AS VARCHAR), ''),
                           CASE WHEN (CASE WHEN f.f IS NULL OR f.f = 0 THEN coalesce(c.n, 0) > 0 ELSE coalesce(c.n, 0) * 100 >= 110 * f.f END) THEN 'True' ELSE 'False' END)
                FROM csr c FULL OUTER JOIN cfc f ON c.s = f.s
                UNION ALL
                SELECT 3, 'CPM1', '', concat_ws('|', 'CPM1', sum(cpm1_within), sum(cpm1)) FROM sr WHERE by_minute = 0
                UNION ALL SELECT 3, 'CPM2', '', concat_ws('|', 'CPM2', sum(cpm2_within), sum(cpm2)) FROM sr WHERE by_minute = 0
                UNION ALL SELECT 3, 'CPM3', '', concat_ws('|', 'CPM3', sum(within), sum(messages)) FROM al
                UNION ALL SELECT 3, 'CPM7', '', concat_ws('|', 'CPM7', sum(within), sum(n)) FROM csr
                UNION ALL
                SELECT 4, who, '', concat_ws('|', who, sum(c), max(minute) FILTER (down = 1), max(c) FILTER (down = 1), coalesce(max(c) FILTER (down = {{fromTop}}), 0))
                FROM ranked GROUP BY who)
            SELECT figure, line FROM lines ORDER BY figure, k1, k2
            """);
    }
}
