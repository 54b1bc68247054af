using System.Globalization;
using System.IO.Compression;
using DuckDB.NET.Data;
using SecPanel.Analytics.Figures;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Analytics.Tests;

/// <summary>
/// Every figure of the analyser against an independent computation: DuckDB running plain SQL over
/// the same files. The SQL knows nothing of the analyser's code: it parses timestamps itself,
/// counts minutes itself and applies the bands from the data file as written.
/// </summary>
public sealed class DuckDbAgreementTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly TrafficReport report;
    private readonly DuckDBConnection db = new("DataSource=:memory:");

    public DuckDbAgreementTests()
    {
        Traffic.Generate(folder.Path, meters: 400, seed: 20_261_101);
        // One day compressed, so that the gzip path is checked too (DuckDB reads .gz by its name).
        var day = Path.Combine(folder.Path, "service-requests-2026-11-05.csv");
        using (var input = File.OpenRead(day))
        using (var output = new GZipStream(File.Create(day + ".gz"), CompressionLevel.Fastest))
        {
            input.CopyTo(output);
        }

        File.Delete(day);
        report = Traffic.Analyse(Analytics.Logs.LogFile.InFolder(folder.Path).Value, Traffic.November);
        Assert.Contains(report.Files, f => f.Name == "service-requests-2026-11-05.csv.gz" && f.Rows > 0);
        db.Open();
        Exec($"""
            CREATE VIEW sr AS SELECT * FROM read_csv('{Glob("service-requests")}', header = true, all_varchar = true);
            CREATE VIEW al AS SELECT * FROM read_csv('{Glob("alerts")}', header = true, all_varchar = true);
            CREATE VIEW csr AS SELECT * FROM read_csv('{Glob("csrs")}', header = true, all_varchar = true);
            CREATE VIEW fc AS SELECT * FROM read_csv('{Glob("sr-forecasts")}', header = true, all_varchar = true);
            CREATE VIEW cfc AS SELECT * FROM read_csv('{Glob("csr-forecasts")}', header = true, all_varchar = true);
            """);
    }

    public void Dispose()
    {
        db.Dispose();
        folder.Dispose();
    }

    [Fact]
    public void ServiceRequests_PerUser_AgreeWithSql_IncludingExceptions()
    {
        // Bands from data/variance-rules.csv (90, 110), compared exactly on integers: sent/forecast <= 90% is sent*100 <= 90*forecast.
        var sql = Rows("""
            WITH sent AS (SELECT "user" AS u, count(*) AS n FROM sr WHERE smets = '2' GROUP BY ALL),
                 fc_user AS (SELECT "user" AS u, CAST(forecast AS BIGINT) AS f FROM fc WHERE srv IS NULL OR srv = '')
            SELECT coalesce(sent.u, fc_user.u), coalesce(n, 0), f,
                   CASE WHEN f IS NULL OR f = 0 THEN coalesce(n, 0) > 0
                        ELSE coalesce(n, 0) * 100 <= 90 * f OR coalesce(n, 0) * 100 >= 110 * f END
            FROM sent FULL OUTER JOIN fc_user ON sent.u = fc_user.u ORDER BY 1
            """);
        Assert.Equal(sql, report.Users.Select(l => $"{l.Key}|{l.Figure.Sent}|{l.Figure.Forecast}|{l.Exception is not null}").ToList());
        Assert.Contains(report.Users, l => l.Exception is not null);
        Assert.Contains(report.Users, l => l.Exception is null);
        Assert.Equal(Scalar("SELECT count(*) FROM sr WHERE smets = '2'"), report.Total.Sent);
        Assert.Equal(Scalar("SELECT count(*) FROM sr WHERE smets = '1'"), report.Smets1Excluded);
    }

    [Fact]
    public void ServiceRequests_PerUserAndVariant_AgreeWithSql()
    {
        var sql = Rows("""
            WITH sent AS (SELECT "user" AS u, srv AS v, count(*) AS n FROM sr WHERE smets = '2' GROUP BY ALL),
                 f AS (SELECT "user" AS u, srv AS v, CAST(forecast AS BIGINT) AS f FROM fc WHERE srv <> '')
            SELECT coalesce(sent.u, f.u) || ' / ' || coalesce(sent.v, f.v), coalesce(n, 0), f.f,
                   f.f IS NOT NULL AND (coalesce(n, 0) * 100 <= 90 * f.f OR coalesce(n, 0) * 100 >= 110 * f.f)
            FROM sent FULL OUTER JOIN f ON sent.u = f.u AND sent.v = f.v ORDER BY coalesce(sent.u, f.u), coalesce(sent.v, f.v)
            """);
        Assert.Equal(sql, report.UserVariants.Select(l => $"{l.Key}|{l.Figure.Sent}|{l.Figure.Forecast}|{l.Exception is not null}").ToList());
        var variants = Rows("SELECT srv, count(*) FROM sr WHERE smets = '2' GROUP BY ALL ORDER BY 1");
        Assert.Equal(variants, report.Variants.Select(l => $"{l.Key}|{l.Figure.Sent}").ToList());
    }

    [Fact]
    public void Csrs_PerSubscriber_AgreeWithSql_IncludingExceptions()
    {
        // L8.9: at or above 110%, or sent with no forecast; no lower bound.
        var sql = Rows("""
            WITH sent AS (SELECT subscriber AS s, count(*) AS n FROM csr GROUP BY ALL),
                 f AS (SELECT subscriber AS s, CAST(forecast AS BIGINT) AS f FROM cfc)
            SELECT coalesce(sent.s, f.s), coalesce(n, 0), f.f,
                   CASE WHEN f.f IS NULL OR f.f = 0 THEN coalesce(n, 0) > 0 ELSE coalesce(n, 0) * 100 >= 110 * f.f END
            FROM sent FULL OUTER JOIN f ON sent.s = f.s ORDER BY 1
            """);
        Assert.Equal(sql, report.Subscribers.Select(l => $"{l.Key}|{l.Figure.Sent}|{l.Figure.Forecast}|{l.Exception is not null}").ToList());
        Assert.Contains(report.Subscribers, l => l.Figure.Forecast is null && l.Exception is not null);
    }

    [Fact]
    public void ServiceLevels_WithinAndTotal_AgreeWithSql()
    {
        // Targets as shipped in data/target-response-times.csv: 30 s, 30 s, 60 s, 60 s; exactly on the target is within it.
        string Within(string from, string to, int seconds) =>
            $"count(*) FILTER (WHERE coalesce({to}, '') <> '' AND epoch_ms(CAST({to} AS TIMESTAMPTZ)) - epoch_ms(CAST({from} AS TIMESTAMPTZ)) <= {seconds * 1000})";
        var sql = Rows($"""
            SELECT 'CPM1', {Within("received", "responded", 30)}, count(*) FROM sr WHERE smets = '2' AND category = 'on-demand'
            UNION ALL SELECT 'CPM2', {Within("scheduled", "responded", 30)}, count(*) FROM sr WHERE smets = '2' AND category = 'future-dated'
            UNION ALL SELECT 'CPM3', {Within("generated", "delivered", 60)}, count(*) FROM al
            UNION ALL SELECT 'CPM7', {Within("received", "issued", 60)}, count(*) FROM csr
            """);
        Assert.Equal(sql, report.ServiceLevels.Select(l => $"{l.Measure.Key}|{l.Within}|{l.Total}").ToList());
        Assert.Contains(report.ServiceLevels, l => l.Within < l.Total);
        // The generator puts some responses exactly on the target: the boundary is exercised.
        Assert.True(Scalar("SELECT count(*) FROM sr WHERE category = 'on-demand' AND epoch_ms(CAST(responded AS TIMESTAMPTZ)) - epoch_ms(CAST(received AS TIMESTAMPTZ)) = 30000") > 0);
    }

    [Fact]
    public void TrafficProfile_PeakAndP99_AgreeWithSql_SystemAndPerUser()
    {
        var minutes = DateTime.DaysInMonth(2026, 11) * 1440;
        // Nearest rank over every minute of the month, quiet minutes included.
        var rank = (int)Math.Ceiling(0.99m * minutes);
        var sql = Rows($"""
            WITH msgs AS (SELECT "user" AS who, received AS t FROM sr UNION ALL SELECT recipient, generated FROM al),
                 m AS (SELECT who, (epoch_ms(CAST(t AS TIMESTAMPTZ)) - epoch_ms(TIMESTAMPTZ '2026-11-01 00:00:00+00')) // 60000 AS minute FROM msgs),
                 grid AS (SELECT w.who, r.range AS minute FROM (SELECT DISTINCT who FROM m UNION ALL SELECT '(system)') w CROSS JOIN range(0, {minutes}) r),
                 per AS (SELECT who, minute, count(*) AS c FROM m GROUP BY ALL
                         UNION ALL SELECT '(system)', minute, count(*) FROM m GROUP BY minute),
                 counts AS (SELECT g.who, g.minute, coalesce(per.c, 0) AS c FROM grid g LEFT JOIN per ON per.who = g.who AND per.minute = g.minute),
                 ranked AS (SELECT who, minute, c,
                                   row_number() OVER (PARTITION BY who ORDER BY c) AS up,
                                   row_number() OVER (PARTITION BY who ORDER BY c DESC, minute) AS down FROM counts)
            SELECT who, sum(c), max(minute) FILTER (WHERE down = 1), max(c) FILTER (WHERE down = 1), max(c) FILTER (WHERE up = {rank})
            FROM ranked GROUP BY who ORDER BY who
            """);
        var ours = report.UserProfiles.Select(u => (u.User, u.Profile)).Prepend(("(system)", report.System))
            .Select(x => $"{x.Item1}|{x.Item2.Messages}|{x.Item2.PeakMinute}|{x.Item2.Peak}|{x.Item2.Percentile99}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(sql, ours);
        Assert.True(report.System.Percentile99 > 0 && report.System.Peak > report.System.Percentile99);
    }

    private string Glob(string kind) => Path.Combine(folder.Path, kind + "-*").Replace("'", "''", StringComparison.Ordinal);

    private void Exec(string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private List<string> Rows(string sql)
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
}
