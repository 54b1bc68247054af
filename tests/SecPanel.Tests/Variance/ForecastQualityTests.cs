using NodaTime;
using SecPanel.Periods;
using SecPanel.Variance;
using Xunit;

namespace SecPanel.Tests;

/// <summary>Forecast quality on months whose answers are worked out by hand.</summary>
public sealed class ForecastQualityTests
{
    private static readonly VarianceRule Sr = new("sr-variance", 90, 110, NoForecastWithSentIsException: true);

    private static UserMonth Line(string user, int month, long sent, long? forecast) =>
        new(user, ReportingPeriod.Containing(Cadence.Monthly, new LocalDate(2026, month, 1)), new VarianceFigure(sent, forecast));

    [Fact]
    public void BiasErrorToleranceAndTrend_AreThoseWorkedOutByHand_AndTheWorstForecasterComesFirst()
    {
        var quality = ForecastQuality.Of(Sr,
        [
            // 110%, 90%, 100%: no bias; errors 10, 10, 0; both ends of the band are exceptions; the error falls 5 points a month.
            Line("A", 1, 110, 100), Line("A", 2, 90, 100), Line("A", 3, 100, 100),
            // Twice its forecast: the worst.
            Line("C", 1, 200, 100),
            // Sent with no forecast: an exception, and no error to rank by: last.
            Line("B", 1, 5, null),
        ]);

        Assert.Equal(["C", "A", "B"], quality.Select(q => q.User));
        var a = quality[1];
        Assert.Equal((3, 3, 0m, 1, 2), (a.Months, a.Forecast, a.BiasPercent!.Value, a.InTolerance, a.OutOfTolerance));
        Assert.Equal(20m / 3, a.MeanErrorPercent);
        Assert.Equal(10m, a.MedianErrorPercent);
        Assert.Equal(-5m, a.TrendPerMonth);
        Assert.Equal([(110m, true), (90m, true), (100m, false)], a.Series.Select(s => (s.Percent!.Value, s.Exception)));
        Assert.Equal((100m, 100m, (decimal?)null), (quality[0].BiasPercent!.Value, quality[0].MeanErrorPercent!.Value, quality[0].TrendPerMonth));
        var b = quality[2];
        Assert.Equal((1, 0, (decimal?)null, (decimal?)null, 0, 1), (b.Months, b.Forecast, b.BiasPercent, b.MeanErrorPercent, b.InTolerance, b.OutOfTolerance));
    }

    [Fact]
    public void TheMedian_OfAnEvenCount_IsTheMeanOfTheMiddleTwo_AndTwoLinesForOneMonthAreRefused()
    {
        var even = Assert.Single(ForecastQuality.Of(Sr, [Line("A", 1, 101, 100), Line("A", 2, 104, 100), Line("A", 3, 120, 100), Line("A", 4, 150, 100)]));
        Assert.Equal(12m, even.MedianErrorPercent);
        Assert.Throws<ArgumentException>(() => ForecastQuality.Of(Sr, [Line("A", 1, 1, 1), Line("A", 1, 2, 2)]));
    }
}
