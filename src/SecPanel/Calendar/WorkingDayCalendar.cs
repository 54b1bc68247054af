using System.Collections.Concurrent;
using NodaTime;

namespace SecPanel.Calendar;

/// <summary>
/// The SEC's Working Days for one region: every day that is not a Saturday, a Sunday or a bank
/// holiday. Bank holidays come from the <see cref="HolidayList"/> for the years it lists and from
/// the <see cref="StatutoryPattern"/> for the others. Immutable and safe to share.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly HolidayList list;
    private readonly ConcurrentDictionary<int, (IReadOnlyList<BankHoliday> Holidays, HashSet<LocalDate> Dates)> years = new();

    /// <summary>A calendar for <paramref name="region"/> over <paramref name="list"/>.</summary>
    public WorkingDayCalendar(HolidayList list, Region region)
    {
        this.list = list;
        Region = region;
    }

    /// <summary>The region whose bank holidays this calendar keeps.</summary>
    public Region Region { get; }

    /// <summary>The bank holidays of <paramref name="year"/>, in date order.</summary>
    public IReadOnlyList<BankHoliday> HolidaysIn(int year) => Year(year).Holidays;

    /// <summary>True when <paramref name="date"/> is a Working Day.</summary>
    public bool IsWorkingDay(LocalDate date) =>
        !StatutoryPattern.IsWeekend(date) && !Year(date.Year).Dates.Contains(date);

    /// <summary>
    /// The <paramref name="n"/>th Working Day after <paramref name="date"/>, not counting
    /// <paramref name="date"/> itself: "the 10th Working Day following the end of April" is
    /// <c>NthWorkingDayAfter(30 April, 10)</c>. <paramref name="n"/> is 1 or more.
    /// </summary>
    public LocalDate NthWorkingDayAfter(LocalDate date, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var day = date;
        for (var counted = 0; counted < n;)
        {
            day = day.PlusDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>The first Working Day on or after <paramref name="date"/>.</summary>
    public LocalDate WorkingDayOnOrAfter(LocalDate date) =>
        IsWorkingDay(date) ? date : NthWorkingDayAfter(date, 1);

    /// <summary>
    /// The number of Working Days after <paramref name="from"/> up to and including
    /// <paramref name="to"/>; negative when <paramref name="to"/> is before <paramref name="from"/>.
    /// For every working day <c>d</c> reached by <see cref="NthWorkingDayAfter"/>,
    /// <c>WorkingDaysBetween(date, NthWorkingDayAfter(date, n)) == n</c>.
    /// </summary>
    public int WorkingDaysBetween(LocalDate from, LocalDate to)
    {
        if (to < from)
        {
            return -WorkingDaysBetween(to, from);
        }

        var count = 0;
        for (var day = from.PlusDays(1); day <= to; day = day.PlusDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    private (IReadOnlyList<BankHoliday> Holidays, HashSet<LocalDate> Dates) Year(int year) =>
        years.GetOrAdd(year, y =>
        {
            var holidays = list.Listed(Region, y) ?? StatutoryPattern.Holidays(Region, y);
            return (holidays, holidays.Select(h => h.Date).ToHashSet());
        });
}
