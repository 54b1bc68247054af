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
        DuckDbOracle.Load(db, folder.Path, materialise: false);
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
        var sql = Rows(DuckDbOracle.ServiceRequestsPerUser);
        Assert.Equal(sql, report.Users.Select(l => $"{l.Key}|{l.Figure.Sent}|{l.Figure.Forecast}|{l.Exception is not null}").ToList());
        Assert.Contains(report.Users, l => l.Exception is not null);
        Assert.Contains(report.Users, l => l.Exception is null);
        Assert.Equal(Scalar("SELECT count(*) FROM sr WHERE smets = '2'"), report.Total.Sent);
        Assert.Equal(Scalar("SELECT count(*) FROM sr WHERE smets = '1'"), report.Smets1Excluded);
    }

    [Fact]
    public void ServiceRequests_PerUserAndVariant_AgreeWithSql()
    {
        var sql = Rows(DuckDbOracle.ServiceRequestsPerUserAndVariant);
        Assert.Equal(sql, report.UserVariants.Select(l => $"{l.Key}|{l.Figure.Sent}|{l.Figure.Forecast}|{l.Exception is not null}").ToList());
        var variants = Rows("SELECT srv, count(*) FROM sr WHERE smets = '2' GROUP BY ALL ORDER BY 1");
        Assert.Equal(variants, report.Variants.Select(l => $"{l.Key}|{l.Figure.Sent}").ToList());
    }

    [Fact]
    public void Csrs_PerSubscriber_AgreeWithSql_IncludingExceptions()
    {
        // L8.9: at or above 110%, or sent with no forecast; no lower bound.
        var sql = Rows(DuckDbOracle.CsrsPerSubscriber);
        Assert.Equal(sql, report.Subscribers.Select(l => $"{l.Key}|{l.Figure.Sent}|{l.Figure.Forecast}|{l.Exception is not null}").ToList());
        Assert.Contains(report.Subscribers, l => l.Figure.Forecast is null && l.Exception is not null);
    }

    [Fact]
    public void ServiceLevels_WithinAndTotal_AgreeWithSql()
    {
        // Targets as shipped in data/target-response-times.csv: 30 s, 30 s, 60 s, 60 s; exactly on the target is within it.
        var sql = Rows(DuckDbOracle.ServiceLevels);
        Assert.Equal(sql, report.ServiceLevels.Select(l => $"{l.Measure.Key}|{l.Within}|{l.Total}").ToList());
        Assert.Contains(report.ServiceLevels, l => l.Within < l.Total);
        // The generator puts some responses exactly on the target: the boundary is exercised.
        Assert.True(Scalar("SELECT count(*) FROM sr WHERE category = 'on-demand' AND epoch_ms(CAST(responded AS TIMESTAMPTZ)) - epoch_ms(CAST(received AS TIMESTAMPTZ)) = 30000") > 0);
    }

    [Fact]
    public void TrafficProfile_PeakAndP99_AgreeWithSql_SystemAndPerUser()
    {
        var sql = Rows(DuckDbOracle.Profile(2026, 11));
        var ours = report.UserProfiles.Select(u => (u.User, u.Profile)).Prepend(("(system)", report.System))
            .Select(x => $"{x.Item1}|{x.Item2.Messages}|{x.Item2.PeakMinute}|{x.Item2.Peak}|{x.Item2.Percentile99}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(sql, ours);
        Assert.True(report.System.Percentile99 > 0 && report.System.Peak > report.System.Percentile99);
    }

    private long Scalar(string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private List<string> Rows(string sql) => DuckDbOracle.Rows(db, sql);
}
