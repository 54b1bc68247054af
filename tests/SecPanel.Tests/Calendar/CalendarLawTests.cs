using FsCheck.Xunit;
using NodaTime;
using SecPanel.Calendar;
using SecPanel.Obligations;
using SecPanel.Periods;

namespace SecPanel.Tests.Calendar;

/// <summary>
/// Laws of Working-Day arithmetic that hold for every date, count and region: FsCheck draws
/// dates from 2005 to about 2046 (across the listed years and the pattern years on both sides).
/// </summary>
public class CalendarLawTests
{
    private static readonly LocalDate Base = new(2005, 1, 1);

    private static WorkingDayCalendar Calendar(byte region) => Rules.Shipped.CalendarFor(Regions.All[region % Regions.All.Count]);

    private static LocalDate Day(ushort offset) => Base.PlusDays(offset % 15000);

    private static int Count(byte n) => (n % 80) + 1;

    [Property(MaxTest = 500)]
    public bool NthWorkingDayAfter_IsAlwaysAWorkingDay(ushort date, byte n, byte region) =>
        Calendar(region).IsWorkingDay(Calendar(region).NthWorkingDayAfter(Day(date), Count(n)));

    [Property(MaxTest = 500)]
    public bool WorkingDaysBetween_ADateAndItsNthSuccessor_IsN(ushort date, byte n, byte region)
    {
        var calendar = Calendar(region);
        return calendar.WorkingDaysBetween(Day(date), calendar.NthWorkingDayAfter(Day(date), Count(n))) == Count(n);
    }

    [Property(MaxTest = 500)]
    public bool NthWorkingDayAfter_IsStrictlyMonotonicInN(ushort date, byte n, byte m, byte region)
    {
        var (a, b) = (Count(n), Count(m));
        var calendar = Calendar(region);
        var (da, db) = (calendar.NthWorkingDayAfter(Day(date), a), calendar.NthWorkingDayAfter(Day(date), b));
        return a < b ? da < db : a > b ? da > db : da == db;
    }

    [Property(MaxTest = 500)]
    public bool NthWorkingDayAfter_IsMonotonicInTheStartDate(ushort first, byte gap, byte n, byte region)
    {
        var calendar = Calendar(region);
        var earlier = Day(first);
        var later = earlier.PlusDays(gap);
        return calendar.NthWorkingDayAfter(earlier, Count(n)) <= calendar.NthWorkingDayAfter(later, Count(n));
    }

    [Property(MaxTest = 300)]
    public bool WorkingDaysBetween_IsAdditiveAndAntisymmetric(ushort a, ushort b, ushort c, byte region)
    {
        var calendar = Calendar(region);
        var (x, y, z) = (Day(a), Day((ushort)(a + (b % 400))), Day((ushort)(a + (c % 400))));
        return calendar.WorkingDaysBetween(x, y) + calendar.WorkingDaysBetween(y, z) == calendar.WorkingDaysBetween(x, z)
            && calendar.WorkingDaysBetween(x, y) == -calendar.WorkingDaysBetween(y, x);
    }

    [Property(MaxTest = 300)]
    public bool DueDate_OfEveryWorkingDayObligation_IsAWorkingDayAfterThePeriod(ushort date, byte region)
    {
        var calendar = Calendar(region);
        foreach (var obligation in Rules.Shipped.Catalogue.All.Where(o => o.Deadline is WorkingDaysAfterPeriodEnd))
        {
            var period = ReportingPeriod.Containing(obligation.Cadence, Day(date));
            var due = obligation.Deadline.DueDate(period, calendar)!.Value;
            if (!calendar.IsWorkingDay(due) || due <= period.End)
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 300)]
    public bool DueDate_IsMonotonicAcrossSuccessivePeriods(ushort date, byte region)
    {
        var calendar = Calendar(region);
        return Rules.Shipped.Catalogue.All.Where(o => o.Deadline.SetsDueDate).All(o =>
        {
            var period = ReportingPeriod.Containing(o.Cadence, Day(date));
            return o.Deadline.DueDate(period, calendar) < o.Deadline.DueDate(period.Next(), calendar);
        });
    }
}
