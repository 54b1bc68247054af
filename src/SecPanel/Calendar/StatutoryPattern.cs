using NodaTime;

namespace SecPanel.Calendar;

/// <summary>
/// The regular bank holidays of a region as the Banking and Financial Dealings Act 1971 and the
/// annual Royal Proclamations lay them down year after year, with substitute days for holidays
/// that fall on a weekend. One-off changes by proclamation (extra holidays, moved holidays) are
/// not a pattern: they come from the holiday list (see <see cref="HolidayList"/>).
/// </summary>
public static class StatutoryPattern
{
    /// <summary>The regular holidays of <paramref name="region"/> in <paramref name="year"/>, in date order.</summary>
    public static IReadOnlyList<BankHoliday> Holidays(Region region, int year)
    {
        var easter = EasterSunday(year);
        var moveable = new List<BankHoliday>
        {
            new(easter.PlusDays(-2), "Good Friday"),
            new(FirstMonday(year, 5), "Early May bank holiday"),
            new(LastMonday(year, 5), "Spring bank holiday"),
            region == Region.Scotland
                ? new(FirstMonday(year, 8), "Summer bank holiday")
                : new(LastMonday(year, 8), "Summer bank holiday"),
        };
        if (region != Region.Scotland)
        {
            moveable.Add(new(easter.PlusDays(1), "Easter Monday"));
        }

        // Fixed-date holidays, in date order: a weekend one takes the next weekday left free.
        var fixedDates = new List<(LocalDate Date, string Name)> { (new LocalDate(year, 1, 1), "New Year's Day") };
        if (region == Region.Scotland)
        {
            fixedDates.Add((new LocalDate(year, 1, 2), "2nd January"));
        }

        if (region == Region.NorthernIreland)
        {
            fixedDates.Add((new LocalDate(year, 3, 17), "St Patrick's Day"));
            fixedDates.Add((new LocalDate(year, 7, 12), "Battle of the Boyne (Orangemen's Day)"));
        }

        if (region == Region.Scotland)
        {
            fixedDates.Add((new LocalDate(year, 11, 30), "St Andrew's Day"));
        }

        fixedDates.Add((new LocalDate(year, 12, 25), "Christmas Day"));
        fixedDates.Add((new LocalDate(year, 12, 26), "Boxing Day"));

        var taken = moveable.Select(h => h.Date).ToHashSet();
        var result = new List<BankHoliday>(moveable);
        foreach (var (date, name) in fixedDates.Where(f => !IsWeekend(f.Date)))
        {
            taken.Add(date);
            result.Add(new BankHoliday(date, name));
        }

        foreach (var (date, name) in fixedDates.Where(f => IsWeekend(f.Date)))
        {
            var substitute = date;
            while (IsWeekend(substitute) || taken.Contains(substitute))
            {
                substitute = substitute.PlusDays(1);
            }

            taken.Add(substitute);
            result.Add(new BankHoliday(substitute, name + " (substitute day)"));
        }

        return [.. result.OrderBy(h => h.Date)];
    }

    /// <summary>
    /// Easter Sunday in the Gregorian calendar (the anonymous algorithm published by Meeus,
    /// after Jones and Butcher), valid for every Gregorian year.
    /// </summary>
    public static LocalDate EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new LocalDate(year, month, day);
    }

    internal static bool IsWeekend(LocalDate date) =>
        date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday;

    private static LocalDate FirstMonday(int year, int month)
    {
        var first = new LocalDate(year, month, 1);
        return first.DayOfWeek == IsoDayOfWeek.Monday ? first : first.Next(IsoDayOfWeek.Monday);
    }

    private static LocalDate LastMonday(int year, int month)
    {
        var last = new LocalDate(year, month, 1).PlusMonths(1).PlusDays(-1);
        return last.DayOfWeek == IsoDayOfWeek.Monday ? last : last.Previous(IsoDayOfWeek.Monday);
    }
}
