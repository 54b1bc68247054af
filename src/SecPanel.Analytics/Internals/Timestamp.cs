using System.Globalization;
using NodaTime;

namespace SecPanel.Analytics.Internals;

/// <summary>
/// The log timestamp <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (UTC, milliseconds), read from a span by hand
/// into milliseconds since 1970-01-01T00:00:00Z, without allocating.
/// </summary>
internal static class Timestamp
{
    /// <summary>The length of every timestamp: <c>2026-11-03T01:17:42.345Z</c>.</summary>
    public const int Length = 24;

    public const long MillisecondsPerMinute = 60_000;

    public const long MillisecondsPerDay = 86_400_000;

    /// <summary>Parses <paramref name="text"/>; false when it is not exactly the format or not a real instant.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long milliseconds)
    {
        milliseconds = 0;
        if (text.Length != Length || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':'
            || text[16] != ':' || text[19] != '.' || text[23] != 'Z')
        {
            return false;
        }

        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)
            || !Digits(text, 20, 3, out var millisecond))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        milliseconds = (DaysFromCivil(year, month, day) * MillisecondsPerDay) + (hour * 3_600_000L) + (minute * MillisecondsPerMinute) + (second * 1000L) + millisecond;
        return true;
    }

    /// <summary>Milliseconds since the epoch at the start of <paramref name="month"/>.</summary>
    public static long StartOf(YearMonth month) => DaysFromCivil(month.Year, month.Month, 1) * MillisecondsPerDay;

    /// <summary>The number of minutes in <paramref name="month"/>.</summary>
    public static int MinutesIn(YearMonth month) => DaysInMonth(month.Year, month.Month) * 1440;

    /// <summary>Writes <paramref name="milliseconds"/> in the log format.</summary>
    public static string Format(long milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The minute <paramref name="minuteOfMonth"/> of <paramref name="month"/>, as <c>2026-11-03T01:17Z</c>.</summary>
    public static string FormatMinute(YearMonth month, int minuteOfMonth) =>
        DateTimeOffset.FromUnixTimeMilliseconds(StartOf(month) + (minuteOfMonth * MillisecondsPerMinute)).UtcDateTime
            .ToString("yyyy'-'MM'-'dd'T'HH':'mm'Z'", CultureInfo.InvariantCulture);

    public static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    // Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
    private static long DaysFromCivil(int year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - (era * 400);
        var dayOfYear = ((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097) + dayOfEra - 719_468;
    }

    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if (digit is < 0 or > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
