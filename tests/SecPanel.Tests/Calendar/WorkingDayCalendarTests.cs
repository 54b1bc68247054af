using NodaTime;
using SecPanel.Calendar;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Tests.Calendar;

public class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar EnglandAndWales = Rules.Shipped.CalendarFor(Region.EnglandAndWales);

    private static string Dates(IEnumerable<BankHoliday> holidays) => string.Join(" ", holidays.Select(h => h.Date.ToString("uuuu-MM-dd", null)));

    // Each row is a year as GOV.UK publishes it for England and Wales; the comment says why the year matters.
    [Theory]
    // An ordinary year: the seed's year.
    [InlineData(2018, "2018-01-01 2018-03-30 2018-04-02 2018-05-07 2018-05-28 2018-08-27 2018-12-25 2018-12-26")]
    // Royal wedding: an extra holiday by proclamation.
    [InlineData(2011, "2011-01-03 2011-04-22 2011-04-25 2011-04-29 2011-05-02 2011-05-30 2011-08-29 2011-12-26 2011-12-27")]
    // Diamond Jubilee: Spring holiday moved to 4 June and an extra one on 5 June.
    [InlineData(2012, "2012-01-02 2012-04-06 2012-04-09 2012-05-07 2012-06-04 2012-06-05 2012-08-27 2012-12-25 2012-12-26")]
    // VE Day 75: Early May holiday moved from Monday 4 May to Friday 8 May; Boxing Day on a Saturday.
    [InlineData(2020, "2020-01-01 2020-04-10 2020-04-13 2020-05-08 2020-05-25 2020-08-31 2020-12-25 2020-12-28")]
    // Christmas and Boxing Day both on a weekend: substitutes on the Monday and Tuesday.
    [InlineData(2021, "2021-01-01 2021-04-02 2021-04-05 2021-05-03 2021-05-31 2021-08-30 2021-12-27 2021-12-28")]
    // Platinum Jubilee (moved Spring holiday, extra day) and the State Funeral; Christmas on a Sunday.
    [InlineData(2022, "2022-01-03 2022-04-15 2022-04-18 2022-05-02 2022-06-02 2022-06-03 2022-08-29 2022-09-19 2022-12-26 2022-12-27")]
    // Coronation: an extra Monday a week after the Early May holiday.
    [InlineData(2023, "2023-01-02 2023-04-07 2023-04-10 2023-05-01 2023-05-08 2023-05-29 2023-08-28 2023-12-25 2023-12-26")]
    // New Year's Day on a Saturday: substitute Monday 3 January.
    [InlineData(2011 + 16, "2027-01-01 2027-03-26 2027-03-29 2027-05-03 2027-05-31 2027-08-30 2027-12-27 2027-12-28")]
    public void HolidaysIn_EnglandAndWales_MatchesPublishedList(int year, string expected) =>
        Assert.Equal(expected, Dates(EnglandAndWales.HolidaysIn(year)));

    [Fact]
    public void HolidaysIn_Scotland_HasSecondJanuaryStAndrewsAndEarlyAugustButNoEasterMonday()
    {
        var scotland = Rules.Shipped.CalendarFor(Region.Scotland);
        // 2022: 1 and 2 January on a weekend, so the substitutes are Monday 3 and Tuesday 4 January.
        Assert.Equal(
            "2022-01-03 2022-01-04 2022-04-15 2022-05-02 2022-06-02 2022-06-03 2022-08-01 2022-09-19 2022-11-30 2022-12-26 2022-12-27",
            Dates(scotland.HolidaysIn(2022)));
        Assert.True(scotland.IsWorkingDay(new LocalDate(2018, 4, 2)));
        Assert.False(EnglandAndWales.IsWorkingDay(new LocalDate(2018, 4, 2)));
    }

    [Fact]
    public void HolidaysIn_NorthernIreland_AddsStPatricksAndTheBoyneWithSubstitutes()
    {
        var ni = Rules.Shipped.CalendarFor(Region.NorthernIreland);
        var holidays = ni.HolidaysIn(2021);
        // 17 March 2021 was a Wednesday; 12 July 2021 a Monday.
        Assert.Contains(holidays, h => h.Date == new LocalDate(2021, 3, 17) && h.Name == "St Patrick's Day");
        Assert.Contains(holidays, h => h.Date == new LocalDate(2021, 7, 12));
        // 12 July 2026 is a Sunday: the substitute is Monday 13 July.
        Assert.Contains(ni.HolidaysIn(2026), h => h.Date == new LocalDate(2026, 7, 13) && h.Name.Contains("substitute", StringComparison.Ordinal));
    }

    [Fact]
    public void HolidayFile_AgreesWithStatutoryPattern_ExceptForTheProclamationYears()
    {
        int[] proclamationYears = [2011, 2012, 2020, 2022, 2023];
        foreach (var region in Regions.All)
        {
            Assert.Equal(Enumerable.Range(2010, 21), Rules.Shipped.Holidays.ListedYears(region));
            foreach (var year in Enumerable.Range(2010, 21))
            {
                var listed = Dates(Rules.Shipped.Holidays.Listed(region, year)!);
                var pattern = Dates(StatutoryPattern.Holidays(region, year));
                if (proclamationYears.Contains(year))
                {
                    Assert.NotEqual(pattern, listed);
                }
                else
                {
                    Assert.Equal(pattern, listed);
                }
            }
        }
    }

    [Fact]
    public void HolidaysIn_YearBeyondTheList_FollowsTheStatutoryPattern()
    {
        // 2031: Easter Sunday 13 April; Christmas on a Thursday.
        Assert.Equal(
            "2031-01-01 2031-04-11 2031-04-14 2031-05-05 2031-05-26 2031-08-25 2031-12-25 2031-12-26",
            Dates(EnglandAndWales.HolidaysIn(2031)));
    }

    [Theory]
    [InlineData(2018, 4, 1)]
    [InlineData(2019, 4, 21)]
    [InlineData(2024, 3, 31)]
    [InlineData(2038, 4, 25)] // the latest possible date
    [InlineData(2285, 3, 22)] // the earliest possible date
    public void EasterSunday_MatchesTheChurchTables(int year, int month, int day) =>
        Assert.Equal(new LocalDate(year, month, day), StatutoryPattern.EasterSunday(year));

    [Fact]
    public void NthWorkingDayAfter_PmrApril2018_SkipsBothMayHolidays() =>
        // domain.md: 25 Working Days after 30 April 2018 is 6 June 2018.
        Assert.Equal(new LocalDate(2018, 6, 6), EnglandAndWales.NthWorkingDayAfter(new LocalDate(2018, 4, 30), 25));

    [Fact]
    public void NthWorkingDayAfter_TenthWorkingDayOfApril2018_SkipsEasterMonday() =>
        // 2 April 2018 was Easter Monday, so the 10th Working Day is 16 April, not 13 April.
        Assert.Equal(new LocalDate(2018, 4, 16), EnglandAndWales.NthWorkingDayAfter(new LocalDate(2018, 3, 31), 10));

    [Fact]
    public void NthWorkingDayAfter_ThroughTheJubilee_SkipsBothJuneHolidays() =>
        // 31 May 2012 (Thu), 1 June (Fri), then 4 and 5 June are holidays: the 2nd Working Day is 6 June.
        Assert.Equal(new LocalDate(2012, 6, 6), EnglandAndWales.NthWorkingDayAfter(new LocalDate(2012, 5, 31), 2));

    [Fact]
    public void NthWorkingDayAfter_ZeroDays_IsAProgrammingError() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EnglandAndWales.NthWorkingDayAfter(new LocalDate(2018, 1, 1), 0));

    [Theory]
    [InlineData("2018-05-15", "2018-05-24", 7)] // SR April 2018: Wednesday 16 to Thursday 24 May.
    [InlineData("2018-05-25", "2018-05-29", 1)] // over the Spring bank holiday weekend
    [InlineData("2018-05-15", "2018-05-15", 0)]
    [InlineData("2018-05-24", "2018-05-15", -7)] // reversed
    [InlineData("2018-05-25", "2018-05-28", 0)] // Saturday to the bank holiday Monday: no Working Day
    public void WorkingDaysBetween_CountsWorkingDaysAfterTheFirstUpToTheSecond(string from, string to, int expected) =>
        Assert.Equal(expected, EnglandAndWales.WorkingDaysBetween(Parse(from), Parse(to)));

    [Fact]
    public void IsWorkingDay_WeekendsAndHolidaysAreNot()
    {
        Assert.True(EnglandAndWales.IsWorkingDay(new LocalDate(2018, 6, 26)));
        Assert.False(EnglandAndWales.IsWorkingDay(new LocalDate(2018, 6, 23)));
        Assert.False(EnglandAndWales.IsWorkingDay(new LocalDate(2018, 6, 24)));
        Assert.False(EnglandAndWales.IsWorkingDay(new LocalDate(2022, 9, 19)));
    }

    [Fact]
    public void HolidayList_AUserAddsAProclamation_TheCalendarFollowsIt()
    {
        var file = "region,date,name,source\nengland-and-wales,2018-06-26,Imagined holiday,proclamation: test\n";
        var list = HolidayList.Parse(file, "h.csv");
        Assert.True(list.Succeeded);
        var calendar = new WorkingDayCalendar(list.Value, Region.EnglandAndWales);
        Assert.False(calendar.IsWorkingDay(new LocalDate(2018, 6, 26)));
        // A listed year is taken whole from the file: 2018's other holidays are gone from it.
        Assert.True(calendar.IsWorkingDay(new LocalDate(2018, 5, 7)));
        // Other regions and years keep the pattern.
        Assert.False(new WorkingDayCalendar(list.Value, Region.Scotland).IsWorkingDay(new LocalDate(2018, 5, 7)));
        Assert.False(calendar.IsWorkingDay(new LocalDate(2019, 5, 6)));
    }

    [Fact]
    public void HolidayList_ShippedFileLessOneLine_MakesThatDayAWorkingDay()
    {
        var lines = File.ReadAllLines(Repo.Path("data", "calendar", "bank-holidays.csv"))
            .Where(l => !l.StartsWith("england-and-wales,2022-09-19", StringComparison.Ordinal));
        var list = HolidayList.Parse(string.Join("\n", lines), "h.csv").Value;
        Assert.True(new WorkingDayCalendar(list, Region.EnglandAndWales).IsWorkingDay(new LocalDate(2022, 9, 19)));
    }

    private static LocalDate Parse(string text) => NodaTime.Text.LocalDatePattern.Iso.Parse(text).Value;
}
