using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace SecPanel.Server.Pages;

/// <summary>
/// How the pages write dates and times: one way throughout, "13 Jul 2018" (day, short month, year:
/// unambiguous to British and other readers alike), a month "Jul 2018", and a moment in London's
/// time "13 Jul 2018 14:05". The ISO form goes in each <c>time</c> element's datetime.
/// </summary>
public static class Shown
{
    /// <summary>The time zone the pages' moments and "today" are in.</summary>
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Create("d MMM yyyy", CultureInfo.InvariantCulture);

    private static readonly LocalDateTimePattern MomentPattern = LocalDateTimePattern.Create("d MMM yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A date: "13 Jul 2018".</summary>
    public static string Date(LocalDate date) => DatePattern.Format(date);

    /// <summary>A date given as YYYY-MM-DD, or the text itself when it is not one (a month, "TBC").</summary>
    public static string Date(string? iso) =>
        iso is null ? string.Empty
        : LocalDatePattern.Iso.Parse(iso) is { Success: true } date ? Date(date.Value)
        : YearMonthPattern.Iso.Parse(iso) is { Success: true } month ? Month(month.Value)
        : iso;

    /// <summary>A month: "Jul 2018".</summary>
    public static string Month(YearMonth month) => month.ToString("MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A moment, in London's time: "13 Jul 2018 14:05".</summary>
    public static string Moment(Instant at) => MomentPattern.Format(at.InZone(London).LocalDateTime);

    /// <summary>A reporting period as the store writes it ("2018-06", "2018-Q2", "2018-H1"), in the pages' form: "Jun 2018", "Q2 2018", "H1 2018".</summary>
    public static string Period(string period) =>
        period.Length == 7 && period[4] == '-' && period[5] is 'Q' or 'H' ? $"{period[5..]} {period[..4]}" : Date(period);
}
