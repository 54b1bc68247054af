using SecPanel.Variance;
using Xunit;

namespace SecPanel.Tests.Assessment;

public class VarianceRuleTests
{
    private static VarianceRule Sr => Rules.Shipped.VarianceRules["sr-variance"];

    private static VarianceRule Csr => Rules.Shipped.VarianceRules["csr-variance"];

    // Band edges, compared on the unrounded percentage; each row says why it matters.
    [Theory]
    [InlineData(90, 100, true)] // exactly 90%: the lower band is inclusive
    [InlineData(110, 100, true)] // exactly 110%: the upper band is inclusive
    [InlineData(8996, 10000, true)] // 89.96% prints as 90.0% but is below the band
    [InlineData(90001, 100000, false)] // 90.001% is inside
    [InlineData(109999, 100000, false)] // 109.999% prints as 110.0% but is inside
    [InlineData(100, 100, false)]
    [InlineData(0, 100, true)] // nothing sent against a forecast
    public void Sr_ExceptionAtOrBelow90_OrAtOrAbove110(long sent, long forecast, bool exception) =>
        Assert.Equal(exception, Sr.ExceptionReason(new VarianceFigure(sent, forecast)) is not null);

    [Theory]
    [InlineData(110, 100, true)]
    [InlineData(10999, 10000, false)]
    [InlineData(1, 100, false)] // CSR has no lower bound
    [InlineData(873383, 553814, true)] // the seed's May 2018 CSR report
    public void Csr_ExceptionAtOrAbove110Only(long sent, long forecast, bool exception) =>
        Assert.Equal(exception, Csr.ExceptionReason(new VarianceFigure(sent, forecast)) is not null);

    [Fact]
    public void Csr_NoForecast_IsAnExceptionOnlyWhenSomethingWasSent()
    {
        Assert.Null(Csr.ExceptionReason(new VarianceFigure(0, null)));
        Assert.Equal("no forecast, 1 sent", Csr.ExceptionReason(new VarianceFigure(1, null)));
        Assert.Equal("forecast of zero, 1 sent", Csr.ExceptionReason(new VarianceFigure(1, 0)));
        Assert.Null(Csr.ExceptionReason(new VarianceFigure(0, 0)));
    }

    [Fact]
    public void Figure_DerivedValues_AreExactFromTheIntegers()
    {
        var figure = new VarianceFigure(873383, 553814);
        Assert.Equal(319569, figure.Variance);
        Assert.Equal("157.7", Figures.Percent(figure.PercentOfForecast!.Value));
        Assert.True(figure.PercentOfForecast > 157.70m && figure.PercentOfForecast < 157.71m);
        Assert.Null(new VarianceFigure(5, null).Variance);
        Assert.Null(new VarianceFigure(5, 0).PercentOfForecast);
    }

    [Theory]
    [InlineData(89.95, "90.0")] // half away from zero, never truncated
    [InlineData(89.94999, "89.9")]
    [InlineData(157.70, "157.7")]
    [InlineData(0.89, "0.9")]
    public void Percent_RoundsToOneDecimalHalfAwayFromZero(decimal value, string expected) =>
        Assert.Equal(expected, Figures.Percent(value));
}
