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
