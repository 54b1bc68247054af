using System.Globalization;
using DuckDB.NET.Data;

namespace SecPanel.Analytics.Tests;

/// <summary>
/// The independent computation the analyser is checked against: plain DuckDB SQL over the same
/// log files. It knows nothing of the analyser's code: it parses timestamps itself, counts minutes
/// itself and applies the bands as written in the data files (90 and 110 for SRs, 110 for CSRs;
/// Target Response Times 30, 30, 60 and 60 seconds). Shared by the agreement tests and the
/// benchmark (linked into bench/SecPanel.Benchmarks), so both check against the same SQL.
/// </summary>
internal static class DuckDbOracle
{
    /// <summary>SRs per User with forecast and exception flag; bands compared exactly on integers.</summary>
    public const string ServiceRequestsPerUser = """
        WITH sent AS (SELECT "user" AS u, count(*) AS n FROM sr WHERE smets = '2' GROUP BY ALL),
             fc_user AS (SELECT "user" AS u, CAST(forecast AS BIGINT) AS f FROM fc WHERE srv IS NULL OR srv = '')
        SELECT coalesce(sent.u, fc_user.u), coalesce(n, 0), f,
               CASE WHEN f IS NULL OR f = 0 THEN coalesce(n, 0) > 0
                    ELSE coalesce(n, 0) * 100 <= 90 * f OR coalesce(n, 0) * 100 >= 110 * f END
        FROM sent FULL OUTER JOIN fc_user ON sent.u = fc_user.u ORDER BY 1
        """;

    /// <summary>SRs per User and Service Reference Variant, judged where a variant forecast is given.</summary>
    public const string ServiceRequestsPerUserAndVariant = """
        WITH sent AS (SELECT "user" AS u, srv AS v, count(*) AS n FROM sr WHERE smets = '2' GROUP BY ALL),
             f AS (SELECT "user" AS u, srv AS v, CAST(forecast AS BIGINT) AS f FROM fc WHERE srv <> '')
        SELECT coalesce(sent.u, f.u) || ' / ' || coalesce(sent.v, f.v), coalesce(n, 0), f.f,
               f.f IS NOT NULL AND (coalesce(n, 0) * 100 <= 90 * f.f OR coalesce(n, 0) * 100 >= 110 * f.f)
        FROM sent FULL OUTER JOIN f ON sent.u = f.u AND sent.v = f.v ORDER BY coalesce(sent.u, f.u), coalesce(sent.v, f.v)
        """;

    /// <summary>CSRs per Subscriber (L8.9: at or above 110%, or sent with no forecast; no lower bound).</summary>
    public const string CsrsPerSubscriber = """
        WITH sent AS (SELECT subscriber AS s, count(*) AS n FROM csr GROUP BY ALL),
             f AS (SELECT subscriber AS s, CAST(forecast AS BIGINT) AS f FROM cfc)
        SELECT coalesce(sent.s, f.s), coalesce(n, 0), f.f,
               CASE WHEN f.f IS NULL OR f.f = 0 THEN coalesce(n, 0) > 0 ELSE coalesce(n, 0) * 100 >= 110 * f.f END
        FROM sent FULL OUTER JOIN f ON sent.s = f.s ORDER BY 1
        """;

    /// <summary>Within target and total for CPM 1, 2, 3 and 7; exactly on the target is within it.</summary>
    public static string ServiceLevels { get; } = $"""
        SELECT 'CPM1', {Within("received", "responded", 30)}, count(*) FROM sr WHERE smets = '2' AND category = 'on-demand'
        UNION ALL SELECT 'CPM2', {Within("scheduled", "responded", 30)}, count(*) FROM sr WHERE smets = '2' AND category = 'future-dated'
        UNION ALL SELECT 'CPM3', {Within("generated", "delivered", 60)}, count(*) FROM al
        UNION ALL SELECT 'CPM7', {Within("received", "issued", 60)}, count(*) FROM csr
        """;

    /// <summary>Loads the five kinds of log file of <paramref name="folder"/> (gzip included) as views, or as tables when <paramref name="materialise"/>.</summary>
    public static void Load(DuckDBConnection db, string folder, bool materialise)
    {
        string Glob(string kind) => Path.Combine(folder, kind + "-*").Replace("'", "''", StringComparison.Ordinal);
        var what = materialise ? "TABLE" : "VIEW";
        Execute(db, $"""
            CREATE {what} sr AS SELECT * FROM read_csv('{Glob("service-requests")}', header = true, all_varchar = true);
            CREATE {what} al AS SELECT * FROM read_csv('{Glob("alerts")}', header = true, all_varchar = true);
            CREATE {what} csr AS SELECT * FROM read_csv('{Glob("csrs")}', header = true, all_varchar = true);
            CREATE {what} fc AS SELECT * FROM read_csv('{Glob("sr-forecasts")}', header = true, all_varchar = true);
            CREATE {what} cfc AS SELECT * FROM read_csv('{Glob("csr-forecasts")}', header = true, all_varchar = true);
            """);
    }

