using NodaTime;
using SecPanel.Calendar;
using SecPanel.Obligations;
using SecPanel.Periods;
using Xunit;

namespace SecPanel.Tests.Obligations;

public class DeadlineRuleTests
{
    private static readonly WorkingDayCalendar Calendar = Rules.Shipped.CalendarFor(Region.EnglandAndWales);

    private static ReportingPeriod Period(string text, Cadence cadence = Cadence.Monthly)
    {
        Assert.True(ReportingPeriod.TryParse(text, cadence, out var period, out var error), error);
        return period;
    }

    [Theory]
    [InlineData("25 working days after period end", "2018-04", "2018-06-06")] // the seed's PMR
    [InlineData("10th working day after period end", "2018-04", "2018-05-15")] // SR April 2018: Early May holiday skipped
    [InlineData("10th Working Day following the end of the period", "2018-05", "2018-06-14")] // capitals and long form
    [InlineData("10 working days following end of period", "2018-05", "2018-06-14")] // cardinal and ordinal mean the same day
    [InlineData("1st working day after period end", "2018-12", "2019-01-02")] // New Year's Day skipped
    [InlineData("30 calendar days after period end", "2018-04", "2018-05-30")] // calendar days ignore holidays
    public void DueDate_FollowsTheRule(string rule, string period, string expected)
    {
        Assert.True(DeadlineRule.TryParse(rule, out var parsed, out var error), error);
        Assert.Equal(expected, parsed.DueDate(Period(period), Calendar)!.Value.ToString("uuuu-MM-dd", null));
    }

    [Fact]
    public void DueDate_QuarterlyRule_CountsFromTheEndOfTheQuarter()
    {
        Assert.True(DeadlineRule.TryParse("20 working days after period end", out var rule, out _));
        // Q1 2018 ends 31 March; 2 April is Easter Monday; the 20th Working Day is 30 April.
        Assert.Equal(new LocalDate(2018, 4, 30), rule.DueDate(Period("2018-Q1", Cadence.Quarterly), Calendar));
    }

    [Fact]
    public void TimingNotSpecified_HasNoDueDate()
    {
        Assert.True(DeadlineRule.TryParse("Timing not specified", out var rule, out _));
        Assert.False(rule.SetsDueDate);
        Assert.Null(rule.DueDate(Period("2018-05"), Calendar));
        Assert.Equal("timing not specified", rule.Describe(Cadence.Monthly));
    }

    [Theory]
    [InlineData("25 working days after period end", Cadence.Monthly, "25 working days following end of month")]
    [InlineData("10th working day after period end", Cadence.Monthly, "10th working day following end of month")]
    [InlineData("1 working day after period end", Cadence.Quarterly, "1 working day following end of quarter")]
    [InlineData("22nd working day after period end", Cadence.HalfYearly, "22nd working day following end of half-year")]
    public void Describe_UsesThePapersWords(string rule, Cadence cadence, string expected)
    {
        Assert.True(DeadlineRule.TryParse(rule, out var parsed, out _));
        Assert.Equal(expected, parsed.Describe(cadence));
    }

    // Each row is a way a person could mistype a rule; all are refused, none guessed at.
    [Theory]
    [InlineData("")]
    [InlineData("0 working days after period end")] // no 0th day
    [InlineData("367 working days after period end")] // beyond a year
    [InlineData("11st working day after period end")] // wrong ordinal suffix
    [InlineData("10th working days after period end")] // ordinal with plural
    [InlineData("25 working day after period end")] // cardinal without plural
    [InlineData("1 working days after period end")] // one day, plural
    [InlineData("10 working days before period end")] // only after the period
    [InlineData("ten working days after period end")]
    [InlineData("-5 working days after period end")]
    [InlineData("monthly")]
    public void TryParse_Malformed_IsRefusedWithTheAcceptedForms(string rule)
    {
        Assert.False(DeadlineRule.TryParse(rule, out _, out var error));
        Assert.Contains("timing not specified", error, StringComparison.Ordinal);
    }
}
