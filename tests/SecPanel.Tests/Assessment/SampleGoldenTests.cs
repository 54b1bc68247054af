using NodaTime;
using SecPanel.Assessment;
using SecPanel.Cases;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Tests.Assessment;

/// <summary>The bundled sample reproduces the DCC reporting table of the July 2018 Panel paper (section 2.1).</summary>
public class SampleGoldenTests
{
    private static readonly MeetingAssessment Assessment = AssessSample();

    private static MeetingAssessment AssessSample()
    {
        var loaded = CaseFolder.Load(Repo.Sample, "sample", Rules.Shipped);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Problems));
        var meeting = loaded.Value.FindMeeting("OPSG", new NodaTime.LocalDate(2018, 6, 26), out var error);
        Assert.True(meeting is not null, error);
        return new Assessor(Rules.Shipped).Assess(loaded.Value, meeting);
    }

    private static ReportAssessment Report(string obligation, string? period = null) =>
        Assessment.Reports.Single(r => r.Obligation.Key == obligation && (period is null || r.Period?.ToString() == period));

    [Fact]
    public void Pmr_April2018_DueSixthJune_OnTime_AllMeasuresAtOrAboveTarget()
    {
        var pmr = Report("pmr");
        Assert.Equal("2018-04", pmr.Period.ToString());
        Assert.Equal(new LocalDate(2018, 6, 6), pmr.DueDate);
        Assert.Equal(DeliveryStatus.OnTime, pmr.Status);
        Assert.Equal("On Time (SEC H13.4 – Monthly 25 working days following end of month)", pmr.DeliveryText);
        var content = Assert.IsType<PerformanceContent>(pmr.Content);
        Assert.False(content.HasFindings);
        Assert.StartsWith("Per SEC H13.1, all 10 measures with data (Code, CSPC, CSPN, CSPS, DSP) are at or above Target (2 without data).", pmr.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void SrVariance_AprilLate_MayOnTime_WithTheirDueDatesAndPercentages()
    {
        var april = Report("sr-variance", "2018-04");
        Assert.Equal(new LocalDate(2018, 5, 15), april.DueDate);
        Assert.Equal(DeliveryStatus.Late, april.Status);
        Assert.Equal(7, april.WorkingDaysLate);
        var aprilFigures = Assert.IsType<VarianceContent>(april.Content).Total;
        Assert.Equal((94715L, 10586714L), (aprilFigures.Figure.Sent, aprilFigures.Figure.Forecast!.Value));
        Assert.Equal(0.9m, Variance.Figures.RoundPercent(aprilFigures.Figure.PercentOfForecast!.Value));

        var may = Report("sr-variance", "2018-05");
        Assert.Equal(new LocalDate(2018, 6, 14), may.DueDate);
        Assert.Equal(DeliveryStatus.OnTime, may.Status);
        var mayFigures = Assert.IsType<VarianceContent>(may.Content).Total;
        Assert.Equal((208851L, 583151L), (mayFigures.Figure.Sent, mayFigures.Figure.Forecast!.Value));
        Assert.Equal(35.8m, Variance.Figures.RoundPercent(mayFigures.Figure.PercentOfForecast!.Value));
    }

    [Fact]
    public void CsrVariance_May2018_OnTime_157Point7Percent_AnException()
    {
        var csr = Report("csr-variance");
        Assert.Equal("2018-05", csr.Period.ToString());
        Assert.Equal(DeliveryStatus.OnTime, csr.Status);
        var total = Assert.IsType<VarianceContent>(csr.Content).Total;
        Assert.Equal(873383, total.Figure.Sent);
        Assert.Equal(553814, total.Figure.Forecast);
        Assert.Equal(319569, total.Figure.Variance);
        Assert.Equal(157.7m, Variance.Figures.RoundPercent(total.Figure.PercentOfForecast!.Value));
        Assert.Equal("at or above 110% of forecast", total.Exception);
        Assert.Contains("873,383 Certificate Signing Requests were sent versus a forecast of 553,814: a variance of 319,569, 157.7% of the forecast volume.", csr.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void RdpIncidents_May2018_14Resolved1Open_TimingNotSpecified()
    {
        var rdp = Report("rdp-incidents");
        Assert.Equal("2018-05", rdp.Period.ToString());
        Assert.Equal(DeliveryStatus.TimingNotSpecified, rdp.Status);
        Assert.Null(rdp.DueDate);
        var content = Assert.IsType<IncidentContent>(rdp.Content);
        Assert.Equal((14L, 1L), (content.Resolved, content.Open));
        Assert.Equal("14 incidents resolved in the period; 1 open.", rdp.Summary);
    }

    [Theory]
    [InlineData("comms-hub-returns")]
    [InlineData("network-enhancement")]
    [InlineData("quarterly-problem")]
    public void TheThreeReportsTheSeedMarksNotDue_AreNotDue(string obligation)
    {
        var report = Report(obligation);
        Assert.Equal(DeliveryStatus.NotDue, report.Status);
        Assert.True(report.DueDate > new LocalDate(2018, 6, 26));
        Assert.Equal("n/a", report.Summary);
    }

    [Fact]
    public void ReportsOutsideTheWindow_AreLeftOut()
    {
        // The sample also records the March PMR and April CSR reports, considered at the May meeting.
        Assert.DoesNotContain(Assessment.Reports, r => r.Period?.ToString() == "2018-03");
        Assert.Single(Assessment.Reports, r => r.Obligation.Key == "csr-variance");
        Assert.Equal(8, Assessment.Reports.Count);
    }

    [Fact]
    public void Json_MatchesTheGoldenFile()
    {
        // The golden file is reviewed in diffs; regenerate it with: secpanel assess samples/opsg-2018-06 --committee OPSG --format json
        var expected = File.ReadAllText(Repo.Path("tests", "golden", "opsg-2018-06.json"));
        Assert.Equal(expected, AssessmentJson.Write(Assessment));
    }

    [Fact]
    public void Markdown_MatchesTheGoldenFile()
    {
        var expected = File.ReadAllText(Repo.Path("tests", "golden", "opsg-2018-06.md"));
        Assert.Equal(expected, AssessmentText.Markdown(Assessment));
    }
}