    /// <summary>Per User and system-wide: messages, peak minute, peak count and the 99th-percentile minute (nearest rank over every minute of the month, quiet ones included).</summary>
    public static string Profile(int year, int month)
    {
        var minutes = DateTime.DaysInMonth(year, month) * 1440;
        var rank = (int)Math.Ceiling(0.99m * minutes);
        var start = string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-01 00:00:00+00");
        return $"""
            WITH msgs AS (SELECT "user" AS who, received AS t FROM sr UNION ALL SELECT recipient, generated FROM al),
                 m AS (SELECT who, (epoch_ms(CAST(t AS TIMESTAMPTZ)) - epoch_ms(TIMESTAMPTZ '{start}')) // 60000 AS minute FROM msgs),
                 grid AS (SELECT w.who, r.range AS minute FROM (SELECT DISTINCT who FROM m UNION ALL SELECT '(system)') w CROSS JOIN range(0, {minutes}) r),
                 per AS (SELECT who, minute, count(*) AS c FROM m GROUP BY ALL
                         UNION ALL SELECT '(system)', minute, count(*) FROM m GROUP BY minute),
                 counts AS (SELECT g.who, g.minute, coalesce(per.c, 0) AS c FROM grid g LEFT JOIN per ON per.who = g.who AND per.minute = g.minute),
                 ranked AS (SELECT who, minute, c,
                                   row_number() OVER (PARTITION BY who ORDER BY c) AS up,
                                   row_number() OVER (PARTITION BY who ORDER BY c DESC, minute) AS down FROM counts)
            SELECT who, sum(c), max(minute) FILTER (WHERE down = 1), max(c) FILTER (WHERE down = 1), max(c) FILTER (WHERE up = {rank})
            FROM ranked GROUP BY who ORDER BY who
            """;
    }

    /// <summary>The traffic management rule files of <paramref name="folder"/> as tables thr, alc and exm, read as written.</summary>
    public static string TrafficRules(string folder)
    {
        string File(string name) => Path.Combine(folder, name).Replace("'", "''", StringComparison.Ordinal);
        return $"""
            CREATE TABLE thr AS SELECT service, CAST("from" AS DATE) AS f, CAST(nullif(until, '') AS DATE) AS t,
                CAST(capacity_per_minute AS BIGINT) AS cap, CAST(operating_threshold_per_minute AS BIGINT) AS op, allocation
                FROM read_csv('{File("traffic-thresholds.csv")}', header = true, all_varchar = true);
            CREATE TABLE alc AS SELECT "user" AS u, CAST("from" AS DATE) AS f, CAST(nullif(until, '') AS DATE) AS t, CAST(allocation_per_minute AS BIGINT) AS a
                FROM read_csv('{File("traffic-allocations.csv")}', header = true, all_varchar = true);
            CREATE TABLE exm AS SELECT alert_code AS c, CAST("from" AS DATE) AS f, CAST(nullif(until, '') AS DATE) AS t
                FROM read_csv('{File("traffic-exempt-alerts.csv")}', header = true, all_varchar = true);
            """;
    }

    /// <summary>
    /// A replay's totals: minutes above the operating threshold, above capacity, with messages cut,
    /// messages cut, and minutes above capacity after. <paramref name="service"/> is requests or alerts.
    /// The month must be one whose London dates are UTC dates (winter time).
    /// </summary>
    public static string ReplayTotals(string service, int year, int month) => $"""
        {ReplayCuts(service, year, month)}
        SELECT count(*) FILTER (WHERE total > op), count(*) FILTER (WHERE total > cap), count(*) FILTER (WHERE dd > 0), sum(dd), count(*) FILTER (WHERE total - dd > cap) FROM cut
        """;

    /// <summary>A replay per User cut: messages cut, minutes cut, first and last such minute.</summary>
    public static string ReplayUsers(string service, int year, int month) => $"""
        {ReplayCuts(service, year, month)}
        SELECT u, sum(k), count(*) FILTER (WHERE k > 0), min(minute) FILTER (WHERE k > 0), max(minute) FILTER (WHERE k > 0)
        FROM fin GROUP BY u HAVING sum(k) > 0 ORDER BY u
        """;

