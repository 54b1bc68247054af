using NodaTime;

namespace SecPanel.Calendar;

/// <summary>
/// The dates SecPanel keeps: 1 January 1900 to 31 December 2199, both included. Every date and
/// period read from a file or the command line must lie in it, so that deadlines counted from them
/// (months of working days later) and every database can hold the result; a year 0 or 9999 is a
/// typing mistake, not a report.
/// </summary>
public static class SupportedDates
{
    /// <summary>The first date kept.</summary>
    public static readonly LocalDate First = new(1900, 1, 1);

    /// <summary>The last date kept.</summary>
    public static readonly LocalDate Last = new(2199, 12, 31);

    /// <summary>"SecPanel keeps dates from 1900 to 2199", for messages.</summary>
    public const string Range = "SecPanel keeps dates from 1900 to 2199";

    /// <summary>True when <paramref name="year"/> is from 1900 to 2199.</summary>
    public static bool Contains(int year) => year >= First.Year && year <= Last.Year;

    /// <summary>What is wrong with <paramref name="date"/> (written <paramref name="text"/>), or null when it is kept.</summary>
    public static string? Problem(LocalDate date, string text) =>
        Contains(date.Year) ? null : $"'{text}' is outside the dates kept: {Range}";
}
