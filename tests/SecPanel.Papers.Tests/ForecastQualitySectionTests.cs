using SecPanel.Papers.Composing;
using SecPanel.Papers.Rendering;
using SecPanel.Periods;
using SecPanel.Records;
using SecPanel.Variance;
using Xunit;

namespace SecPanel.Papers.Tests;

/// <summary>
/// The optional forecast quality part: the counts in the body at every level, the worst ten Users
/// by name only where the level allows it (Green), else in the Green appendix and nowhere in the body.
/// </summary>
public sealed class ForecastQualitySectionTests
{
    private static readonly string[] Names = [.. Enumerable.Range(1, 12).Select(i => $"Supplier {i:00} Ltd")];

    /// <summary>Twelve Users over six months: User i sends 100 + 5i% of its forecast (so ten of them at or above 110%), the twelfth forecasting nothing.</summary>
    private static ForecastQualityPart Part()
    {
        var sr = Workspace.Rules.Catalogue.Find("sr-variance")!;
        var rule = Workspace.Rules.VarianceRules["sr-variance"];
        var months = Enumerable.Range(0, 6).Select(i => ReportingPeriod.Containing(Cadence.Monthly, new NodaTime.LocalDate(2018, 1, 1).PlusMonths(i))).ToList();
        var lines = months.SelectMany(m => Names.Select((u, i) => new UserMonth(u, m, new VarianceFigure(1_000 + (50 * i), i == 11 ? null : 1_000)))).ToList();
        return new ForecastQualityPart(sr, rule, months, ForecastQuality.Of(rule, lines));
    }

    private static Paper Compose(Tlp level, params ForecastQualityPart[] parts) =>
        new PaperComposer(Workspace.Rules, Workspace.Sample()).Compose(Workspace.July2018 with { Level = level, ForecastQuality = parts }).Value;

    [Fact]
    public void AWhitePaper_GivesTheCounts_AndTheRankingOnlyInTheGreenAppendix()
    {
        var paper = Compose(Tlp.White, Part());

        var body = MarkdownWriter.Write(paper.Body);
        Assert.Contains("#### Forecast quality", body, StringComparison.Ordinal);
        Assert.Contains("Service Request (SR) Variance Report: over the six months from January 2018 to June 2018, 12 Users forecast their Service Requests. "
            + "Ten were out of tolerance (at or below 90% or at or above 110% of forecast is an exception) in at least half their months; "
            + "eight sent over 10% more than they forecast on average, and none over 10% less.", body, StringComparison.Ordinal);
        Assert.All(Workspace.Renderings(paper.Body), text => Assert.All(Names, name => Assert.DoesNotContain(name, text, StringComparison.Ordinal)));

        var green = Assert.Single(paper.Appendices, a => a.Level == Tlp.Green);
        var table = Assert.Single(green.Blocks.OfType<Table>(), t => t.Header.Contains("Bias"));
        Assert.Equal(10, table.Rows.Count);
        // Worst first by mean error: the furthest over first; the User with no forecast, which has no error to rank by, after the ten.
        Assert.Equal(["1", "Supplier 11 Ltd", "6", "+50.0%", "50.0%", "50.0%", "0 / 6", "0.0 pp a month"], table.Rows[0]);
        Assert.Equal(["10", "Supplier 02 Ltd"], table.Rows[9].Take(2));
    }

    [Fact]
    public void AGreenPaper_RanksTheUsersInItsBody()
    {
        var paper = Compose(Tlp.Green, Part());
        var table = Assert.Single(paper.Body.Blocks.OfType<Table>(), t => t.Header.Contains("Bias"));
        Assert.Equal("Supplier 11 Ltd", table.Rows[0][1]);
        Assert.DoesNotContain(paper.Appendices, a => a.Blocks.OfType<Table>().Any(t => t.Header.Contains("Bias")));
    }

    [Fact]
    public void WithoutUserFigures_SaysSo_AndAddsNoAppendix()
    {
        var part = Part() with { Months = [], Quality = [] };
        var paper = Compose(Tlp.White, part);
        Assert.Contains("Service Request (SR) Variance Report: no User figures are stored for the months to the paper.", MarkdownWriter.Write(paper.Body), StringComparison.Ordinal);
        Assert.Equal(Compose(Tlp.White).Appendices.Select(a => a.Level), paper.Appendices.Select(a => a.Level));
    }

    [Fact]
    public void NotAsked_ThePaperIsAsBefore()
    {
        Assert.Equal(MarkdownWriter.Write(Workspace.SamplePaper().Body), MarkdownWriter.Write(Compose(Tlp.White).Body));
        Assert.DoesNotContain("Forecast quality", MarkdownWriter.Write(Compose(Tlp.White).Body), StringComparison.Ordinal);
    }
}