    /// <summary>
    /// Per minute and User: messages n and what may be cut w (over the allocation for Service
    /// Requests; not of an exempt code for alerts), under the rule in force on the minute's date;
    /// then per minute what is cut (down to the threshold, at most what may be), shared in whole
    /// messages in proportion to w, the largest remainders taking what is left (the first User on a tie).
    /// </summary>
    private static string ReplayCuts(string service, int year, int month)
    {
        var start = string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-01");
        var x = service == "requests"
            ? $"""
                per AS (SELECT u, minute, count(*) AS n FROM (SELECT "user" AS u, (epoch_ms(CAST(received AS TIMESTAMPTZ)) - epoch_ms(TIMESTAMPTZ '{start} 00:00:00+00')) // 60000 AS minute FROM sr) GROUP BY ALL),
                dated AS (SELECT *, DATE '{start}' + CAST(minute // 1440 AS INTEGER) AS d FROM per),
                ruled AS (SELECT dated.*, thr.op, thr.cap, thr.allocation FROM dated JOIN thr ON thr.service = 'service-requests' AND dated.d BETWEEN thr.f AND coalesce(thr.t, DATE '9999-12-31')),
                fcu AS (SELECT "user" AS u, CAST(forecast AS HUGEINT) AS f FROM fc WHERE coalesce(srv, '') = ''),
                ftot AS (SELECT sum(f) AS total FROM fcu),
                allotted AS (SELECT ruled.*, coalesce(alc.a,
                        CASE WHEN ruled.allocation = 'forecast-share' AND (SELECT total FROM ftot) > 0 THEN CAST(ruled.op * fcu.f // (SELECT total FROM ftot) AS BIGINT) END, 0) AS a
                    FROM ruled LEFT JOIN alc ON alc.u = ruled.u AND ruled.d BETWEEN alc.f AND coalesce(alc.t, DATE '9999-12-31') LEFT JOIN fcu ON fcu.u = ruled.u),
                x AS (SELECT minute, u, n, greatest(n - a, 0) AS w, op, cap FROM allotted)
                """
            : $"""
                raw AS (SELECT recipient AS u, alert_code AS c, (epoch_ms(CAST(generated AS TIMESTAMPTZ)) - epoch_ms(TIMESTAMPTZ '{start} 00:00:00+00')) // 60000 AS minute FROM al),
                dated AS (SELECT *, DATE '{start}' + CAST(minute // 1440 AS INTEGER) AS d FROM raw),
                flagged AS (SELECT dated.*, EXISTS (SELECT 1 FROM exm WHERE exm.c = dated.c AND dated.d BETWEEN exm.f AND coalesce(exm.t, DATE '9999-12-31')) AS exempt FROM dated),
                per AS (SELECT minute, d, u, count(*) AS n, count(*) FILTER (WHERE exempt) AS e FROM flagged GROUP BY ALL),
                x AS (SELECT minute, u, n, n - e AS w, thr.op, thr.cap FROM per JOIN thr ON thr.service = 'alerts' AND per.d BETWEEN thr.f AND coalesce(thr.t, DATE '9999-12-31'))
                """;
        return $"""
            WITH {x},
            tot AS (SELECT minute, sum(n) AS total, sum(w) AS s, any_value(op) AS op, any_value(cap) AS cap FROM x GROUP BY minute),
            cut AS (SELECT *, CASE WHEN total > op THEN least(total - op, s) ELSE 0 END AS dd FROM tot),
            sh AS (SELECT x.minute, x.u, CAST(x.w AS HUGEINT) * cut.dd // cut.s AS base, CAST(x.w AS HUGEINT) * cut.dd % cut.s AS rem, cut.dd FROM x JOIN cut USING (minute) WHERE cut.dd > 0),
            rk AS (SELECT *, row_number() OVER (PARTITION BY minute ORDER BY rem DESC, u) AS r, dd - sum(base) OVER (PARTITION BY minute) AS extra FROM sh),
            fin AS (SELECT minute, u, base + CASE WHEN r <= extra THEN 1 ELSE 0 END AS k FROM rk)
            """;
    }

    public static void Execute(DuckDBConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Each result row as its values joined by '|' (booleans as True/False, NULL as empty).</summary>
    public static List<string> Rows(DuckDBConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? "" : reader.GetValue(i) is bool b ? b.ToString() : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
            }

            rows.Add(string.Join('|', values));
        }

        return rows;
    }

    private static string Within(string from, string to, int seconds) =>
        $"count(*) FILTER (WHERE coalesce({to}, '') <> '' AND epoch_ms(CAST({to} AS TIMESTAMPTZ)) - epoch_ms(CAST({from} AS TIMESTAMPTZ)) <= {seconds * 1000})";
}
