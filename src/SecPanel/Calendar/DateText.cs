using System.Globalization;
using NodaTime;

namespace SecPanel.Calendar;

/// <summary>
/// Dates in the words of a Panel paper, one style throughout: "26th June 2018". Papers and the
/// assessment's sentences use it; files and machine output use ISO dates (2018-06-26).
/// </summary>
public static class DateText
{
    /// <summary>"26th June 2018", "1st July 2018", "13th July 2018".</summary>
    public static string Written(LocalDate date) =>
        string.Create(CultureInfo.InvariantCulture, $"{Ordinal(date.Day)} {date:MMMM uuuu}");

    /// <summary>"1st", "2nd", "3rd", "11th", "22nd".</summary>
    public static string Ordinal(int n) => n.ToString(CultureInfo.InvariantCulture) + OrdinalSuffix(n);

    /// <summary>"st", "nd", "rd" or "th", as English writes <paramref name="n"/> as an ordinal.</summary>
    public static string OrdinalSuffix(int n) => (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch
    {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    };
}
