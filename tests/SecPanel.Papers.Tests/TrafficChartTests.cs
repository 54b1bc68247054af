using NodaTime;
using SecPanel.Papers.Composing;
using SecPanel.Papers.Rendering;
using SecPanel.Records;
using SecPanel.Traffic;
using Xunit;

namespace SecPanel.Papers.Tests;

/// <summary>The chart under a traffic management item: where it stands, what it gives in words, and at what level.</summary>
public sealed class TrafficChartTests
{
    private static readonly LocalDate Opsg = new(2018, 6, 26);

    /// <summary>May 2018 observed, rising 1 a day from 100, with a storm on 10 May; then June forecast to 125% of the level; threshold 130 and capacity 150, raised to 160 from 15 June.</summary>
    private static TrafficOutlook Outlook(string item = "TM-SR")
    {
        var days = new List<OutlookDay>();
        for (var date = new LocalDate(2018, 5, 1); date <= new LocalDate(2018, 6, 30); date = date.PlusDays(1))
        {
            var n = Period.Between(new LocalDate(2018, 5, 1), date, PeriodUnits.Days).Days;
            var capacity = date >= new LocalDate(2018, 6, 15) ? 160 : 150;
            days.Add(date.Month == 5
                ? new OutlookDay(date, date.Day == 10 ? 400 : 100 + n, date.Day == 10, null, null, null, 130, capacity)
                : new OutlookDay(date, null, false, 100 + n, 90 + n, 110 + n + date.Day, 130, capacity));
        }

        return new TrafficOutlook("OPSG", Opsg, item, TrafficService.ServiceRequests, 80, days);
    }

    private static CommitteeItem Item(Tlp level) =>
        new("OPSG", Opsg, "TM-SR", ItemKind.Highlight, "Traffic management: Service Requests and the operating threshold", "TRAFFIC-TEXT", level, level == Tlp.White ? string.Empty : "A traffic management item.", string.Empty, null);

    private static Paper Compose(Tlp level, params TrafficOutlook[] outlooks) =>
        new PaperComposer(Workspace.Rules, ClassificationPropertyTests.Empty() with { Records = CommitteeRecords.Empty with { Items = [Item(level)] }, TrafficOutlooks = outlooks }).Compose(Workspace.July2018).Value;

    [Fact]
    public void TheChart_StandsUnderItsItem_WithItsFiguresAMonthARow_AndTheSameBytesEachTime()
    {
        var body = Compose(Tlp.White, Outlook()).Body;
        var blocks = body.Blocks.ToList();
        var text = blocks.FindIndex(b => b is Paragraph { Text: "TRAFFIC-TEXT" });
        var figure = Assert.IsType<Figure>(blocks[text + 1]);
        Assert.Equal("Service Requests: the busiest minute of each day, 1 May 2018 to 31 May 2018, and the forecast to 30 June 2018 with its 80% interval, against the operating threshold and capacity.", figure.Caption);
        Assert.Equal(["Month", "Busiest minute observed", "Storm days (not fitted)", "Forecast at the month's end", "Operating threshold", "Capacity"], figure.Header);
        Assert.Equal(
            [
                ["May 2018", "130 on 31 May", "1, highest 400 on 10 May", "–", "130", "150"],
                ["June 2018", "–", "–", "160 (150 to 200)", "130", "160"],
            ],
            figure.Data.Select(r => r.ToArray()));
        Assert.Equal(figure.Png, Assert.IsType<Figure>(Compose(Tlp.White, Outlook()).Body.Blocks.Single(b => b is Figure)).Png);
        Assert.Contains("| June 2018 | – | – | 160 (150 to 200) | 130 | 160 |", MarkdownWriter.Write(body), StringComparison.Ordinal);
    }

    [Fact]
    public void AnItemAboveThePapersLevel_TakesItsChartToItsAppendix_AndTheBodyHasNoneOfIt()
    {
        var paper = Compose(Tlp.Amber, Outlook());
        Assert.DoesNotContain(paper.Body.Blocks, b => b is Figure);
        Assert.All(Workspace.Renderings(paper.Body), r => Assert.DoesNotContain("busiest minute", r, StringComparison.Ordinal));
        var appendix = Assert.Single(paper.Appendices);
        Assert.Contains(appendix.Blocks, b => b is Figure f && f.Caption.StartsWith("Service Requests: the busiest minute", StringComparison.Ordinal));
    }

    [Fact]
    public void AnOutlookOfAnotherItem_IsNotDrawn()
    {
        Assert.DoesNotContain(Compose(Tlp.White, Outlook("TM-AL")).Body.Blocks, b => b is Figure);
    }
}
