using NodaTime;
using SecPanel.Periods;
using Xunit;

namespace SecPanel.Tests.Obligations;

public class ReportingPeriodTests
{
    [Theory]
    [InlineData("2018-04", Cadence.Monthly, "2018-04-01", "2018-04-30", "April 2018")]
    [InlineData("2020-02", Cadence.Monthly, "2020-02-01", "2020-02-29", "February 2020")] // leap year
    [InlineData("2018-Q2", Cadence.Quarterly, "2018-04-01", "2018-06-30", "Q2 2018")]
    [InlineData("2018-q4", Cadence.Quarterly, "2018-10-01", "2018-12-31", "Q4 2018")]
    [InlineData("2018-H2", Cadence.HalfYearly, "2018-07-01", "2018-12-31", "H2 2018")]
    [InlineData("2018", Cadence.Annual, "2018-01-01", "2018-12-31", "2018")]
    public void TryParse_GivesThePeriodsBounds(string text, Cadence cadence, string start, string end, string title)
    {
        Assert.True(ReportingPeriod.TryParse(text, cadence, out var period, out var error), error);
        Assert.Equal(start, period.Start.ToString("uuuu-MM-dd", null));
        Assert.Equal(end, period.End.ToString("uuuu-MM-dd", null));
        Assert.Equal(title, period.Title);
        Assert.Equal(text.ToUpperInvariant(), period.ToString());
    }

    [Theory]
    [InlineData("2018-04", Cadence.Quarterly, "is a month but the obligation is quarterly")]
    [InlineData("2018-Q2", Cadence.Monthly, "is a quarter but the obligation is monthly")]
    [InlineData("2018-13", Cadence.Monthly, "is not a real month")]
    [InlineData("2018-Q5", Cadence.Quarterly, "is not a real quarter")]
    [InlineData("2018-00", Cadence.Monthly, "is not a real month")]
    [InlineData("April 2018", Cadence.Monthly, "is not a period; write YYYY-MM")]
    [InlineData("18-04", Cadence.Monthly, "is not a period")]
    public void TryParse_Malformed_SaysWhatIsWrong(string text, Cadence cadence, string expected)
    {
        Assert.False(ReportingPeriod.TryParse(text, cadence, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_CrossesTheYearEnd()
    {
        Assert.Equal("2019-01", ReportingPeriod.Containing(Cadence.Monthly, new LocalDate(2018, 12, 5)).Next().ToString());
        Assert.Equal("2019-Q1", ReportingPeriod.Containing(Cadence.Quarterly, new LocalDate(2018, 11, 5)).Next().ToString());
    }
}
