using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using SecPanel.Calendar;

namespace SecPanel.Server.Pages;

/// <summary>A month of the deadline calendar: each day, its bank holiday, and the reports due on it (nothing in it is classified).</summary>
public sealed class CalendarModel : SecPanelPage
{
    /// <summary>The days of a week, Monday first.</summary>
    public static readonly IReadOnlyList<string> WeekDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>The month shown.</summary>
    public YearMonth Month { get; private set; }

    /// <summary>The month's weeks, Monday to Sunday; a day outside the month is null.</summary>
    public IReadOnlyList<LocalDate?[]> Weeks { get; private set; } = [];

    /// <summary>The month's bank holidays in England and Wales, by date.</summary>
    public IReadOnlyDictionary<LocalDate, string> Holidays { get; private set; } = new Dictionary<LocalDate, string>();

    /// <summary>The reports due in the month.</summary>
    public IReadOnlyList<(string Obligation, string Name, string Period, LocalDate Due)> Due { get; private set; } = [];

    /// <summary>What was wrong with the month asked for.</summary>
    public string? Problem { get; private set; }

    /// <summary>Shows <paramref name="month"/> (YYYY-MM; this month by default).</summary>
    public void OnGet(string? month)
    {
        var today = base.Today;
        Month = new YearMonth(today.Year, today.Month);
        if (!string.IsNullOrEmpty(month))
        {
            var parsed = YearMonthPattern.Iso.Parse(month);
            if (parsed.Success && parsed.Value.OnDayOfMonth(1) >= SupportedDates.First && parsed.Value.OnDayOfMonth(1) <= SupportedDates.Last)
            {
                Month = parsed.Value;
            }
            else
            {
                Problem = $"The month '{month}' is not a month from {Shown.Month(new YearMonth(SupportedDates.First.Year, SupportedDates.First.Month))} to {Shown.Month(new YearMonth(SupportedDates.Last.Year, SupportedDates.Last.Month))}; this is this month.";
            }
        }

        Title = $"Deadlines in {Shown.Month(Month)}";
        var first = Month.OnDayOfMonth(1);
        var last = Month.OnDayOfMonth(Month.Calendar.GetDaysInMonth(Month.Year, Month.Month));
        var (due, calendar) = HttpContext.RequestServices.GetRequiredService<DueDates>().Between(HttpContext, first, last);
        Due = due;
        Holidays = calendar.HolidaysIn(Month.Year).Where(h => h.Date.Month == Month.Month).ToDictionary(h => h.Date, h => h.Name);

        var weeks = new List<LocalDate?[]>();
        var week = new LocalDate?[7];
        for (var day = first; day <= last; day = day.PlusDays(1))
        {
            var column = (int)day.DayOfWeek - 1;
            week[column] = day;
            if (column == 6 || day == last)
            {
                weeks.Add(week);
                week = new LocalDate?[7];
            }
        }

        Weeks = weeks;
    }
}
